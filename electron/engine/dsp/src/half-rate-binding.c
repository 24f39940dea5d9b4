/* Node-API functions over half-rate.c. Every array's length and every index is checked
 * against the plan before C touches memory. */
#include "half-rate-binding.h"

#include <stdint.h>

#include "half-rate.h"
#include "napi-args.h"
#include "real-tables.h"

static void release_plan(void *plan) { half_rate_plan_free(plan); }
static const PlanKind HALF_RATE_PLAN = {"44.1 kHz halving", release_plan};

/* halfRatePlan(size, forwardTables, inverseTables, filterSpectrum) */
static napi_value half_rate_plan(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 4)) return NULL;
  int size = args_int(&args, 0);
  size_t forward_length = 0, inverse_length = 0, filter_length = 0;
  const double *forward = args_f64(&args, 1, &forward_length);
  const double *inverse = args_f64(&args, 2, &inverse_length);
  const double *filter = args_f64(&args, 3, &filter_length);
  if (args.failed) return NULL;
  if (size < 8 || size > (1 << 24) || (size & (size - 1)) != 0 || forward_length != real_tables_length(size) ||
      inverse_length != real_tables_length(size / 2) || filter_length != (size_t)size + 2) {
    napi_throw_range_error(env, NULL, "halfRatePlan: bad size or tables");
    return NULL;
  }
  return make_plan(env, &HALF_RATE_PLAN, half_rate_plan_new(size, forward, inverse, filter));
}

/* halfRateBlock(plan, input, offset, out, at, first, count) */
static napi_value half_rate_block_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 7)) return NULL;
  HalfRatePlan *plan = args_plan(&args, 0, &HALF_RATE_PLAN);
  size_t input_length = 0, out_length = 0;
  const float *input = args_f32(&args, 1, &input_length);
  int offset = args_int(&args, 2);
  float *out = args_f32(&args, 3, &out_length);
  int at = args_int(&args, 4), first = args_int(&args, 5), count = args_int(&args, 6);
  if (args.failed) return NULL;
  if (offset < 0 || (int64_t)offset + (int64_t)input_length > plan->size || at < 0 || first < 0 || count < 0 ||
      (int64_t)first + count > plan->size / 2 || (int64_t)at + count > (int64_t)out_length) {
    napi_throw_range_error(env, NULL, "halfRateBlock: bad arrays or positions");
    return NULL;
  }
  half_rate_block(plan, input, (int)input_length, offset, count > 0 ? out + at : out, first, count);
  return NULL;
}

void register_half_rate(napi_env env, napi_value exports) {
  define_function(env, exports, "halfRatePlan", half_rate_plan);
  define_function(env, exports, "halfRateBlock", half_rate_block_fn);
}
