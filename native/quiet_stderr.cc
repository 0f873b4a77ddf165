// fd 2 to /dev/null and back (see quiet_stderr.h).
#include "quiet_stderr.h"

#include <fcntl.h>
#include <unistd.h>

namespace attnsim {
namespace {

/** The saved fd 2 while silenced, else −1 (the main thread is the only caller). */
int saved = -1;

bool Silence() {
  if (saved >= 0) return false;
  const int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null < 0) return false;
  saved = dup(2);
  const bool ok = saved >= 0 && dup2(null, 2) >= 0;
  close(null);
  if (!ok && saved >= 0) {
    close(saved);
    saved = -1;
  }
  return ok;
}

bool Restore() {
  if (saved < 0) return false;
  const bool ok = dup2(saved, 2) >= 0;
  close(saved);
  saved = -1;
  return ok;
}

}  // namespace

Napi::Value QuietStderr(const Napi::CallbackInfo& info) {
  const bool on = info.Length() > 0 && info[0].ToBoolean().Value();
  return Napi::Boolean::New(info.Env(), on ? Silence() : Restore());
}

}  // namespace attnsim
