/**
 * Public functions name themselves in their errors: an argument error an internal step throws under its own name
 * ("matmul: …", "smoothness.gamma: …") leaves the public function under that function's name ("fitSieve: …"), with
 * its class, code and fields unchanged. One mechanism, wrapped around each public entry point that calls others.
 */
import { ArgumentRangeError, ArgumentTypeError, TooLargeError } from './errors';

/** `name: ` at the start of a message: a function name, possibly dotted, as check.ts writes it. */
const namePrefix = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*): /;

/** Whether the error is an attnsim argument error (TypeScript's, or the addon's coded TypeError / RangeError). */
function isArgumentError(error: unknown): error is Error {
  if (error instanceof ArgumentTypeError || error instanceof ArgumentRangeError || error instanceof TooLargeError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return (error instanceof TypeError || error instanceof RangeError) && typeof code === 'string' && code.startsWith('ERR_ATTNSIM_');
}

/**
 * The error, re-labelled with `fn` when it is an attnsim argument error named after another function.
 * @param fn the public function the user called.
 * @param error anything thrown inside it.
 * @returns the same error object (its message and stack re-labelled), or `error` untouched.
 * @example throw relabel('fitSieve', error); // "matmul: expected finite values in a" → "fitSieve: expected finite values in a"
 */
export function relabel(fn: string, error: unknown): unknown {
  if (!isArgumentError(error)) return error;
  const m = namePrefix.exec(error.message);
  if (m === null || m[1] === fn) return error;
  const message = `${fn}: ${error.message.slice(m[0].length)}`;
  if (typeof error.stack === 'string') error.stack = error.stack.replace(error.message, message);
  error.message = message;
  return error;
}

/**
 * Runs `body` as the public function `fn`: argument errors its internals throw leave it named `fn`.
 * @example return calledAs('smoothness.sampleTarget', () => sample(opts));
 */
export function calledAs<T>(fn: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw relabel(fn, error);
  }
}

/** calledAs for an async body: the promise rejects with the re-labelled error. */
export async function calledAsAsync<T>(fn: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw relabel(fn, error);
  }
}
