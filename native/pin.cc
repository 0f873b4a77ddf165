// Holding a typed array's memory for an async call (see pin.h).
#include "pin.h"

#include <cstring>

#include "v8_api.h"

namespace attnsim {

#ifdef ATTNSIM_V8_API
std::shared_ptr<void> Pin(napi_env env, napi_value value) {
  static const bool usable = UsableV8(env);
  if (!usable) return nullptr;
  // A napi_value is a v8::Local's slot (node's own V8LocalValueFromJsValue).
  v8::Local<v8::Value> local;
  static_assert(sizeof local == sizeof value, "a napi_value is a v8::Local");
  std::memcpy(static_cast<void*>(&local), &value, sizeof value);
  if (!local->IsTypedArray()) return nullptr;
  std::shared_ptr<v8::BackingStore> store = local.As<v8::TypedArray>()->Buffer()->GetBackingStore();
  if (!store || store->Data() == nullptr || store->IsResizableByUserJavaScript()) return nullptr;
  return store;
}
#else
std::shared_ptr<void> Pin(napi_env, napi_value) {
  return nullptr;
}
#endif

}  // namespace attnsim
