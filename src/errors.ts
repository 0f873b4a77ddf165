/** The error classes attnsim throws; each carries a stable `code`. */

/** Stable codes of every error attnsim throws. */
export type ErrorCode =
  | 'ERR_ATTNSIM_ARGUMENT'
  | 'ERR_ATTNSIM_SHAPE'
  | 'ERR_ATTNSIM_DTYPE'
  | 'ERR_ATTNSIM_NON_FINITE'
  | 'ERR_ATTNSIM_BACKEND';

/** A wrong kind of argument: not a Matrix, not a number, a wrong dtype, an unknown option. */
export class ArgumentTypeError extends TypeError {
  readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode = 'ERR_ATTNSIM_ARGUMENT') {
    super(message);
    this.name = 'ArgumentTypeError';
    this.code = code;
  }
}

/** A right kind of argument with a wrong size or value: a shape mismatch, a non-finite entry. */
export class ArgumentRangeError extends RangeError {
  readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode = 'ERR_ATTNSIM_ARGUMENT') {
    super(message);
    this.name = 'ArgumentRangeError';
    this.code = code;
  }
}

/** The backend asked for cannot be used (the addon did not load, or an unknown backend name). */
export class BackendError extends Error {
  readonly code: ErrorCode = 'ERR_ATTNSIM_BACKEND';
  constructor(message: string) {
    super(message);
    this.name = 'BackendError';
  }
}

/**
 * Rejects with the native error's message but the caller's stack (captured in `trace` before the
 * async call), so the trace points at the user's line rather than at a worker thread.
 */
export function withCallerStack<T>(promise: Promise<T>, trace: Error): Promise<T> {
  return promise.catch((error: Error) => {
    error.stack = `${error.name}: ${error.message}\n${(trace.stack ?? '').split('\n').slice(1).join('\n')}`;
    throw error;
  });
}
