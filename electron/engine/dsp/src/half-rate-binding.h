#ifndef BACKBEAT_HALF_RATE_BINDING_H
#define BACKBEAT_HALF_RATE_BINDING_H
#include <node_api.h>
void register_half_rate(napi_env env, napi_value exports);
#endif
