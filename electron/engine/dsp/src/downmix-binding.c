/* Node-API function over downmix.c; lengths and the write position are checked first. */
#include "downmix-binding.h"

#include <stdint.h>

#include "downmix.h"
#include "napi-args.h"

/* mixStereo(out, at, left, right): out[at + i] = (left[i] + right[i]) * 0.5. */
static napi_value mix_stereo_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 4)) return NULL;
  size_t out_length = 0, left_length = 0, right_length = 0;
  float *out = args_f32(&args, 0, &out_length);
  int at = args_int(&args, 1);
  const float *left = args_f32(&args, 2, &left_length);
  const float *right = args_f32(&args, 3, &right_length);
  if (args.failed) return NULL;
  if (at < 0 || left_length != right_length || (uint64_t)at + left_length > out_length) {
    napi_throw_range_error(env, NULL, "mixStereo: bad arrays or position");
    return NULL;
  }
  /* Distinct buffers only: the kernel's pointers are restrict. */
  const uintptr_t o = (uintptr_t)(out + at), bytes = left_length * sizeof(float);
  const uintptr_t l = (uintptr_t)left, r = (uintptr_t)right;
  if (bytes > 0 && ((o < l + bytes && l < o + bytes) || (o < r + bytes && r < o + bytes))) {
    napi_throw_range_error(env, NULL, "mixStereo: out overlaps an input");
    return NULL;
  }
  if (left_length > 0) mix_stereo(out + at, left, right, left_length);
  return NULL;
}

void register_downmix(napi_env env, napi_value exports) { define_function(env, exports, "mixStereo", mix_stereo_fn); }
