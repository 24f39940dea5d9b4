#ifndef BACKBEAT_STFT_FRAME_BINDING_H
#define BACKBEAT_STFT_FRAME_BINDING_H
#include <node_api.h>
void register_stft_frame(napi_env env, napi_value exports);
#endif
