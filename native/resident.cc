// Keeping the addon mapped for the life of the process (see resident.h).
#include "resident.h"

#if defined(__unix__) || defined(__APPLE__)
#include <dlfcn.h>
#endif

namespace attnsim {

void KeepLoaded() {
#if defined(__unix__) || defined(__APPLE__)
  Dl_info self;
  if (dladdr(reinterpret_cast<void*>(&KeepLoaded), &self) == 0 || self.dli_fname == nullptr) return;
  // RTLD_NOLOAD only raises the flags of the copy already loaded; its handle is kept on purpose (never dlclosed).
  dlopen(self.dli_fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
#endif
}

}  // namespace attnsim
