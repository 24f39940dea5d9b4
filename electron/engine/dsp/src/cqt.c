#include "cqt.h"

#include "v2.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* `when` ? a : b through bit masks, which compilers keep free of branches. */
static inline double pick(int when, double a, double b) {
  uint64_t ua, ub;
  memcpy(&ua, &a, sizeof ua);
  memcpy(&ub, &b, sizeof ub);
  const uint64_t mask = (uint64_t)0 - (uint64_t)(when != 0);
  const uint64_t r = (ua & mask) | (ub & ~mask);
  double out;
  memcpy(&out, &r, sizeof out);
  return out;
}

/* hypot2's |a| and |b|, the larger in *x, chosen as hypot.ts swaps them (only when
 * y > x, so a NaN or a tie keeps the order) but by masks instead of a branch: which one
 * is larger is a coin toss, and each mispredicted branch stalled the division and square
 * root behind it. 0 where hypot2 takes a special case (an infinity, zeros, or a NaN in
 * the larger place), 1 where it computes sqrt(1 + r^2) x. */
static inline int hypot_order(double a, double b, double *x, double *y) {
  const double ax = fabs(a), ay = fabs(b);
  const int swap = ay > ax;
  *x = pick(swap, ay, ax);
  *y = pick(swap, ax, ay);
  return !(ax == INFINITY || ay == INFINITY) && *x > 0;
}

/* analysis/hypot.ts: V8's Math.hypot for two values (scale by the larger). */
static double hypot2(double a, double b) {
  double x, y;
  if (hypot_order(a, b, &x, &y)) {
    const double r = y / x;
    return sqrt(1 + r * r) * x;
  }
  if (fabs(a) == INFINITY || fabs(b) == INFINITY) return INFINITY;
  return x == 0 && y == 0 ? 0 : NAN;
}

/* JavaScript's Math.max of two values: NaN wins, +0 over -0. */
static double js_max(double a, double b) {
  if (isnan(a) || isnan(b)) return NAN;
  if (a == b) return signbit(a) ? b : a;
  return a > b ? a : b;
}

/* Outputs per pass of cqt_halve: its two planes of converted samples stay on the stack (16 kB). */
#define HALVE_CHUNK 1024

void cqt_halve(const double *taps, const float *in, int64_t at, int count, float *out) {
  /* The samples around output m's centre b[2m] (b = in + at), converted to double once
   * (exactly) into two planes: e[j] = b[2j - 23] and o[j] = b[2j - 22], so that the
   * centre is o[m + 11] and the pair at distance 2k + 1 is e[m + 11 - k] + e[m + 12 + k].
   * Every output then reads its planes in order, and the compiler may compute
   * neighbouring outputs side by side: each one still takes the same terms in the same
   * order as cqt-halving.ts (each pair summed in double, as JavaScript reads 32-bit
   * floats), then rounds to a 32-bit float once. */
  double e[HALVE_CHUNK + 23], o[HALVE_CHUNK + 11];
  const double c0 = taps[0], c1 = taps[1], c2 = taps[2], c3 = taps[3], c4 = taps[4], c5 = taps[5];
  const double c6 = taps[6], c7 = taps[7], c8 = taps[8], c9 = taps[9], c10 = taps[10], c11 = taps[11];
  for (int done = 0; done < count; done += HALVE_CHUNK) {
    const int n = count - done < HALVE_CHUNK ? count - done : HALVE_CHUNK;
    const float *p = in + at + 2 * (int64_t)done - CQT_HALF_BAND_REACH;
    for (int j = 0; j < n + 23; j++) e[j] = p[2 * j];
    for (int j = 0; j < n + 11; j++) o[j] = p[2 * j + 1];
    float *RESTRICT dst = out + done;
    for (int m = 0; m < n; m++) {
      const double *x = e + m;
      const double v = 0.5 * o[m + 11] + c0 * (x[11] + x[12]) + c1 * (x[10] + x[13]) + c2 * (x[9] + x[14]) +
                       c3 * (x[8] + x[15]) + c4 * (x[7] + x[16]) + c5 * (x[6] + x[17]) + c6 * (x[5] + x[18]) +
                       c7 * (x[4] + x[19]) + c8 * (x[3] + x[20]) + c9 * (x[2] + x[21]) + c10 * (x[1] + x[22]) +
                       c11 * (x[0] + x[23]);
      dst[m] = (float)v;
    }
  }
}

/* OctaveSignal.copySignal: signal[start .. start + n) into target[0 .. n), zeros
 * outside the signal; 0 when every copied sample is zero. */
