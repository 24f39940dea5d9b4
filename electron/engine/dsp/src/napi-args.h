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
void *args_external(Args *args, size_t index);
/* Wraps a plan for JavaScript; `finalize` frees it when the wrapper is collected. */
napi_value make_external(napi_env env, void *data, napi_finalize finalize);
void define_function(napi_env env, napi_value exports, const char *name, napi_callback cb);
#endif
