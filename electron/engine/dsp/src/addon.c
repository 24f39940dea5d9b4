/* The module's entry: each kernel family registers its functions here. Node-API
 * module init is per environment, so the addon loads in worker threads too. */
#include <node_api.h>

#include "fft-binding.h"
#include "half-rate-binding.h"
#include "downmix-binding.h"
#include "tempogram-binding.h"
#include "polyphase-binding.h"
#include "cqt-binding.h"
#include "flac-binding.h"
#include "napi-args.h"
#include "stft-frame-binding.h"
#include "mel-rows-binding.h"

/* Raised when a kernel's JavaScript contract changes, so a stale build is refused. */
#define BACKBEAT_DSP_ABI 4

NAPI_MODULE_INIT() {
  napi_value abi;
  if (napi_create_int32(env, BACKBEAT_DSP_ABI, &abi) == napi_ok) napi_set_named_property(env, exports, "abi", abi);
  register_fft(env, exports);
  register_stft_frame(env, exports);
  register_mel_rows(env, exports);
  register_half_rate(env, exports);
  register_downmix(env, exports);
  register_tempogram(env, exports);
  register_polyphase(env, exports);
  register_cqt(env, exports);
  register_flac(env, exports);
  return exports;
}