static int copy_signal(const CqtSignal *signal, double *target, int64_t start, int n) {
  const int64_t total = signal->start + signal->length;
  const int64_t from = start > 0 ? start : 0;
  const int64_t to = total < start + n ? total : start + n;
  if (to <= from) {
    memset(target, 0, sizeof(double) * (size_t)n);
    return 0;
  }
  for (int64_t i = start; i < from; i++) target[i - start] = 0;
  for (int64_t i = to; i < start + n; i++) target[i - start] = 0;
  const float *src = signal->samples + (from - signal->start);
  double *dst = target + (from - start);
  int sounding = 0;
  for (int64_t i = 0; i < to - from; i++) {
    dst[i] = src[i];
    sounding |= src[i] != 0;
  }
  return sounding;
}

static double *row_of(const CqtRows *rows, int64_t t) { return rows->rows + (t % rows->capacity) * CQT_PER_FRAME; }

/* fft_tables: the half-length complex table (size values), then cos and sin (size/2 + 1 each). */
static RealPlan *real_plan_from(int size, const double *fft_tables) {
  const double *cos = fft_tables + size;
  return real_plan_new(size, fft_tables, cos, cos + size / 2 + 1);
}

CqtFramePlan *cqt_frame_plan_new(int n_fft, int hop, int first_bin, const int *offsets, const int *bins,
                                 const double *filters, const double *scale, const double *fft_tables) {
  CqtFramePlan *plan = calloc(1, sizeof *plan);
  if (!plan) return NULL;
  plan->n_fft = n_fft;
  plan->hop = hop;
  plan->first_bin = first_bin;
  const int entries = offsets[CQT_BINS];
  memcpy(plan->offsets, offsets, sizeof plan->offsets);
  memcpy(plan->scale, scale, sizeof plan->scale);
  plan->bins = malloc(sizeof(int) * (size_t)(entries > 0 ? entries : 1));
  plan->filters = malloc(sizeof(double) * 2 * (size_t)(entries > 0 ? entries : 1));
  plan->fft = real_plan_from(n_fft, fft_tables);
  plan->frame = malloc(sizeof(double) * (size_t)n_fft);
  plan->spec = calloc((size_t)n_fft + 2, sizeof(double));
  if (!plan->bins || !plan->filters || !plan->fft || !plan->frame || !plan->spec) {
    cqt_frame_plan_free(plan);
    return NULL;
  }
  memcpy(plan->bins, bins, sizeof(int) * (size_t)entries);
  memcpy(plan->filters, filters, sizeof(double) * 2 * (size_t)entries);
  /* Only the bins the filters read are computed (as the TypeScript asks for them). */
  int low = n_fft / 2, high = 0;
  for (int e = 0; e < entries; e++) {
    if (bins[e] < low) low = bins[e];
    if (bins[e] > high) high = bins[e];
  }
  plan->low_bin = low;
  plan->high_bin = high;
  return plan;
}

void cqt_frame_plan_free(CqtFramePlan *plan) {
  if (!plan) return;
  free(plan->bins);
  free(plan->filters);
  real_plan_free(plan->fft);
  free(plan->frame);
  free(plan->spec);
  free(plan);
}

