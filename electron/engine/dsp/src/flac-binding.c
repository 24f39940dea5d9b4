/* Node-API function over flac.c. Every array's length is checked before C touches it. */
#include "flac-binding.h"

#include "flac.h"
#include "napi-args.h"

/* flacDecode(input, last, out, capacity, scratch, stream, result):
 * stream = [sample rate, bits] from STREAMINFO; result receives
 * [bytes consumed, samples per channel, channels, sample rate, bits, bytes skipped]. */
static napi_value flac_decode_fn(napi_env env, napi_callback_info info) {
  Args args;
  if (!args_read(env, info, &args, 7)) return NULL;
  size_t in_length = 0, out_length = 0, scratch_length = 0, stream_length = 0, result_length = 0;
  const uint8_t *in = args_u8(&args, 0, &in_length);
  int last = args_int(&args, 1);
  float *out = args_f32(&args, 2, &out_length);
  int capacity = args_int(&args, 3);
  int32_t *scratch = args_i32(&args, 4, &scratch_length);
  const int32_t *stream = args_i32(&args, 5, &stream_length);
  double *result = args_f64(&args, 6, &result_length);
  if (args.failed) return NULL;
  if (capacity < FLAC_MAX_BLOCK || capacity > (1 << 24) || out_length < (size_t)FLAC_MAX_CHANNELS * (size_t)capacity ||
      scratch_length < (size_t)FLAC_MAX_CHANNELS * FLAC_MAX_BLOCK || stream_length < 2 || result_length < 6) {
    napi_throw_range_error(env, NULL, "flacDecode: bad arrays");
    return NULL;
  }
  FlacCall call;
  call.stream_rate = stream[0];
  call.stream_bits = stream[1];
  flac_decode(&call, in, in_length, last != 0, out, capacity, scratch);
  result[0] = (double)call.consumed;
  result[1] = call.samples;
  result[2] = call.channels;
  result[3] = call.rate;
  result[4] = call.bits;
  result[5] = call.skipped;
  return NULL;
}

void register_flac(napi_env env, napi_value exports) { define_function(env, exports, "flacDecode", flac_decode_fn); }
