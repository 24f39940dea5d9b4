#include "stft-frame.h"
#include "v2.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* JavaScript's Math.max of two numbers: NaN if either is, +0 over -0. */
static double js_max(double a, double b) {
  if (isnan(a) || isnan(b)) return NAN;
  if (a == b) return signbit(a) ? b : a;
  return a > b ? a : b;
}

static void *copy_of(const void *from, size_t bytes) {
  void *to = malloc(bytes ? bytes : 1);
  if (to && bytes) memcpy(to, from, bytes);
  return to;
}

StftFramePlan *stft_plan_new(const StftShape *shape, const double *half_table, const double *cos,
                             const double *sin, const double *window, const int *mel_starts,
                             const int *mel_offsets, const double *mel_weights, const int *band_starts,
                             const int *band_ends, const int *band_counts) {
  StftFramePlan *plan = calloc(1, sizeof *plan);
  if (!plan) return NULL;
  const size_t size = (size_t)shape->size, bins = size / 2 + 1, bands = (size_t)shape->bands;
  int max_count = 1;
  for (size_t b = 0; b < bands; b++)
    if (band_counts[b] > max_count) max_count = band_counts[b];
  plan->size = shape->size;
  plan->hop = shape->hop;
  plan->bins = (int)bins;
  plan->mels = shape->mels;
  plan->bands = shape->bands;
  plan->k_min = shape->k_min;
  plan->k_max = shape->k_max;
  plan->max_peaks = (shape->k_max - shape->k_min + 2) / 2;
  plan->tuning_threshold = shape->tuning_threshold;
  plan->rolloff_fraction = shape->rolloff_fraction;
  plan->bin_hz = shape->bin_hz;
  plan->sample_rate = shape->sample_rate;
  plan->amin = shape->amin;
  plan->col = shape->col;
  plan->hops = shape->size / shape->hop;
  plan->fft = real_plan_new(shape->size, half_table, cos, sin);
  plan->window = copy_of(window, sizeof(double) * size);
  plan->mel_starts = copy_of(mel_starts, sizeof(int) * (size_t)shape->mels);
  plan->mel_offsets = copy_of(mel_offsets, sizeof(int) * (size_t)(shape->mels + 1));
  plan->mel_weights = copy_of(mel_weights, sizeof(double) * (size_t)shape->weights);
  plan->band_starts = copy_of(band_starts, sizeof(int) * bands);
  plan->band_ends = copy_of(band_ends, sizeof(int) * bands);
  plan->band_counts = copy_of(band_counts, sizeof(int) * bands);
  plan->low = calloc((size_t)max_count, sizeof(double));
  plan->high = calloc((size_t)max_count, sizeof(double));
  plan->crossings = calloc((size_t)plan->hops, sizeof(int));
  plan->boundary = calloc((size_t)plan->hops, sizeof(int));
  plan->energy = calloc((size_t)plan->hops, sizeof(double));
  plan->windowed = malloc(sizeof(double) * size);
  plan->power = malloc(sizeof(double) * bins);
  plan->mag = malloc(sizeof(double) * bins);
  plan->prefix = malloc(sizeof(double) * bins);
  plan->gated = malloc(sizeof(double) * (size_t)(shape->k_max - shape->k_min + 3));
  if (!plan->fft || !plan->window || !plan->mel_starts || !plan->mel_offsets || !plan->mel_weights ||
      !plan->band_starts || !plan->band_ends || !plan->band_counts || !plan->low || !plan->high ||
      !plan->crossings || !plan->boundary || !plan->energy || !plan->windowed || !plan->power || !plan->mag || !plan->prefix ||
      !plan->gated) {
    stft_plan_free(plan);
    return NULL;
  }
  return plan;
}

void stft_plan_free(StftFramePlan *plan) {
  if (!plan) return;
  real_plan_free(plan->fft);
  free(plan->window);
  free(plan->mel_starts);
  free(plan->mel_offsets);
  free(plan->mel_weights);
  free(plan->band_starts);
  free(plan->band_ends);
  free(plan->band_counts);
  free(plan->low);
  free(plan->high);
  free(plan->crossings);
  free(plan->boundary);
  free(plan->energy);
  free(plan->windowed);
  free(plan->power);
  free(plan->mag);
  free(plan->prefix);
  free(plan->gated);
  free(plan);
}

/* hop-stats.ts measure(): sign changes and energy of one hop (two interleaved sums). */
static void measure_hop(StftFramePlan *plan, long hop, const float *at) {
  int crossings = 0;
  double e0 = 0, e1 = 0;
  int prev = at[0] < 0 ? 1 : 0;
  const int slot = (int)(hop % plan->hops);
  plan->boundary[slot] = hop > 0 ? prev ^ plan->last_negative : 0;
  for (int n = 0; n < plan->hop; n += 2) {
    const double x = at[n], y = at[n + 1];
    e0 += x * x;
    e1 += y * y;
    const int nx = x < 0 ? 1 : 0, ny = y < 0 ? 1 : 0;
    crossings += (nx ^ prev) + (ny ^ nx);
    prev = ny;
  }
  plan->crossings[slot] = crossings;
  plan->energy[slot] = e0 + e1;
  plan->last_negative = prev;
}

