#ifndef BACKBEAT_CQT_BINDING_H
#define BACKBEAT_CQT_BINDING_H
#include <node_api.h>
void register_cqt(napi_env env, napi_value exports);
#endif