void cqt_frames(CqtFramePlan *plan, const CqtSignal *signal, int64_t first, int count, const CqtRows *rows) {
  const int n = plan->n_fft;
  const double *spec = plan->spec, *filters = plan->filters;
  for (int m = 0; m < count; m++) {
    const int64_t t = first + m;
    double *row = row_of(rows, t) + plan->first_bin;
    if (!copy_signal(signal, plan->frame, t * plan->hop - n / 2, n)) {
      for (int j = 0; j < CQT_BINS; j++) row[j] = 0;
      continue;
    }
    real_spectrum(plan->fft, plan->frame, plan->spec, plan->low_bin, plan->high_bin);
    double sum[2 * CQT_BINS]; /* (re, im) of each filter's response */
    for (int j = 0; j < CQT_BINS; j++) {
#if V2_AVAILABLE
      /* (re, im) in one register, lane by lane the scalar operations below:
       * (fr xr, fr xi) + (-(fi xi), fi xr), and a + (-b) is a - b. */
      const v2 flip_low = v2_set(-0.0, 0.0);
      v2 s = v2_dup(0);
      for (int e = plan->offsets[j]; e < plan->offsets[j + 1]; e++) {
        const v2 x = v2_load(spec + 2 * plan->bins[e]);
        const v2 p = v2_mul(v2_dup(filters[2 * e]), x), q = v2_mul(v2_dup(filters[2 * e + 1]), v2_swap(x));
        s = v2_add(s, v2_add(p, v2_flip(q, flip_low)));
      }
      v2_store(sum + 2 * j, s);
#else
      double sr = 0, si = 0;
      for (int e = plan->offsets[j]; e < plan->offsets[j + 1]; e++) {
        const int k = 2 * plan->bins[e];
        const double xr = spec[k], xi = spec[k + 1], fr = filters[2 * e], fi = filters[2 * e + 1];
        sr += fr * xr - fi * xi;
        si += fr * xi + fi * xr;
      }
      sum[2 * j] = sr;
      sum[2 * j + 1] = si;
#endif
    }
    int j = 0;
#if V2_AVAILABLE
    /* Two magnitudes at a time where neither is a special case (each lane does hypot2's
     * operations), so the divisions and square roots go two to an instruction. */
    for (; j + 1 < CQT_BINS; j += 2) {
      double x0, y0, x1, y1;
      const int plain0 = hypot_order(sum[2 * j], sum[2 * j + 1], &x0, &y0);
      const int plain1 = hypot_order(sum[2 * j + 2], sum[2 * j + 3], &x1, &y1);
      if (plain0 & plain1) {
        const v2 x = v2_set(x0, x1), r = v2_div(v2_set(y0, y1), x);
        const v2 h = v2_mul(v2_sqrt(v2_add(v2_dup(1), v2_mul(r, r))), x);
        v2_store(row + j, v2_mul(h, v2_load(plan->scale + j)));
      } else {
        row[j] = hypot2(sum[2 * j], sum[2 * j + 1]) * plan->scale[j];
        row[j + 1] = hypot2(sum[2 * j + 2], sum[2 * j + 3]) * plan->scale[j + 1];
      }
    }
#endif
    for (; j < CQT_BINS; j++) row[j] = hypot2(sum[2 * j], sum[2 * j + 1]) * plan->scale[j];
  }
}

CqtBlockPlan *cqt_block_plan_new(int n_fft, int hop, int first_bin, int block, const double *factor,
                                 const double *fft_tables, const double *folded_table) {
  CqtBlockPlan *plan = calloc(1, sizeof *plan);
  if (!plan) return NULL;
  plan->n_fft = n_fft;
  plan->hop = hop;
  plan->first_bin = first_bin;
  plan->block = block;
  plan->frames = (block - n_fft) / hop + 1;
  plan->folded = block / hop;
  memcpy(plan->factor, factor, sizeof plan->factor);
  plan->fft = real_plan_from(block, fft_tables);
  plan->inverse = complex_plan_new(plan->folded, folded_table);
  plan->samples = malloc(sizeof(double) * (size_t)block);
  plan->spec = calloc((size_t)block + 2, sizeof(double));
  plan->full = malloc(sizeof(double) * 4 * (size_t)block);
  plan->sums = malloc(sizeof(double) * 2 * (size_t)plan->folded);
  plan->out = malloc(sizeof(double) * 2 * (size_t)plan->folded);
  plan->non_zero = malloc(sizeof(int) * ((size_t)block + 1));
  if (!plan->fft || !plan->inverse || !plan->samples || !plan->spec || !plan->full || !plan->sums || !plan->out ||
      !plan->non_zero) {
    cqt_block_plan_free(plan);
    return NULL;
  }
  plan->non_zero[0] = 0;
  return plan;
}

void cqt_block_plan_free(CqtBlockPlan *plan) {
  if (!plan) return;
  real_plan_free(plan->fft);
  complex_plan_free(plan->inverse);
  free(plan->samples);
  free(plan->spec);
  free(plan->full);
  free(plan->sums);
  free(plan->out);
  free(plan->non_zero);
  free(plan);
}

/* sums[i] = the sum of Y[k] G[k] over bins k = i, i + folded, i + 2 * folded, ...
 * (y4: bin k as (re, re, im, im) at [4k]; g and sums interleaved), each sum adding its
 * terms in that order as the TypeScript does, but a whole row of bins at a time: the
 * bins are read in memory order and the row's sums are independent. With two-double
 * registers each lane does the scalar operations: (yr gr, yr gi) + (-(yi gi), yi gr),
 * and a + (-b) is a - b in IEEE arithmetic. */
