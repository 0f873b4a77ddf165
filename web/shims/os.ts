/** `os.totalmem` for the browser bundle: the memory budget is half of it, so a page refuses what would exhaust its tab. */

/** The device's memory as the browser reports it (navigator.deviceMemory, in GiB, capped at 8 by browsers), else 4 GiB. */
export function totalmem(): number {
  const gib = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory ?? 4;
  return gib * 2 ** 30;
}
