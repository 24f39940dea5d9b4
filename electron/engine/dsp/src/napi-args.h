/* Reading the arguments of a Node-API call: typed arrays, numbers and plan handles.
 * Every reader checks the type and throws a JavaScript TypeError on a mismatch (the
 * TypeScript wrappers never pass one; this guards memory, not users). */
#ifndef BACKBEAT_NAPI_ARGS_H
#define BACKBEAT_NAPI_ARGS_H
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_ARGS 8

typedef struct {
  napi_env env;
  size_t argc;
  napi_value argv[MAX_ARGS];
  int failed; /* set once an exception is pending: later readers return NULL/0 */
} Args;

int args_read(napi_env env, napi_callback_info info, Args *args, size_t expected);
double *args_f64(Args *args, size_t index, size_t *length);
float *args_f32(Args *args, size_t index, size_t *length);
uint8_t *args_u8(Args *args, size_t index, size_t *length);
int32_t *args_i32(Args *args, size_t index, size_t *length);
int args_int(Args *args, size_t index);
double args_double(Args *args, size_t index);
/* What a plan is: its name for error messages and how to free it. Each binding declares
 * one static PlanKind per kind of plan; its address is what tells the kinds apart, so a
 * plan of one kind handed where another is expected is refused before C reads it. */
typedef struct {
  const char *name;
  void (*release)(void *plan);
} PlanKind;

/* Wraps `plan` for JavaScript, freed with kind->release when the wrapper is collected.
 * NULL (out of memory) throws. */
napi_value make_plan(napi_env env, const PlanKind *kind, void *plan);
/* The plan at argument `index`, or NULL with a TypeError pending when it is anything
 * else (another kind of plan included). */
void *args_plan(Args *args, size_t index, const PlanKind *kind);
/* Throws a RangeError (an array or index that does not fit); returns NULL to return. */
napi_value range_error(napi_env env, const char *message);
void define_function(napi_env env, napi_value exports, const char *name, napi_callback cb);
#endif
