#ifndef BACKBEAT_FLAC_BINDING_H
#define BACKBEAT_FLAC_BINDING_H
#include <node_api.h>
void register_flac(napi_env env, napi_value exports);
#endif
