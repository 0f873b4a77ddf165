/** Argument predicates and the one error factory every public function uses. */
import { ArgumentRangeError, ArgumentTypeError, ErrorCode } from './errors';

/** A short description of any value for error messages: `3 (number)`, `'a' (string)`. */
export function describe(value: unknown): string {
  if (value === null) return 'null (object)';
  if (typeof value === 'string') return `'${value}' (string)`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined) {
    return `${String(value)} (${typeof value})`;
  }
  if (Array.isArray(value)) return `an array of length ${value.length} (object)`;
  if (typeof value === 'function') return 'a function (function)';
  const shown = (value as { describe?: () => string }).describe;
  if (typeof shown === 'function') return `${shown.call(value)} (object)`;
  const ctor = (value as object).constructor;
  return ctor && ctor !== Object ? `a ${ctor.name} (object)` : 'an object (object)';
}

/** `<fn>: expected <what> for <name> but received <value> (<type>)`, as a TypeError. */
export function invalidType(fn: string, name: string, what: string, actual: unknown,
  code: ErrorCode = 'ERR_ATTNSIM_ARGUMENT'): ArgumentTypeError {
  return new ArgumentTypeError(`${fn}: expected ${what} for ${name} but received ${describe(actual)}`, code);
}

/** `<fn>: <message>`, as a RangeError with the given code. */
export function invalidRange(fn: string, message: string, code: ErrorCode = 'ERR_ATTNSIM_ARGUMENT'): ArgumentRangeError {
  return new ArgumentRangeError(`${fn}: ${message}`, code);
}

/** Throws a RangeError built by `message` unless `condition` holds (the message is built only on failure). */
export function assertRange(condition: boolean, fn: string, message: () => string, code?: ErrorCode): void {
  if (!condition) throw invalidRange(fn, message(), code);
}

/** An integer in [min, max], or a TypeError / RangeError naming it. */
export function checkInteger(fn: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number') throw invalidType(fn, name, 'an integer', value);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidRange(fn, `expected an integer between ${min} and ${max} for ${name} but received ${describe(value)}`);
  }
  return value;
}

/** A finite number, or a TypeError / RangeError naming it. */
export function checkFiniteNumber(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number') throw invalidType(fn, name, 'a finite number', value);
  if (!Number.isFinite(value)) {
    throw invalidRange(fn, `expected a finite number for ${name} but received ${describe(value)}`, 'ERR_ATTNSIM_NON_FINITE');
  }
  return value;
}

/** The largest finite float32, 3.4028234663852886e+38. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * A finite number that float32 holds without overflow (magnitude at most FLOAT32_MAX), or a RangeError naming it.
 * @returns value.
 * @throws {ArgumentRangeError} (ERR_ATTNSIM_NON_FINITE) beyond the float32 range.
 * @example checkFloat32('attention', 'scale', 1e39); // throws
 */
export function checkFloat32(fn: string, name: string, value: number): number {
  if (!(Math.abs(value) <= FLOAT32_MAX)) {
    throw invalidRange(fn, `expected a number within the float32 range (magnitude at most ${FLOAT32_MAX}) for ${name} ` +
      `but received ${describe(value)}`, 'ERR_ATTNSIM_NON_FINITE');
  }
  return value;
}

/** A boolean, or a TypeError naming it. */
export function checkBoolean(fn: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalidType(fn, name, 'a boolean', value);
  return value;
}

/** One of `allowed`, or a TypeError listing them. */
export function checkOneOf<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw invalidType(fn, name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
  return value as T;
}

/**
 * An options object (or undefined, read as `{}`) whose keys are all in `known`: a misspelt option
 * is an error, not a silent default.
 */
export function checkOptions<T extends object>(fn: string, value: unknown, known: readonly (keyof T & string)[]): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidType(fn, 'options', 'an object', value);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key as keyof T & string)) {
      throw invalidType(fn, `option '${key}'`, `one of the options ${known.join(', ')}`, (value as Record<string, unknown>)[key]);
    }
  }
  return value as Partial<T>;
}
