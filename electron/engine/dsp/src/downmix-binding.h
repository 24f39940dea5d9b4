#ifndef BACKBEAT_DOWNMIX_BINDING_H
#define BACKBEAT_DOWNMIX_BINDING_H
#include <node_api.h>
void register_downmix(napi_env env, napi_value exports);
#endif
