/* Node-API functions over tempogram.c; every length is checked against the plan first. */
#include "tempogram-binding.h"

#include <stdint.h>

#include "napi-args.h"
#include "real-tables.h"
#include "tempogram.h"

static void release_plan(void *plan) { tempogram_plan_free(plan); }
static const PlanKind TEMPOGRAM_PLAN = {"tempogram", release_plan};

/* tempogramPlan(size, tables, hann) */
static napi_value tempogram_plan(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 3)) return NULL;
  int size = args_int(&args, 0);
  size_t tables_length = 0, hann_length = 0;
  const double *tables = args_f64(&args, 1, &tables_length);
  const double *hann = args_f64(&args, 2, &hann_length);
  if (args.failed) return NULL;
  if (size < 4 || size > (1 << 24) || (size & (size - 1)) != 0 || tables_length != real_tables_length(size) ||
      hann_length < 1 || hann_length > (size_t)size) {
    napi_throw_range_error(env, NULL, "tempogramPlan: bad size, tables or window");
    return NULL;
  }
  return make_plan(env, &TEMPOGRAM_PLAN, tempogram_plan_new(size, tables, hann, (int)hann_length));
}

/* tempogramSum(plan, padded, frames, sum) */
static napi_value tempogram_sum_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 4)) return NULL;
  TempogramPlan *plan = args_plan(&args, 0, &TEMPOGRAM_PLAN);
  size_t padded_length = 0, sum_length = 0;
  const double *padded = args_f64(&args, 1, &padded_length);
  int frames = args_int(&args, 2);
  double *sum = args_f64(&args, 3, &sum_length);
  if (args.failed) return NULL;
  if (frames < 0 || (frames > 0 && (int64_t)padded_length < (int64_t)frames + plan->window - 1) ||
      sum_length < (size_t)plan->size + 2) {
    napi_throw_range_error(env, NULL, "tempogramSum: bad arrays or frame count");
    return NULL;
  }
  if (frames > 0) tempogram_sum(plan, padded, frames, sum);
  return NULL;
}

void register_tempogram(napi_env env, napi_value exports) {
  define_function(env, exports, "tempogramPlan", tempogram_plan);
  define_function(env, exports, "tempogramSum", tempogram_sum_fn);
}
