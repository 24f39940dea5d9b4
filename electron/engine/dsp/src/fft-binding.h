#ifndef BACKBEAT_FFT_BINDING_H
#define BACKBEAT_FFT_BINDING_H
#include <node_api.h>
void register_fft(napi_env env, napi_value exports);
#endif
