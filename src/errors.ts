/** The error classes attnsim throws; each carries a stable `code`. */

/** Stable codes of every error attnsim throws. */
export type ErrorCode =
  | 'ERR_ATTNSIM_ARGUMENT'
  | 'ERR_ATTNSIM_SHAPE'
  | 'ERR_ATTNSIM_DTYPE'
  | 'ERR_ATTNSIM_NON_FINITE'
  | 'ERR_ATTNSIM_BACKEND'
  | 'ERR_ATTNSIM_RASP'
  | 'ERR_ATTNSIM_RASP_SYNTAX'
  | 'ERR_ATTNSIM_RASP_LIMIT'
  | 'ERR_ATTNSIM_RASP_AT_MOST_ONE'
  | 'ERR_ATTNSIM_RASP_LOAD'
  | 'ERR_ATTNSIM_UNKNOWN_TOKEN'
  | 'ERR_ATTNSIM_SEQUENCE_LENGTH'
  | 'ERR_ATTNSIM_COMPILE'
  | 'ERR_ATTNSIM_TOO_LARGE'
  | 'ERR_ATTNSIM_MODEL_FILE'
  | 'ERR_ATTNSIM_WORKER'
  | 'ERR_ATTNSIM_SINGULAR'
  | 'ERR_ATTNSIM_DISPOSED'
  | 'ERR_ATTNSIM_THEORY_RANGE';

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
 * A RASP program failed: the message names the s-op, the position and the value where it could.
 * The code is ERR_ATTNSIM_RASP, ERR_ATTNSIM_RASP_LIMIT (a session limit was reached), ERR_ATTNSIM_RASP_LOAD (`load`
 * refused) or ERR_ATTNSIM_RASP_AT_MOST_ONE (an input breaks a selector's rasp.atMostOne promise).
 */
export class RaspError extends Error {
  readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode = 'ERR_ATTNSIM_RASP') {
    super(message);
    this.name = 'RaspError';
    this.code = code;
  }
}

/** RASP source that does not parse: the message shows the line, the column and a caret under the spot. */
export class RaspSyntaxError extends Error {
  readonly code: ErrorCode = 'ERR_ATTNSIM_RASP_SYNTAX';
  readonly line: number;
  readonly column: number;
  constructor(problem: string, source: string, line: number, column: number, file = '<input>') {
    const text = source.split('\n')[line - 1] ?? '';
    super(`${file}:${line}:${column}: ${problem}\n  ${text}\n  ${' '.repeat(Math.max(0, column - 1))}^`);
    this.name = 'RaspSyntaxError';
    this.line = line;
    this.column = column;
  }
}

/** One s-op the compiler cannot compile, and why. */
export interface CompileProblem {
  sop: string;
  reason: string;
}

/** A program that cannot be compiled: lists every unsupported s-op with its reason, in one throw. */
export class CompileError extends Error {
  readonly code: ErrorCode = 'ERR_ATTNSIM_COMPILE';
  readonly problems: readonly CompileProblem[];
  constructor(problems: CompileProblem[]) {
    super(`compile: cannot compile ${problems.length} s-op${problems.length === 1 ? '' : 's'}:\n` +
      problems.map((p) => `  '${p.sop}': ${p.reason}`).join('\n'));
    this.name = 'CompileError';
    this.problems = problems;
  }
}

/** Work whose memory (or size) would exceed a limit: refused before anything is allocated, saying how much was asked for. */
export class TooLargeError extends RangeError {
  readonly code: ErrorCode = 'ERR_ATTNSIM_TOO_LARGE';
  /** The bytes (or entries) the refused work would have needed. */
  readonly requested: number;
  /** The limit it was held against. */
  readonly limit: number;
  constructor(message: string, requested: number, limit: number) {
    super(message);
    this.name = 'TooLargeError';
    this.requested = requested;
    this.limit = limit;
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

/**
 * The message of anything thrown, for wrapping a user callback's failure: an Error's message, else what was thrown
 * (`throw null`, a string, a BigInt), described without calling code that could itself throw.
 * @example thrownMessage(null); // 'it threw null'
 */
export function thrownMessage(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  if (thrown === null || typeof thrown !== 'object' && typeof thrown !== 'function') {
    return `it threw ${typeof thrown === 'bigint' ? `${thrown}n` : typeof thrown === 'symbol' ? thrown.toString() : String(thrown)}`;
  }
  return `it threw a non-Error ${typeof thrown}`;
}
