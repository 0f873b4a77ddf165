// Keeping the addon mapped for the life of the process, so that code V8 calls late still exists.
#pragma once

namespace attnsim {

/**
 * Marks the addon's own shared object as never to be unloaded (RTLD_NODELETE). Node unloads an addon when the last
 * worker thread that loaded it exits, yet V8 may still call the addon afterwards: the output pool's BackingStore
 * deleter runs when another thread collects a transferred output, and OpenBLAS's threads outlive the worker. Once
 * is enough; each worker's init calls it again, harmlessly. Where the platform has no dlopen (Windows), it does nothing.
 */
void KeepLoaded();

}  // namespace attnsim
