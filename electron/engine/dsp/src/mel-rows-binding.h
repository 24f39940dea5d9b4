#ifndef BACKBEAT_MEL_ROWS_BINDING_H
#define BACKBEAT_MEL_ROWS_BINDING_H
#include <node_api.h>
void register_mel_rows(napi_env env, napi_value exports);
#endif
