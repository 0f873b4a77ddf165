/** runKernel and runKernelAsync: call a kernel for a public function and restate its errors in that function's terms. */
import { ArgumentRangeError, ArgumentTypeError, BackendError, ErrorCode, TooLargeError, withCallerStack } from '../errors';

/** The names kernels put in front of their messages (the addon's exports and the fallback's kernels). */
const kernelPrefix = /^(gemm|gemmBatched|softmaxRows|attention|firstNonFinite): /;

/** What a typed-array allocation that failed says (V8's wording). */
const allocationFailure = /allocation failed|invalid (typed )?array( buffer)? length/i;

/**
 * The error a kernel threw, as an attnsim error of `fn` (the function the user called): the kernel's name
 * is replaced by `fn`, the code is kept, an allocation failure becomes a TooLargeError and anything
 * unexpected becomes a BackendError. An attnsim error that names no kernel (e.g. from choosing the backend) is kept.
 * @param fn the public function the user called.
 * @param error what the kernel threw.
 * @param renames kernel argument names to restate as the user's (`{ c: 'out' }` for matmul's `out` option).
 * @returns the error to throw: an ArgumentTypeError, ArgumentRangeError, TooLargeError or BackendError.
 * @example asUserError('matmul', err).message; // 'matmul: expected c to share no memory with a'
 */
export function asUserError(fn: string, error: unknown, renames: Readonly<Record<string, string>> = {}): Error {
  const message = error instanceof Error ? error.message : String(error);
  const ours = error instanceof ArgumentTypeError || error instanceof ArgumentRangeError || error instanceof BackendError ||
    error instanceof TooLargeError;
  if (ours && !kernelPrefix.test(message)) return error;
  let text = kernelPrefix.test(message) ? message.replace(kernelPrefix, `${fn}: `) : `${fn}: ${message}`;
  for (const [from, to] of Object.entries(renames)) text = text.replace(new RegExp(`^${fn}: ${from}\\b`), `${fn}: ${to}`);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_ATTNSIM_TOO_LARGE' || (error instanceof RangeError && allocationFailure.test(message))) {
    const t = error as { requested?: number; limit?: number };
    return new TooLargeError(text, t.requested ?? NaN, t.limit ?? NaN);
  }
  if (typeof code === 'string' && code.startsWith('ERR_ATTNSIM_')) {
    if (error instanceof TypeError) return new ArgumentTypeError(text, code as ErrorCode);
    if (error instanceof RangeError) return new ArgumentRangeError(text, code as ErrorCode);
    return new BackendError(text);
  }
  const kernel = kernelPrefix.exec(message)?.[1] ?? 'backend';
  return new BackendError(`${fn}: internal error in the ${kernel} kernel: ${message.replace(kernelPrefix, '')}`);
}

/**
 * Runs a kernel synchronously for `fn`, restating any error it throws (see asUserError).
 * @returns what the kernel returns.
 * @throws the restated error.
 * @example runKernel('matmul', () => backend().gemm(args));
 */
export function runKernel<T>(fn: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asUserError(fn, error);
  }
}

/**
 * Starts an async kernel for `fn`: a bad call throws at once, a failure rejects with the caller's stack
 * (restated with `renames`, see asUserError).
 * @returns a promise that settles when the kernel's outputs are written.
 * @throws the restated error of a call the kernel refuses at once.
 * @example await runKernelAsync('matmulAsync', () => backend().gemmAsync(args));
 */
export function runKernelAsync(fn: string, run: () => Promise<void>,
  renames: Readonly<Record<string, string>> = {}): Promise<void> {
  const trace = new Error();
  const promise = runKernel(fn, run);
  return withCallerStack(promise.catch((error: unknown) => { throw asUserError(fn, error, renames); }), trace);
}
