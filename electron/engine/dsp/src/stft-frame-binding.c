/* Node-API functions over stft-frame.c. The plan's integer tables come as Float64Arrays
 * (exact for integers) and each value is checked to be a whole number in range before
 * the plan is made; every frame's arrays are checked against the plan before C reads
 * or writes them. */
#include "stft-frame-binding.h"

#include <math.h>
#include <stdlib.h>

#include "napi-args.h"
#include "stft-frame.h"

/* stftFramePlan's `layout` array, in this order. */
enum {
  L_HOP,
  L_K_MIN,
  L_K_MAX,
  L_TUNING_THRESHOLD,
  L_ROLLOFF_FRACTION,
  L_BIN_HZ,
  L_SAMPLE_RATE,
  L_AMIN,
  L_COL_ZCR,
  L_COL_RMS,
  L_COL_CENTROID,
  L_COL_BANDWIDTH,
  L_COL_ROLLOFF,
  L_COL_PEAK,
  L_COL_VALLEY,
  LAYOUT_LENGTH
};

/* Largest column index a plan may write (a row is far shorter). */
#define MAX_COLUMN 4096

/* `v` as an int if it is a whole number in [lo, hi]; otherwise clears *ok. */
static int whole(double v, int lo, int hi, int *ok) {
  if (!(v >= lo && v <= hi && v == floor(v))) {
    *ok = 0;
    return lo;
  }
  return (int)v;
}

static void release_plan(void *plan) { stft_plan_free(plan); }
static const PlanKind STFT_FRAME_PLAN = {"STFT frame", release_plan};

/* Each integer table of the plan, checked; NULL (and *ok cleared) when a value is bad. */
typedef struct {
  int *mel_starts, *mel_offsets, *band_starts, *band_ends, *band_counts;
} IntTables;

static void free_tables(IntTables *t) {
  free(t->mel_starts);
  free(t->mel_offsets);
  free(t->band_starts);
  free(t->band_ends);
  free(t->band_counts);
}

static int read_tables(IntTables *t, const double *mel_bands, int mels, size_t weights, const double *bands,
                       int band_count, int bins) {
  int ok = 1;
  t->mel_starts = malloc(sizeof(int) * (size_t)mels + 1);
  t->mel_offsets = malloc(sizeof(int) * (size_t)(mels + 1));
  t->band_starts = malloc(sizeof(int) * (size_t)band_count + 1);
  t->band_ends = malloc(sizeof(int) * (size_t)band_count + 1);
  t->band_counts = malloc(sizeof(int) * (size_t)band_count + 1);
  if (!t->mel_starts || !t->mel_offsets || !t->band_starts || !t->band_ends || !t->band_counts) return -1;
  for (int m = 0; m <= mels; m++) t->mel_offsets[m] = whole(mel_bands[mels + m], 0, (int)weights, &ok);
  if (ok && (t->mel_offsets[0] != 0 || t->mel_offsets[mels] != (int)weights)) ok = 0;
  for (int m = 0; ok && m < mels; m++) {
    const int length = t->mel_offsets[m + 1] - t->mel_offsets[m];
    t->mel_starts[m] = whole(mel_bands[m], 0, bins, &ok);
    if (length < 0 || t->mel_starts[m] + length > bins) ok = 0;
  }
  for (int b = 0; ok && b < band_count; b++) {
    t->band_starts[b] = whole(bands[3 * b], 0, bins, &ok);
    t->band_ends[b] = whole(bands[3 * b + 1], t->band_starts[b], bins, &ok);
    t->band_counts[b] = whole(bands[3 * b + 2], 1, bins, &ok);
  }
  return ok;
}

/* stftFramePlan(halfTable, cos, sin, window, melBands, melWeights, contrastBands, layout):
 * melBands holds the mel filters' first bins then their offsets into melWeights (mels +
 * 1); contrastBands (start, end, count) per band; layout the values named above. */
