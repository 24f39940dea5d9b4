/* Node-API functions over cqt.c. Plans are externals owned by the JavaScript objects
 * that made them, typed (napi-args.h: a plan of another kind is refused);
 * every array's length and every index is checked before C touches memory. */
#include "cqt-binding.h"

#include "cqt.h"
#include "napi-args.h"

static int is_power_of_two(int n, int least) { return n >= least && (n & (n - 1)) == 0; }

/* The tables of a real FFT of `size` samples: half-length complex twiddles, cos, sin. */
static size_t fft_tables_length(int size) { return 2 * (size_t)size + 2; }

static void release_frame_plan(void *plan) { cqt_frame_plan_free(plan); }
static void release_block_plan(void *plan) { cqt_block_plan_free(plan); }
static const PlanKind FRAME_PLAN = {"constant-Q frame", release_frame_plan};
static const PlanKind BLOCK_PLAN = {"constant-Q block", release_block_plan};

/* The signal (samples from `start`) and the ring of rows, checked for frames
 * first..first+count-1 whose first sample is first * hop - n / 2. */
static int read_frames(Args *args, size_t at, int hop, int n, CqtSignal *signal, int64_t *first, int *count,
                       CqtRows *rows) {
  size_t signal_length = 0, rows_length = 0;
  signal->samples = args_f32(args, at, &signal_length);
  signal->start = args_int(args, at + 1);
  *first = args_int(args, at + 2);
  *count = args_int(args, at + 3);
  rows->rows = args_f64(args, at + 4, &rows_length);
  rows->capacity = args_int(args, at + 5);
  if (args->failed) return 0;
  signal->length = (int64_t)signal_length;
  const int64_t start = *first * hop - n / 2;
  /* Samples before signal->start were dropped: no frame asked for may read them. */
  if (signal->start < 0 || *first < 0 || *count < 0 || rows->capacity < 1 || *count > rows->capacity ||
      (int64_t)rows_length < rows->capacity * CQT_PER_FRAME || (start > 0 ? start : 0) < signal->start) {
    range_error(args->env, "backbeat_dsp: constant-Q frames outside the signal or the rows");
    return 0;
  }
  return 1;
}

/* cqtHalve(taps, input, at, count, out) */
static napi_value cqt_halve_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 5)) return NULL;
  size_t taps_length = 0, in_length = 0, out_length = 0;
  const double *taps = args_f64(&args, 0, &taps_length);
  const float *in = args_f32(&args, 1, &in_length);
  const int64_t at = args_int(&args, 2);
  const int count = args_int(&args, 3);
  float *out = args_f32(&args, 4, &out_length);
  if (args.failed) return NULL;
  if (taps_length != CQT_HALF_BAND_TAPS || count < 0 || (size_t)count > out_length ||
      (count > 0 && (at < CQT_HALF_BAND_REACH || at + 2 * (int64_t)(count - 1) + CQT_HALF_BAND_REACH >= (int64_t)in_length)))
    return range_error(env, "cqtHalve: bad taps, arrays or positions");
  cqt_halve(taps, in, at, count, out);
  return NULL;
}

/* cqtFramePlan(nFft, hop, firstBin, offsets, bins, filters, scale, fftTables) */
static napi_value cqt_frame_plan(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 8)) return NULL;
  const int n_fft = args_int(&args, 0), hop = args_int(&args, 1), first_bin = args_int(&args, 2);
  size_t offsets_length = 0, bins_length = 0, filters_length = 0, scale_length = 0, tables_length = 0;
  const int32_t *offsets = args_i32(&args, 3, &offsets_length);
  const int32_t *bins = args_i32(&args, 4, &bins_length);
  const double *filters = args_f64(&args, 5, &filters_length);
  const double *scale = args_f64(&args, 6, &scale_length);
  const double *tables = args_f64(&args, 7, &tables_length);
  if (args.failed) return NULL;
  int ok = is_power_of_two(n_fft, 4) && hop >= 1 && first_bin >= 0 && first_bin <= CQT_PER_FRAME - CQT_BINS &&
           offsets_length == CQT_BINS + 1 && scale_length == CQT_BINS && tables_length == fft_tables_length(n_fft);
  for (int j = 0; ok && j < CQT_BINS; j++) ok = offsets[j] >= 0 && offsets[j] <= offsets[j + 1];
  ok = ok && offsets[0] == 0 && (size_t)offsets[CQT_BINS] == bins_length && filters_length == 2 * bins_length;
  for (size_t e = 0; ok && e < bins_length; e++) ok = bins[e] >= 0 && bins[e] <= n_fft / 2;
  if (!ok) return range_error(env, "cqtFramePlan: bad sizes or filter tables");
  return make_plan(env, &FRAME_PLAN, cqt_frame_plan_new(n_fft, hop, first_bin, offsets, bins, filters, scale, tables));
}

