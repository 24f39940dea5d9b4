/* Node-API functions over polyphase.c. Every tap the outputs asked for must lie inside
 * the buffer's live samples; that is checked (for the first and the last output, the
 * tap window only moves forward) before C reads anything. */
#include "polyphase-binding.h"

#include <math.h>
#include <stdint.h>

#include "napi-args.h"
#include "polyphase.h"

/* Positions and counts: whole numbers within +-2^42 (a century of 96 kHz audio), so
 * n * down fits in 64 bits for down < 2^20. */
#define MAX_POSITION 4398046511104.0
#define MAX_RATIO (1 << 20)

static int whole(double v, double least) { return v == floor(v) && v >= least && v <= MAX_POSITION; }

static void release_plan(void *plan) { polyphase_plan_free(plan); }
static const PlanKind POLYPHASE_PLAN = {"resampler", release_plan};

/* polyphasePlan(up, down, firstTap, tapCount, bank) */
static napi_value polyphase_plan(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 5)) return NULL;
  int up = args_int(&args, 0), down = args_int(&args, 1), first_tap = args_int(&args, 2);
  int tap_count = args_int(&args, 3);
  size_t bank_length = 0;
  const double *bank = args_f64(&args, 4, &bank_length);
  if (args.failed) return NULL;
  if (up < 1 || up > MAX_RATIO || down < 1 || down > MAX_RATIO || tap_count < 2 || tap_count % 2 != 0 ||
      tap_count > MAX_RATIO || first_tap < -MAX_RATIO || first_tap > MAX_RATIO ||
      bank_length != (size_t)up * (size_t)tap_count)
    return range_error(env, "polyphasePlan: bad ratio, taps or bank");
  return make_plan(env, &POLYPHASE_PLAN, polyphase_plan_new(up, down, first_tap, tap_count, bank));
}

/* Offset in buf of output n's first tap. */
static int64_t tap_start(const PolyphasePlan *plan, int64_t buf_start, int64_t n) {
  return n * plan->down / plan->up + plan->first_tap - buf_start;
}

/* polyphaseRun(plan, buf, bufLen, bufStart, nextOut, out): out.length outputs from nextOut on. */
static napi_value polyphase_run_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 6)) return NULL;
  PolyphasePlan *plan = args_plan(&args, 0, &POLYPHASE_PLAN);
  size_t buf_length = 0, out_length = 0;
  const float *buf = args_f32(&args, 1, &buf_length);
  double buf_len = args_double(&args, 2), buf_start = args_double(&args, 3), next_out = args_double(&args, 4);
  float *out = args_f32(&args, 5, &out_length);
  if (args.failed) return NULL;
  if (!whole(buf_len, 0) || buf_len > (double)buf_length || !whole(buf_start, -MAX_POSITION) || !whole(next_out, 0) ||
      next_out + (double)out_length > MAX_POSITION)
    return range_error(env, "polyphaseRun: bad buffer, positions or output");
  if (out_length == 0) return NULL;
  const int64_t start = (int64_t)buf_start, first = (int64_t)next_out, count = (int64_t)out_length;
  if (tap_start(plan, start, first) < 0 || tap_start(plan, start, first + count - 1) + plan->tap_count > (int64_t)buf_len)
    return range_error(env, "polyphaseRun: outputs reach outside the buffer");
  polyphase_run(plan, buf, start, first, out, count);
  return NULL;
}

void register_polyphase(napi_env env, napi_value exports) {
  define_function(env, exports, "polyphasePlan", polyphase_plan);
  define_function(env, exports, "polyphaseRun", polyphase_run_fn);
}
