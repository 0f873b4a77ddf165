/** The memory budget: work estimated to need more than this is refused before it allocates. */
import * as os from 'os';
import { checkFiniteNumber, invalidRange } from './check';
import { TooLargeError } from './errors';

/** The default budget: this fraction of the machine's total memory. */
export const DEFAULT_BUDGET_FRACTION = 0.5;

let budgetBytes = Math.floor(os.totalmem() * DEFAULT_BUDGET_FRACTION);

/** The current memory budget in bytes (default: half of `os.totalmem()`). */
export function memoryBudget(): number {
  return budgetBytes;
}

/**
 * Sets the memory budget that builds and runs are checked against before they allocate.
 * @param bytes a positive number of bytes, or `undefined` to restore the default.
 * @returns the budget now in force.
 * @throws {ArgumentRangeError} for a non-positive or non-finite number.
 * @example setMemoryBudget(2 ** 30); // refuse work estimated above 1 GiB
 */
export function setMemoryBudget(bytes?: number): number {
  if (bytes === undefined) {
    budgetBytes = Math.floor(os.totalmem() * DEFAULT_BUDGET_FRACTION);
    return budgetBytes;
  }
  checkFiniteNumber('setMemoryBudget', 'bytes', bytes);
  if (bytes <= 0) throw invalidRange('setMemoryBudget', `expected a positive number of bytes but received ${bytes}`);
  budgetBytes = Math.floor(bytes);
  return budgetBytes;
}

/** `1.5 GiB`, `800 KiB`: a byte count for people. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Throws a TooLargeError when `bytes` exceeds the budget (or `limit`, when given).
 * @param fn the public function the user called, named in the message.
 * @param what what would be allocated, in the user's terms (e.g. 'the 100000×100000 score matrix').
 */
export function checkMemory(fn: string, what: string, bytes: number, limit = budgetBytes): void {
  if (bytes <= limit) return;
  throw new TooLargeError(`${fn}: ${what} needs ${formatBytes(bytes)}, over the memory budget of ` +
    `${formatBytes(limit)} (setMemoryBudget changes it)`, bytes, limit);
}