/* cqtFrames(plan, signal, signalStart, first, count, rows, capacity) */
static napi_value cqt_frames_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 7)) return NULL;
  CqtFramePlan *plan = args_plan(&args, 0, &FRAME_PLAN);
  if (args.failed) return NULL;
  CqtSignal signal;
  CqtRows rows;
  int64_t first;
  int count;
  if (!read_frames(&args, 1, plan->hop, plan->n_fft, &signal, &first, &count, &rows)) return NULL;
  cqt_frames(plan, &signal, first, count, &rows);
  return NULL;
}

/* cqtBlockPlan(nFft, hop, firstBin, block, factor, fftTables, foldedTable) */
static napi_value cqt_block_plan(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 7)) return NULL;
  const int n_fft = args_int(&args, 0), hop = args_int(&args, 1), first_bin = args_int(&args, 2);
  const int block = args_int(&args, 3);
  size_t factor_length = 0, tables_length = 0, folded_length = 0;
  const double *factor = args_f64(&args, 4, &factor_length);
  const double *tables = args_f64(&args, 5, &tables_length);
  const double *folded_table = args_f64(&args, 6, &folded_length);
  if (args.failed) return NULL;
  /* A block holds whole hops and at least one frame; the folded inverse has room for
   * every frame of a block (n_fft >= hop). */
  if (!is_power_of_two(block, 4) || !is_power_of_two(hop, 1) || !is_power_of_two(n_fft, 2) || n_fft > block ||
      hop > n_fft || block / hop < 2 || first_bin < 0 || first_bin > CQT_PER_FRAME - CQT_BINS ||
      factor_length != CQT_BINS || tables_length != fft_tables_length(block) ||
      folded_length != 2 * (size_t)(block / hop))
    return range_error(env, "cqtBlockPlan: bad sizes or tables");
  return make_plan(env, &BLOCK_PLAN, cqt_block_plan_new(n_fft, hop, first_bin, block, factor, tables, folded_table));
}

/* cqtBlock(plan, kernel, signal, signalStart, first, count, rows, capacity) */
static napi_value cqt_block_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 8)) return NULL;
  CqtBlockPlan *plan = args_plan(&args, 0, &BLOCK_PLAN);
  size_t kernel_length = 0;
  const double *kernel = args_f64(&args, 1, &kernel_length);
  if (args.failed) return NULL;
  CqtSignal signal;
  CqtRows rows;
  int64_t first;
  int count;
  if (!read_frames(&args, 2, plan->hop, plan->n_fft, &signal, &first, &count, &rows)) return NULL;
  if (kernel_length != (size_t)CQT_BINS * 2 * (size_t)plan->block || count > plan->frames)
    return range_error(env, "cqtBlock: bad kernel or too many frames for a block");
  if (count > 0) cqt_block(plan, kernel, &signal, first, count, &rows);
  return NULL;
}

/* cqtFold(rows, capacity, from, upTo, keyWeight, chroma, keyProfile) */
static napi_value cqt_fold_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 7)) return NULL;
  size_t rows_length = 0, weight_length = 0, chroma_length = 0, profile_length = 0;
  CqtRows rows;
  rows.rows = args_f64(&args, 0, &rows_length);
  rows.capacity = args_int(&args, 1);
  const int64_t from = args_int(&args, 2), up_to = args_int(&args, 3);
  const double *key_weight = args_f64(&args, 4, &weight_length);
  float *chroma = args_f32(&args, 5, &chroma_length);
  double *key_profile = args_f64(&args, 6, &profile_length);
  if (args.failed) return NULL;
  if (rows.capacity < 1 || (int64_t)rows_length < rows.capacity * CQT_PER_FRAME || from < 0 || up_to < from ||
      up_to - from > rows.capacity || (int64_t)chroma_length < up_to * CQT_CLASSES ||
      weight_length != CQT_PER_FRAME || profile_length != CQT_CLASSES)
    return range_error(env, "cqtFold: bad arrays or frames");
  cqt_fold(&rows, from, up_to, key_weight, chroma, key_profile);
  return NULL;
}

void register_cqt(napi_env env, napi_value exports) {
  define_function(env, exports, "cqtHalve", cqt_halve_fn);
  define_function(env, exports, "cqtFramePlan", cqt_frame_plan);
  define_function(env, exports, "cqtFrames", cqt_frames_fn);
  define_function(env, exports, "cqtBlockPlan", cqt_block_plan);
  define_function(env, exports, "cqtBlock", cqt_block_fn);
  define_function(env, exports, "cqtFold", cqt_fold_fn);
}
