/** `v8.getHeapStatistics` for the browser bundle: the compiler's memory check sees a 2 GiB heap (a tab's usual limit). */

/** The heap limit and the part in use (Chromium's performance.memory when it is there). */
export function getHeapStatistics(): { heap_size_limit: number; used_heap_size: number } {
  const memory = (globalThis.performance as { memory?: { usedJSHeapSize: number } } | undefined)?.memory;
  return { heap_size_limit: 2 * 2 ** 30, used_heap_size: memory?.usedJSHeapSize ?? 0 };
}
