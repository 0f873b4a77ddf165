// Keeping the addon mapped for the life of the process, so that code V8 calls late still exists.
#pragma once

namespace attnsim {

/**
 * Marks the addon's own shared object as never to be unloaded (RTLD_NODELETE). Node unloads an addon when the last
 * worker thread that loaded it exits, yet V8 may still call the addon afterwards: the output pool's BackingStore
 * deleter runs when another thread collects a transferred output (and a worker terminated after a 1536² product
 * made the process segfault at exit). Once is enough; each worker's init calls it again, harmlessly. Where there is
 * no dlopen (Windows), it does nothing.
 */
void KeepLoaded();

}  // namespace attnsim
