/* Node-API functions over fft.c. Plans are externals owned by the JavaScript objects
 * that made them; every array's length is checked against its plan before C touches it. */
#include "fft-binding.h"

#include "fft.h"
#include "napi-args.h"

static int is_power_of_two(int n, int least) { return n >= least && (n & (n - 1)) == 0; }

static void release_complex(void *plan) { complex_plan_free(plan); }
static const PlanKind COMPLEX_PLAN = {"complex FFT", release_complex};

static void release_real(void *plan) { real_plan_free(plan); }
static const PlanKind REAL_PLAN = {"real FFT", release_real};

/* complexPlan(size, table) */
static napi_value complex_plan(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 2)) return NULL;
  int size = args_int(&args, 0);
  size_t table_length = 0;
  const double *table = args_f64(&args, 1, &table_length);
  if (args.failed) return NULL;
  if (!is_power_of_two(size, 2) || table_length != (size_t)size * 2) return range_error(env, "complexPlan: bad size");
  return make_plan(env, &COMPLEX_PLAN, complex_plan_new(size, table));
}

/* complexTransform(plan, out, data, inverse) */
static napi_value complex_transform(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 4)) return NULL;
  ComplexPlan *plan = args_plan(&args, 0, &COMPLEX_PLAN);
  size_t out_length = 0, data_length = 0;
  double *out = args_f64(&args, 1, &out_length);
  const double *data = args_f64(&args, 2, &data_length);
  int inverse = args_int(&args, 3);
  if (args.failed) return NULL;
  const size_t need = (size_t)plan->size * 2;
  if (out_length < need || data_length < need || out == data) return range_error(env, "complexTransform: bad arrays");
  if (inverse) complex_inverse(plan, out, data);
  else complex_forward(plan, out, data);
  return NULL;
}

/* realPlan(size, halfTable, cos, sin) */
static napi_value real_plan(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 4)) return NULL;
  int size = args_int(&args, 0);
  size_t table_length = 0, cos_length = 0, sin_length = 0;
  const double *table = args_f64(&args, 1, &table_length);
  const double *cos = args_f64(&args, 2, &cos_length);
  const double *sin = args_f64(&args, 3, &sin_length);
  if (args.failed) return NULL;
  if (!is_power_of_two(size, 4) || table_length != (size_t)size || cos_length != (size_t)size / 2 + 1 ||
      sin_length != (size_t)size / 2 + 1)
    return range_error(env, "realPlan: bad size");
  return make_plan(env, &REAL_PLAN, real_plan_new(size, table, cos, sin));
}

/* realPower(plan, frame, power) */
static napi_value real_power_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 3)) return NULL;
  RealPlan *plan = args_plan(&args, 0, &REAL_PLAN);
  size_t frame_length = 0, power_length = 0;
  const double *frame = args_f64(&args, 1, &frame_length);
  double *power = args_f64(&args, 2, &power_length);
  if (args.failed) return NULL;
  if (frame_length < (size_t)plan->size || power_length < (size_t)plan->half + 1)
    return range_error(env, "realPower: bad arrays");
  real_power(plan, frame, power);
  return NULL;
}

/* realSpectrum(plan, frame, spec, from, to) */
static napi_value real_spectrum_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 5)) return NULL;
  RealPlan *plan = args_plan(&args, 0, &REAL_PLAN);
  size_t frame_length = 0, spec_length = 0;
  const double *frame = args_f64(&args, 1, &frame_length);
  double *spec = args_f64(&args, 2, &spec_length);
  int from = args_int(&args, 3), to = args_int(&args, 4);
  if (args.failed) return NULL;
  if (frame_length < (size_t)plan->size || spec_length < (size_t)plan->size + 2 || from < 0 || to > plan->half)
    return range_error(env, "realSpectrum: bad arrays or bins");
  real_spectrum(plan, frame, spec, from, to);
  return NULL;
}

/* realInverse(plan, spec, out) */
static napi_value real_inverse_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 3)) return NULL;
  RealPlan *plan = args_plan(&args, 0, &REAL_PLAN);
  size_t spec_length = 0, out_length = 0;
  const double *spec = args_f64(&args, 1, &spec_length);
  double *out = args_f64(&args, 2, &out_length);
  if (args.failed) return NULL;
  if (spec_length < (size_t)plan->size + 2 || out_length < (size_t)plan->size)
    return range_error(env, "realInverse: bad arrays");
  real_inverse(plan, spec, out);
  return NULL;
}

void register_fft(napi_env env, napi_value exports) {
  define_function(env, exports, "complexPlan", complex_plan);
  define_function(env, exports, "complexTransform", complex_transform);
  define_function(env, exports, "realPlan", real_plan);
  define_function(env, exports, "realPower", real_power_fn);
  define_function(env, exports, "realSpectrum", real_spectrum_fn);
  define_function(env, exports, "realInverse", real_inverse_fn);
}
