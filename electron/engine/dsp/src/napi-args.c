#include "napi-args.h"

#include <stdio.h>
#include <stdlib.h>

static void fail(Args *args, size_t index, const char *what) {
  if (args->failed) return;
  char message[160];
  snprintf(message, sizeof message, "backbeat_dsp: argument %u must be %s", (unsigned)index, what);
  napi_throw_type_error(args->env, NULL, message);
  args->failed = 1;
}

int args_read(napi_env env, napi_callback_info info, Args *args, size_t expected) {
  args->env = env;
  args->argc = MAX_ARGS;
  args->failed = 0;
  if (napi_get_cb_info(env, info, &args->argc, args->argv, NULL, NULL) != napi_ok || args->argc < expected) {
    napi_throw_type_error(env, NULL, "backbeat_dsp: too few arguments");
    args->failed = 1;
    return 0;
  }
  return 1;
}

static void *typed(Args *args, size_t index, napi_typedarray_type want, size_t *length, const char *what) {
  if (args->failed) return NULL;
  bool is_typed = false;
  napi_typedarray_type type;
  size_t n = 0;
  void *data = NULL;
  if (napi_is_typedarray(args->env, args->argv[index], &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(args->env, args->argv[index], &type, &n, &data, NULL, NULL) != napi_ok ||
      type != want) {
    fail(args, index, what);
    return NULL;
  }
  if (length) *length = n;
  return data;
}

double *args_f64(Args *args, size_t index, size_t *length) {
  return (double *)typed(args, index, napi_float64_array, length, "a Float64Array");
}

float *args_f32(Args *args, size_t index, size_t *length) {
  return (float *)typed(args, index, napi_float32_array, length, "a Float32Array");
}

uint8_t *args_u8(Args *args, size_t index, size_t *length) {
  return (uint8_t *)typed(args, index, napi_uint8_array, length, "a Uint8Array");
}

int32_t *args_i32(Args *args, size_t index, size_t *length) {
  return (int32_t *)typed(args, index, napi_int32_array, length, "an Int32Array");
}

int args_int(Args *args, size_t index) {
  int32_t value = 0;
  if (args->failed) return 0;
  if (napi_get_value_int32(args->env, args->argv[index], &value) != napi_ok) fail(args, index, "a number");
  return value;
}

double args_double(Args *args, size_t index) {
  double value = 0;
  if (args->failed) return 0;
  if (napi_get_value_double(args->env, args->argv[index], &value) != napi_ok) fail(args, index, "a number");
  return value;
}

/* What JavaScript holds: the kind beside the plan. */
typedef struct {
  const PlanKind *kind;
  void *plan;
} PlanBox;

void *args_plan(Args *args, size_t index, const PlanKind *kind) {
  void *data = NULL;
  napi_valuetype type;
  if (args->failed) return NULL;
  if (napi_typeof(args->env, args->argv[index], &type) != napi_ok || type != napi_external ||
      napi_get_value_external(args->env, args->argv[index], &data) != napi_ok || data == NULL ||
      ((PlanBox *)data)->kind != kind) {
    char what[64];
    snprintf(what, sizeof what, "a %s plan", kind->name);
    fail(args, index, what);
    return NULL;
  }
  return ((PlanBox *)data)->plan;
}

static void finalize_plan(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  PlanBox *box = data;
  box->kind->release(box->plan);
  free(box);
}

napi_value make_plan(napi_env env, const PlanKind *kind, void *plan) {
  napi_value value = NULL;
  PlanBox *box = plan ? malloc(sizeof *box) : NULL;
  if (box == NULL) {
    if (plan) kind->release(plan);
    napi_throw_error(env, NULL, "backbeat_dsp: out of memory");
    return NULL;
  }
  box->kind = kind;
  box->plan = plan;
  if (napi_create_external(env, box, finalize_plan, NULL, &value) != napi_ok) {
    finalize_plan(env, box, NULL);
    return NULL;
  }
  return value;
}

napi_value range_error(napi_env env, const char *message) {
  napi_throw_range_error(env, NULL, message);
  return NULL;
}

void define_function(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  if (napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn) == napi_ok)
    napi_set_named_property(env, exports, name, fn);
}
