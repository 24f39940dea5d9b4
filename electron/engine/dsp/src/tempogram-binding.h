#ifndef BACKBEAT_TEMPOGRAM_BINDING_H
#define BACKBEAT_TEMPOGRAM_BINDING_H
#include <node_api.h>
void register_tempogram(napi_env env, napi_value exports);
#endif
