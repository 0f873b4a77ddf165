/** Picks the backend (native when the addon loads, else the fallback) and reports which one runs. */
import { checkInteger, checkOneOf } from '../check';
import { BackendError } from '../errors';
import { loadNative, LoadResult, requestedBackend } from '../native/load';
import { Backend } from './backend';
import { jsBackend } from './js';
import { nativeBackend } from './native';

let loaded: LoadResult | undefined;
let current: Backend | undefined;

function load(): LoadResult {
  loaded ??= loadNative();
  return loaded;
}

function nativeOrThrow(): Backend {
  const result = load();
  if (result.binding === null) throw new BackendError(result.explanation);
  return nativeBackend(result.binding);
}

function choose(): Backend {
  const requested = requestedBackend();
  if (requested === 'js') return jsBackend;
  if (requested === 'native') return nativeOrThrow();
  const result = load();
  if (result.binding !== null) return nativeBackend(result.binding);
  process.stderr.write(`${result.explanation}\nattnsim: using the pure-TypeScript fallback (same results, slower).\n`);
  return jsBackend;
}

/** The backend every op dispatches to, chosen on first use. */
export function backend(): Backend {
  current ??= choose();
  return current;
}

/**
 * Switches every op to a backend by name.
 * @param name `'native'` (the addon; throws a BackendError that explains why if it cannot load) or `'js'`.
 * @throws {BackendError} when `'native'` is asked for and the addon does not load.
 * @example setBackend('js'); // run the pure-TypeScript kernels
 */
export function setBackend(name: 'native' | 'js'): void {
  checkOneOf('setBackend', 'name', name, ['native', 'js'] as const);
  current = name === 'js' ? jsBackend : nativeOrThrow();
}

/** Whether the native addon can be loaded here (without switching to it). */
export function nativeAvailable(): boolean {
  return load().binding !== null;
}

/** What runs the numerics. */
export interface BackendInfo {
  /** True when the C++ addon runs the kernels, false on the pure-TypeScript fallback. */
  native: boolean;
  /** The BLAS library's own description (e.g. `OpenBLAS 0.3.21 ...`), or null on the fallback. */
  blas: string | null;
  /** Threads the BLAS uses (1 on the fallback). */
  threads: number;
}

/**
 * Which backend runs the numerics.
 * @returns `{ native, blas, threads }`.
 * @example backendInfo(); // { native: true, blas: 'OpenBLAS 0.3.21 ...', threads: 2 }
 */
export function backendInfo(): BackendInfo {
  const b = backend();
  return { native: b.name === 'native', blas: b.blas, threads: b.threads() };
}

/**
 * Sets how many threads the BLAS uses (no effect on the single-threaded fallback).
 * @param n an integer from 1 to 1024.
 * @throws {ArgumentRangeError} for anything else.
 * @example setThreads(1); // single-threaded GEMM, e.g. for timing
 */
export function setThreads(n: number): void {
  backend().setThreads(checkInteger('setThreads', 'n', n, 1, 1024));
}