static void fold_products(const double *RESTRICT y4, const double *RESTRICT g, double *RESTRICT sums, int block,
                          int folded) {
  for (int i = 0; i < 2 * folded; i++) sums[i] = 0;
  for (int row = 0; row < block; row += folded) {
    const double *y = y4 + 4 * (size_t)row, *k = g + 2 * (size_t)row;
#if V2_AVAILABLE
    const v2 flip_low = v2_set(-0.0, 0.0);
    for (int i = 0; i < folded; i++) {
      const v2 kv = v2_load(k + 2 * i);
      const v2 p = v2_mul(v2_load(y + 4 * i), kv);
      const v2 q = v2_mul(v2_load(y + 4 * i + 2), v2_swap(kv));
      v2_store(sums + 2 * i, v2_add(v2_load(sums + 2 * i), v2_add(p, v2_flip(q, flip_low))));
    }
#else
    for (int i = 0; i < folded; i++) {
      const double yr = y[4 * i], yi = y[4 * i + 2], kr = k[2 * i], ki = k[2 * i + 1];
      sums[2 * i] += yr * kr - yi * ki;
      sums[2 * i + 1] += yr * ki + yi * kr;
    }
#endif
  }
}

/* BlockOctaveStream.computeBlock: the block's spectrum times each filter's kernel
 * spectrum, folded to the hop, one small inverse FFT per filter. */
void cqt_block(CqtBlockPlan *plan, const double *kernel, const CqtSignal *signal, int64_t first, int count,
               const CqtRows *rows) {
  const int n = plan->n_fft, hop = plan->hop, block = plan->block, half = block / 2;
  const int used = (count - 1) * hop + n;
  double *samples = plan->samples;
  if (!copy_signal(signal, samples, first * hop - n / 2, used)) {
    for (int m = 0; m < count; m++) {
      double *row = row_of(rows, first + m) + plan->first_bin;
      for (int j = 0; j < CQT_BINS; j++) row[j] = 0;
    }
    return;
  }
  for (int i = used; i < block; i++) samples[i] = 0;
  int *non_zero = plan->non_zero;
  for (int i = 0; i < used; i++) non_zero[i + 1] = non_zero[i] + (samples[i] != 0 ? 1 : 0);
  /* All block bins: the real FFT's half, and its conjugate mirrored; bin k as
   * (re, re, im, im) at full[4k] for fold_products. */
  double *spec = plan->spec, *full = plan->full;
  real_spectrum(plan->fft, samples, spec, 0, half);
  for (int k = 0; k < block; k++) {
    const double re = k <= half ? spec[2 * k] : spec[2 * (block - k)];
    const double im = k <= half ? spec[2 * k + 1] : -spec[2 * (block - k) + 1];
    full[4 * k] = full[4 * k + 1] = re;
    full[4 * k + 2] = full[4 * k + 3] = im;
  }
  double *sums = plan->sums, *out = plan->out;
  for (int j = 0; j < CQT_BINS; j++) {
    fold_products(full, kernel + (size_t)j * 2 * (size_t)block, sums, block, plan->folded);
    complex_inverse(plan->inverse, out, sums);
    const double f = plan->factor[j];
    for (int m = 0; m < count; m++) {
      const int at = m * hop;
      row_of(rows, first + m)[plan->first_bin + j] =
          non_zero[at + n] == non_zero[at] ? 0 : hypot2(out[2 * m], out[2 * m + 1]) * f;
    }
  }
}

void cqt_fold(const CqtRows *rows, int64_t from, int64_t up_to, const double *key_weight, float *chroma,
              double *key_profile) {
  for (int64_t t = from; t < up_to; t++) {
    const double *cqt = row_of(rows, t);
    double acc[CQT_CLASSES] = {0}, key_acc[CQT_CLASSES] = {0};
    for (int b = 0; b < CQT_PER_FRAME; b++) {
      /* CQT bin b feeds class ((b + 1) mod 36) / 3. */
      const int c = ((b + 1) % CQT_BINS) / 3;
      const double v = cqt[b];
      acc[c] += v;
      key_acc[c] += v * key_weight[b];
    }
    double max = 0, key_max = 0;
    for (int c = 0; c < CQT_CLASSES; c++) {
      max = js_max(max, acc[c]);
      key_max = js_max(key_max, key_acc[c]);
    }
    if (key_max > 1e-300)
      for (int c = 0; c < CQT_CLASSES; c++) key_profile[c] += key_acc[c] / key_max;
    if (max < 1e-300) continue;
    for (int c = 0; c < CQT_CLASSES; c++) chroma[t * CQT_CLASSES + c] = (float)(acc[c] / max);
  }
}