static napi_value stft_frame_plan(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 8)) return NULL;
  size_t table_n = 0, cos_n = 0, sin_n = 0, window_n = 0, mel_n = 0, weights_n = 0, bands_n = 0, layout_n = 0;
  const double *table = args_f64(&args, 0, &table_n);
  const double *cos = args_f64(&args, 1, &cos_n);
  const double *sin = args_f64(&args, 2, &sin_n);
  const double *window = args_f64(&args, 3, &window_n);
  const double *mel_bands = args_f64(&args, 4, &mel_n);
  const double *weights = args_f64(&args, 5, &weights_n);
  const double *bands = args_f64(&args, 6, &bands_n);
  const double *layout = args_f64(&args, 7, &layout_n);
  if (args.failed) return NULL;
  const int size = (int)window_n;
  if (window_n < 4 || window_n > (1u << 24) || (window_n & (window_n - 1)) != 0 || table_n != window_n ||
      cos_n != window_n / 2 + 1 || sin_n != window_n / 2 + 1 || mel_n < 3 || mel_n % 2 == 0 || bands_n < 3 ||
      bands_n % 3 != 0 || layout_n != LAYOUT_LENGTH || weights_n > (1u << 24)) {
    napi_throw_range_error(env, NULL, "stftFramePlan: bad table sizes");
    return NULL;
  }
  const int bins = size / 2 + 1, band_count = (int)(bands_n / 3);
  int ok = 1;
  StftShape shape = {0};
  shape.size = size;
  shape.hop = whole(layout[L_HOP], 2, size, &ok);
  shape.mels = (int)(mel_n - 1) / 2;
  shape.weights = (int)weights_n;
  shape.bands = band_count;
  shape.k_min = whole(layout[L_K_MIN], 1, bins - 2, &ok);
  shape.k_max = whole(layout[L_K_MAX], shape.k_min, bins - 2, &ok);
  shape.tuning_threshold = layout[L_TUNING_THRESHOLD];
  shape.rolloff_fraction = layout[L_ROLLOFF_FRACTION];
  shape.bin_hz = layout[L_BIN_HZ];
  shape.sample_rate = layout[L_SAMPLE_RATE];
  shape.amin = layout[L_AMIN];
  shape.col.zcr = whole(layout[L_COL_ZCR], 0, MAX_COLUMN, &ok);
  shape.col.rms = whole(layout[L_COL_RMS], 0, MAX_COLUMN, &ok);
  shape.col.centroid = whole(layout[L_COL_CENTROID], 0, MAX_COLUMN, &ok);
  shape.col.bandwidth = whole(layout[L_COL_BANDWIDTH], 0, MAX_COLUMN, &ok);
  shape.col.rolloff = whole(layout[L_COL_ROLLOFF], 0, MAX_COLUMN, &ok);
  shape.col.contrast_peak = whole(layout[L_COL_PEAK], 0, MAX_COLUMN, &ok);
  shape.col.contrast_valley = whole(layout[L_COL_VALLEY], 0, MAX_COLUMN, &ok);
  /* Hops are measured two samples at a time and a frame is whole hops. */
  if (shape.hop % 2 != 0 || size % shape.hop != 0) ok = 0;
  IntTables t = {0};
  const int read = ok ? read_tables(&t, mel_bands, shape.mels, weights_n, bands, band_count, bins) : 0;
  napi_value plan = NULL;
  if (read < 0) napi_throw_error(env, NULL, "backbeat_dsp: out of memory");
  else if (!read) napi_throw_range_error(env, NULL, "stftFramePlan: bad layout or tables");
  else
    plan = make_plan(env, &STFT_FRAME_PLAN, stft_plan_new(&shape, table, cos, sin, window, t.mel_starts, t.mel_offsets, weights,
                                       t.band_starts, t.band_ends, t.band_counts));
  free_tables(&t);
  return plan;
}

/* One past the largest column a plan writes. */
static size_t row_need(const StftFramePlan *plan) {
  const StftColumns *c = &plan->col;
  int need = c->contrast_peak > c->contrast_valley ? c->contrast_peak : c->contrast_valley;
  need += plan->bands;
  const int single[] = {c->zcr, c->rms, c->centroid, c->bandwidth, c->rolloff};
  for (size_t i = 0; i < sizeof single / sizeof single[0]; i++)
    if (single[i] + 1 > need) need = single[i] + 1;
  return (size_t)need;
}

/* stftFrame(plan, samples, at, rows, rowAt, melPower, peaks, peakAt) -> number of peaks:
 * the frame is samples[at..at + size), its row rows[rowAt..], its peaks go to peaks[peakAt..]. */
static napi_value stft_frame_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 8)) return NULL;
  StftFramePlan *plan = args_plan(&args, 0, &STFT_FRAME_PLAN);
  size_t samples_n = 0, rows_n = 0, mel_n = 0, peaks_n = 0;
  const float *samples = args_f32(&args, 1, &samples_n);
  const int at = args_int(&args, 2);
  float *rows = args_f32(&args, 3, &rows_n);
  const int row_at = args_int(&args, 4);
  double *mel_power = args_f64(&args, 5, &mel_n);
  double *peaks = args_f64(&args, 6, &peaks_n);
  const int peak_at = args_int(&args, 7);
  if (args.failed) return NULL;
  if (at < 0 || (size_t)at + (size_t)plan->size > samples_n || row_at < 0 ||
      (size_t)row_at + row_need(plan) > rows_n || mel_n < (size_t)plan->mels || peak_at < 0 ||
      (size_t)peak_at + 2 * (size_t)plan->max_peaks > peaks_n) {
    napi_throw_range_error(env, NULL, "stftFrame: bad arrays or offsets");
    return NULL;
  }
  napi_value count = NULL;
  napi_create_int32(env, stft_frame(plan, samples + at, rows + row_at, mel_power, peaks + peak_at), &count);
  return count;
}

void register_stft_frame(napi_env env, napi_value exports) {
  define_function(env, exports, "stftFramePlan", stft_frame_plan);
  define_function(env, exports, "stftFrame", stft_frame_fn);
}
