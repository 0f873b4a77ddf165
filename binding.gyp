# node-gyp build of the addon. The "sources" list below is the one list of sources:
# native/CMakeLists.txt reads it from this file, so both builds compile the same files.
{
  "targets": [
    {
      "target_name": "attnsim",
      "sources": [
        "native/addon.cc",
        "native/async.cc",
        "native/attention.cc",
        "native/attention_avx2.cc",
        "native/attention_avx512.cc",
        "native/attention_gemm_avx512.cc",
        "native/attention_kernel.cc",
        "native/attention_scalar.cc",
        "native/blas.cc",
        "native/check.cc",
        "native/finite.cc",
        "native/gemm.cc",
        "native/output_pool.cc",
        "native/pin.cc",
        "native/quiet_stderr.cc",
        "native/resident.cc",
        "native/runtime.cc",
        "native/softmax.cc",
        "native/thread_pool.cc",
        "native/work_memory.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(pkg-config --cflags-only-I openblas | sed 's/-I//g')"
      ],
      "libraries": ["<!@(pkg-config --libs openblas)"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-O3", "-Wall", "-Wextra"]
    }
  ]
}
