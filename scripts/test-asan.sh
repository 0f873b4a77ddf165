#!/usr/bin/env bash
# npm run test:asan: builds the addon with AddressSanitizer and UndefinedBehaviorSanitizer into
# native/build-asan (the normal build in native/build is untouched), then runs the whole mocha suite
# (with the fuzz and crash tests, which spawn children that inherit the same environment) against it:
# ATTNSIM_ADDON points the loader there. Any sanitizer report fails the run. About 2 minutes on two cores.
# Usage: scripts/test-asan.sh [mocha spec or option ...] (default: the suite of .mocharc.json).
set -euo pipefail
cd "$(dirname "$0")/.."

# cmake-js sets CMAKE_CXX_FLAGS itself, so the sanitizer flags go through the Release variables.
# No vptr check: node is built without RTTI and exports the std::shared_ptr<v8::BackingStore> control block's
# vtable (output_pool.cc makes one), so UBSan would find no type information there and report a false error.
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined"
npx cmake-js compile --directory native --out native/build-asan \
  --CDCMAKE_CXX_FLAGS_RELEASE="$flags" --CDCMAKE_SHARED_LINKER_FLAGS_RELEASE="-fsanitize=address,undefined"
npx tsc -p tsconfig.json

# node itself is not instrumented, so the ASan runtime must be loaded first (LD_PRELOAD). V8 keeps
# memory alive until exit and handles SIGSEGV for WebAssembly guard pages: no leak check, and the
# signal stays with V8.
libasan="$(g++ -print-file-name=libasan.so)"
export LD_PRELOAD="$libasan"
export ASAN_OPTIONS="detect_leaks=0:handle_segv=0:allow_user_segv_handler=1:abort_on_error=1:detect_odr_violation=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ATTNSIM_ADDON="$PWD/native/build-asan/Release/attnsim.node"  # absolute: tests start children in other folders
export ATTNSIM_BACKEND=native

node -e "if (!require('./').backendInfo().native) process.exit(1); console.log('asan addon:', process.env.ATTNSIM_ADDON)"
if [ $# -gt 0 ]; then
  npx mocha --no-config --timeout 300000 "$@"
else
  npx mocha --timeout 300000
fi