/* hop-stats.ts frame(). */
static void hop_stats(StftFramePlan *plan, const float *samples, float *row) {
  const long frame = plan->frame, hops = plan->hops;
  for (long hop = plan->next_hop; hop < frame + hops; hop++)
    measure_hop(plan, hop, samples + (hop - frame) * plan->hop);
  plan->next_hop = frame + hops;
  const int first = (int)(frame % hops);
  int crossings = plan->crossings[first];
  double energy = plan->energy[first];
  for (long i = 1; i < hops; i++) {
    const int slot = (int)((frame + i) % hops);
    crossings += plan->crossings[slot] + plan->boundary[slot];
    energy += plan->energy[slot];
  }
  row[plan->col.zcr] = (float)((double)crossings / plan->size);
  row[plan->col.rms] = (float)sqrt(energy / plan->size);
}

/* The magnitudes, and the sums over them that spectral-shape.ts and tuning.ts take,
 * each in the TypeScript's order. The sums are chains of additions, each waiting on the
 * last; the square roots do not wait on them, so they share the loop (two at a time) and
 * the CPU takes them while the chains wait, instead of in a loop of their own before. */
typedef struct {
  double sum, first, second, max;
} MagSums;

static inline void add_bin(MagSums *s, double *RESTRICT prefix, double m, int k) {
  const double mk = m * k;
  s->sum += m;
  prefix[k] = s->sum;
  s->first += mk;
  s->second += mk * k;
  if (m > s->max) s->max = m;
}

static MagSums magnitudes(StftFramePlan *plan) {
  const double *RESTRICT power = plan->power;
  double *RESTRICT mag = plan->mag, *RESTRICT prefix = plan->prefix;
  MagSums s = {0, 0, 0, 0};
  int k = 0;
#if V2_AVAILABLE
  for (; k + 1 < plan->bins; k += 2) {
    const v2 m = v2_sqrt(v2_load(power + k));
    v2_store(mag + k, m);
    add_bin(&s, prefix, v2_low(m), k);
    add_bin(&s, prefix, v2_low(v2_swap(m)), k + 1);
  }
#endif
  for (; k < plan->bins; k++) {
    mag[k] = sqrt(power[k]);
    add_bin(&s, prefix, mag[k], k);
  }
  return s;
}

/* spectral-shape.ts writeSpectralShape(), from the sums. Its roll-off scan adds the
 * magnitudes from bin 0 in the same order as the sum, so its running total at bin k is
 * prefix[k]; those never decrease (magnitudes are not negative, and a NaN would have
 * made the sum NaN and ended here), so the first bin to reach the threshold is found
 * by bisection. */
static void spectral_shape(const StftFramePlan *plan, const MagSums *s, float *row) {
  const double sum = s->sum, first = s->first, second = s->second;
  if (!(sum > 0)) {
    row[plan->col.centroid] = 0;
    row[plan->col.bandwidth] = 0;
    row[plan->col.rolloff] = 0;
    return;
  }
  const double centroid_bins = first / sum;
  const double spread_bins = js_max(0, second - centroid_bins * first) / sum;
  const double threshold = plan->rolloff_fraction * sum;
  const double *prefix = plan->prefix;
  int rolloff_bin = 0;
  if (prefix[plan->bins - 1] >= threshold) {
    int lo = 0, hi = plan->bins - 1; /* prefix[hi] reaches the threshold */
    while (lo < hi) {
      const int mid = lo + (hi - lo) / 2;
      if (prefix[mid] >= threshold) hi = mid;
      else lo = mid + 1;
    }
    rolloff_bin = lo;
  }
  row[plan->col.centroid] = (float)(centroid_bins * plan->bin_hz);
  row[plan->col.bandwidth] = (float)(sqrt(spread_bins) * plan->bin_hz);
  row[plan->col.rolloff] = (float)(rolloff_bin * plan->bin_hz);
}

static void insert_ascending(double *xs, int at, double v) {
  int j = at;
  while (j > 0 && xs[j - 1] > v) {
    xs[j] = xs[j - 1];
    j--;
  }
  xs[j] = v;
}

static void insert_descending(double *xs, int at, double v) {
  int j = at;
  while (j > 0 && xs[j - 1] < v) {
    xs[j] = xs[j - 1];
    j--;
  }
  xs[j] = v;
}

/* insert_ascending(xs, k - 1, v) when v < xs[k - 1], xs ascending and nothing is NaN,
 * without its loop's unpredictable exit: each slot takes what the loop leaves there, the
 * slot below's value if that is above v (shifted up), else v if its own is above v (where
 * v lands), else its own. Both choices are the loop's own comparisons, as min and max
 * (v < x ? v : x, y > m ? y : m), so ties and zeros land as the loop puts them. */
