/* Node-API functions over mel-rows.c. Every row offset and array is checked against the
 * plan before C reads or writes. */
#include "mel-rows-binding.h"

#include <math.h>

#include "mel-rows.h"
#include "napi-args.h"

/* Largest column index a plan may write (a row is far shorter). */
#define MAX_COLUMN 4096

static void release_plan(void *plan) { mel_rows_plan_free(plan); }
static const PlanKind MEL_ROWS_PLAN = {"mel rows", release_plan};

static int whole(double v, double lo, double hi) { return v >= lo && v <= hi && v == floor(v); }

/* melRowsPlan(dct, layout): dct holds layout[1] rows of layout[0] values; layout is
 * [mels, mfccs, onset column, onset median column, first MFCC column]. */
static napi_value mel_rows_plan(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 2)) return NULL;
  size_t dct_n = 0, layout_n = 0;
  const double *dct = args_f64(&args, 0, &dct_n);
  const double *layout = args_f64(&args, 1, &layout_n);
  if (args.failed) return NULL;
  /* The fold takes the first half of a row four values at a time. */
  if (layout_n != 5 || !whole(layout[0], 8, 1 << 16) || (int)layout[0] % 8 != 0 || !whole(layout[1], 1, 1 << 16) ||
      dct_n != (size_t)layout[0] * (size_t)layout[1] || !whole(layout[2], 0, MAX_COLUMN) ||
      !whole(layout[3], 0, MAX_COLUMN) || !whole(layout[4], 0, MAX_COLUMN)) {
    napi_throw_range_error(env, NULL, "melRowsPlan: bad layout");
    return NULL;
  }
  return make_plan(env, &MEL_ROWS_PLAN, mel_rows_plan_new((int)layout[0], (int)layout[1], dct, (int)layout[2], (int)layout[3],
                                         (int)layout[4]));
}

/* One past the largest column a plan writes. */
static size_t row_need(const MelRowsPlan *plan) {
  int need = plan->col_mfcc + plan->mfccs;
  if (plan->col_onset + 1 > need) need = plan->col_onset + 1;
  if (plan->col_onset_median + 1 > need) need = plan->col_onset_median + 1;
  return (size_t)need;
}

/* `length` values from offset `at` fit an array of `n`. */
static int fits(double at, size_t length, size_t n) { return whole(at, 0, (double)n) && (size_t)at + length <= n; }

enum { P_CUR, P_PREV, P_OWN, P_ROW, P_FLOOR, P_FLOOR32, P_ONSET, PARAMS_LENGTH };

/* melRow(plan, curDb, prevDb, ownDb, rows, params): params is [cur offset, prev offset,
 * own offset, row offset, floor, floor32, 1 if the rise from prev to cur counts]. */
static napi_value mel_row_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 6)) return NULL;
  MelRowsPlan *plan = args_plan(&args, 0, &MEL_ROWS_PLAN);
  size_t cur_n = 0, prev_n = 0, own_n = 0, rows_n = 0, params_n = 0;
  const float *cur = args_f32(&args, 1, &cur_n);
  const float *prev = args_f32(&args, 2, &prev_n);
  const float *own = args_f32(&args, 3, &own_n);
  float *rows = args_f32(&args, 4, &rows_n);
  const double *params = args_f64(&args, 5, &params_n);
  if (args.failed) return NULL;
  const size_t mels = (size_t)plan->mels;
  if (params_n < PARAMS_LENGTH || !fits(params[P_OWN], mels, own_n) || !fits(params[P_ROW], row_need(plan), rows_n) ||
      (params[P_ONSET] != 0 && (!fits(params[P_CUR], mels, cur_n) || !fits(params[P_PREV], mels, prev_n)))) {
    napi_throw_range_error(env, NULL, "melRow: bad arrays or offsets");
    return NULL;
  }
  const int onset = params[P_ONSET] != 0;
  mel_row(plan, onset ? cur + (size_t)params[P_CUR] : NULL, onset ? prev + (size_t)params[P_PREV] : NULL,
          own + (size_t)params[P_OWN], params[P_FLOOR], params[P_FLOOR32], rows + (size_t)params[P_ROW]);
  return NULL;
}

void register_mel_rows(napi_env env, napi_value exports) {
  define_function(env, exports, "melRowsPlan", mel_rows_plan);
  define_function(env, exports, "melRow", mel_row_fn);
}
