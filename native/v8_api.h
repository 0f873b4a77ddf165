// V8's own API, for the two things Node-API cannot do: give V8 memory the addon owns (output_pool.cc) and hold a
// buffer's memory past a detach (pin.cc). ATTNSIM_V8_API is defined when Node's headers were found at build time;
// UsableV8 says whether this runtime is the Node.js major the addon was built against (its V8 ABI).
#pragma once

#include <napi.h>

#if __has_include(<v8.h>) && __has_include(<node_version.h>)
// node_version.h defines NAPI_VERSION as the newest Node-API version; the build's own (8) stays.
#pragma push_macro("NAPI_VERSION")
#undef NAPI_VERSION
#include <node_version.h>
#undef NAPI_VERSION
#pragma pop_macro("NAPI_VERSION")
#include <v8.h>
#define ATTNSIM_V8_API 1

namespace attnsim {

/** Whether this runtime is the Node.js major the addon was built against, so that V8's API may be called. */
inline bool UsableV8(napi_env env) {
  const napi_node_version* version = nullptr;
  return napi_get_node_version(env, &version) == napi_ok && version->major == NODE_MAJOR_VERSION;
}

}  // namespace attnsim
#endif