static inline void push_ascending(double *xs, int k, double v) {
  for (int j = k - 1; j > 0; j--) {
    const double m = v < xs[j] ? v : xs[j];
    xs[j] = xs[j - 1] > m ? xs[j - 1] : m;
  }
  xs[0] = v < xs[0] ? v : xs[0];
}

/* The mirror of push_ascending: insert_descending(xs, k - 1, v) when v > xs[k - 1]. */
static inline void push_descending(double *xs, int k, double v) {
  for (int j = k - 1; j > 0; j--) {
    const double m = v > xs[j] ? v : xs[j];
    xs[j] = xs[j - 1] < m ? xs[j - 1] : m;
  }
  xs[0] = v > xs[0] ? v : xs[0];
}

/* spectral-contrast.ts SpectralContrast.writeInto(): the same scans in the same order.
 * `has_nan`: some magnitude is NaN; the lists are then not sorted, and only the
 * loops of insert_ascending and insert_descending place a value as the TypeScript does. */
static void contrast(StftFramePlan *plan, const double *RESTRICT mag, int has_nan, float *row) {
  double *low = plan->low, *high = plan->high;
  for (int b = 0; b < plan->bands; b++) {
    const int start = plan->band_starts[b], end = plan->band_ends[b];
    const int k = plan->band_counts[b] < end - start ? plan->band_counts[b] : end - start;
    for (int i = 0; i < k; i++) {
      insert_ascending(low, i, mag[end - 1 - i]);
      insert_descending(high, i, mag[start + i]);
    }
    if (k > 0) {
      for (int i = end - 1 - k; i >= start; i--)
        if (mag[i] < low[k - 1]) {
          if (has_nan) insert_ascending(low, k - 1, mag[i]);
          else push_ascending(low, k, mag[i]);
        }
      for (int i = start + k; i < end; i++)
        if (mag[i] > high[k - 1]) {
          if (has_nan) insert_descending(high, k - 1, mag[i]);
          else push_descending(high, k, mag[i]);
        }
    }
    double low_sum = 0, high_sum = 0;
    for (int i = 0; i < k; i++) {
      low_sum += low[i];
      high_sum += high[i];
    }
    row[plan->col.contrast_peak + b] = (float)(k > 0 ? high_sum / k : 0);
    row[plan->col.contrast_valley + b] = (float)(k > 0 ? low_sum / k : 0);
  }
}

/* mel-frame.ts push() up to its log10: each band's power, rounded to float32 as librosa does. */
static void mel_powers(const StftFramePlan *plan, const double *RESTRICT power, double *RESTRICT out) {
  for (int m = 0; m < plan->mels; m++) {
    const int end = plan->mel_offsets[m + 1];
    double acc = 0;
    for (int i = plan->mel_offsets[m], k = plan->mel_starts[m]; i < end; i++, k++)
      acc += plan->mel_weights[i] * power[k];
    out[m] = js_max(plan->amin, (double)(float)acc);
  }
}

/* tuning.ts TuningEstimator.push(): gated local maxima, each placed by a parabola. */
static int tuning_peaks(const StftFramePlan *plan, const double *RESTRICT mag, double max, double *RESTRICT peaks) {
  const double ref = plan->tuning_threshold * max;
  double *gated = plan->gated;
  for (int k = plan->k_min - 1, i = 0; k <= plan->k_max + 1; k++, i++) gated[i] = mag[k] > ref ? mag[k] : 0;
  int count = 0;
  /* The bound cuts off no peak (see max_peaks); it only guards memory. */
  for (int k = plan->k_min; k <= plan->k_max && count < plan->max_peaks; k++) {
    const int i = k - plan->k_min + 1;
    const double v = gated[i];
    if (!(v > gated[i - 1] && v >= gated[i + 1])) continue;
    const double a = mag[k + 1] + mag[k - 1] - 2 * mag[k];
    const double slope = (mag[k + 1] - mag[k - 1]) / 2;
    const double shift = fabs(slope) >= fabs(a) ? 0 : -slope / a;
    peaks[2 * count] = ((k + shift) * plan->sample_rate) / plan->size;
    peaks[2 * count + 1] = mag[k] + 0.5 * slope * shift;
    count++;
  }
  return count;
}

int stft_frame(StftFramePlan *plan, const float *samples, float *row, double *mel_power, double *peaks) {
  hop_stats(plan, samples, row);
  plan->frame++;
  double *RESTRICT windowed = plan->windowed;
  for (int n = 0; n < plan->size; n++) windowed[n] = samples[n] * plan->window[n];
  real_power(plan->fft, windowed, plan->power);
  const MagSums sums = magnitudes(plan);
  spectral_shape(plan, &sums, row);
  /* A NaN magnitude makes their sum NaN; nothing else can (magnitudes are not negative). */
  contrast(plan, plan->mag, isnan(sums.sum), row);
  mel_powers(plan, plan->power, mel_power);
  return tuning_peaks(plan, plan->mag, sums.max, peaks);
}
