/** What the simulator worker and its callers exchange: specs and inputs with matrices made cloneable, and errors. */
import { ArgumentRangeError, ArgumentTypeError, ErrorCode, TooLargeError } from '../../errors';
import { Matrix } from '../../linalg/matrix';

/** A matrix as structured clone carries it (the class is lost in a clone). */
interface PlainMatrix {
  matrix: [number, number, Float64Array];
}

/** A value with every Matrix inside it (in arrays and plain objects) made plain. */
export function toPlain(value: unknown): unknown {
  if (value instanceof Matrix) return { matrix: [value.rows, value.cols, Float64Array.from(value.data)] } satisfies PlainMatrix;
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  return value;
}

/** The inverse of toPlain. */
export function fromPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromPlain);
  if (typeof value === 'object' && value !== null) {
    const m = (value as PlainMatrix).matrix;
    if (Array.isArray(m) && m[2] instanceof Float64Array) return new Matrix(m[0], m[1], m[2]);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromPlain(v)]));
  }
  return value;
}

/** An error as it crosses threads. */
export interface PlainError {
  name: string;
  message: string;
  code?: ErrorCode;
  requested?: number;
  limit?: number;
}

/** The error's fields that survive a clone. */
export function errorToPlain(error: unknown): PlainError {
  const e = error as Error & Partial<PlainError>;
  return { name: e?.name ?? 'Error', message: e?.message ?? String(error), code: e?.code, requested: e?.requested, limit: e?.limit };
}

/** The attnsim error the worker threw, rebuilt in this thread (same class, code and message). */
export function errorFromPlain(e: PlainError): Error {
  if (e.name === 'TooLargeError') return new TooLargeError(e.message, e.requested ?? NaN, e.limit ?? NaN);
  if (e.name === 'ArgumentTypeError') return new ArgumentTypeError(e.message, e.code);
  if (e.name === 'ArgumentRangeError') return new ArgumentRangeError(e.message, e.code);
  return new WorkerError(e.message, e.code ?? 'ERR_ATTNSIM_WORKER');
}

/**
 * An error from the simulator's worker thread that has no class of its own here (code as thrown there), or the
 * thread's own failure (ERR_ATTNSIM_WORKER: it exited or could not start; the next call starts a new thread).
 */
export class WorkerError extends Error {
  readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode) {
    super(message);
    this.name = 'WorkerError';
    this.code = code;
  }
}
