#ifndef BACKBEAT_POLYPHASE_BINDING_H
#define BACKBEAT_POLYPHASE_BINDING_H
#include <node_api.h>
void register_polyphase(napi_env env, napi_value exports);
#endif
