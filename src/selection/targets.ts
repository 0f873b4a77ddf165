/**
 * Shift-equivariant sequence-to-sequence targets. Window: F(X)_t = f(x_{t+o_1}, …, x_{t+o_J}). Importance: the tokens
 * of the window t−U..t+U ranked by μ(x) = w·x, F(X)_t = g(x_(1), …, x_(k)) of the k most important.
 */
import { assertRange, checkInteger, invalidType } from '../check';
import { TooLargeError } from '../errors';
import { Matrix } from '../linalg/matrix';
import { SmoothnessKind } from '../smoothness/gamma';
import { sampleTarget, SmoothTarget } from '../smoothness/target';
import { checkImportance, Importance } from './importance';
import { checkSequence, gatherSources, mod } from './sequence';

/** A sequence-to-sequence target on circular sequences of d-dimensional tokens. */
export interface SequenceTarget {
  readonly kind: 'window' | 'importance';
  /** Coordinates per token. */
  readonly d: number;
  /** The smooth function of the gathered tokens. */
  readonly f: SmoothTarget;
  /** F(X): one value per position. */
  evaluate(x: Matrix): Float64Array;
  /** For each position, the positions whose tokens F reads, in the order f takes them (N×J). */
  sources(x: Matrix): Int32Array[];
}

/** An importance target, with what ranks its tokens. */
export interface ImportanceTarget extends SequenceTarget {
  readonly kind: 'importance';
  readonly U: number;
  readonly k: number;
  /** μ: w (μ = w·x) or a small ReLU network. */
  readonly importance: Importance;
  /** μ of every token (N values). */
  importanceOf(x: Matrix): Float64Array;
  /** μ of the token x[offset .. offset + d). */
  tokenImportance(x: ArrayLike<number>, offset: number): number;
}

/** The most window entries (positions × window size) one ranking may sort: 2^26 takes seconds. */
const MAX_WINDOW_ENTRIES = 2 ** 26;

/** Throws a TooLargeError when ranking n windows of m tokens would exceed MAX_WINDOW_ENTRIES. */
export function checkWindows(fn: string, n: number, m: number): void {
  if (n * m > MAX_WINDOW_ENTRIES) {
    throw new TooLargeError(`${fn}: ranking ${n} windows of ${m} tokens (${n * m} entries) is over the limit of ` +
      `${MAX_WINDOW_ENTRIES}; use fewer positions or a smaller U`, n * m, MAX_WINDOW_ENTRIES);
  }
}

/** The smoothness part of a target's options. */
interface SmoothOptions {
  /** Smoothness of each coordinate of f (J·d of them); default 1, 2, 3, … */
  a?: readonly number[];
  kind?: SmoothnessKind;
  T: number;
  seed: number;
  /** The L^p norm each block of f is drawn to (1 ≤ p ≤ 2, default 2; smoothness.sampleTarget). */
  p?: number;
}

/** Options of windowTarget. */
export interface WindowTargetOptions extends SmoothOptions {
  d: number;
  /** The relative positions o_j read at every position. */
  offsets: readonly number[];
}

/** Options of importanceTarget. */
export interface ImportanceTargetOptions extends SmoothOptions {
  d: number;
  /** Window radius: the 2U+1 tokens t−U..t+U compete. */
  U: number;
  /** How many of the most important tokens g reads. */
  k: number;
  /** μ: w in μ(x) = w·x (d entries), or a small ReLU network { w1 (d×H), b1, w2, b2? }. */
  importance: Importance;
}

/** The f over `coords` coordinates a target's options ask for. */
function smoothPart(fn: string, o: SmoothOptions, coords: number): SmoothTarget {
  const a = o.a ?? Array.from({ length: coords }, (_, i) => i + 1);
  assertRange(Array.isArray(a) && a.length === coords, fn, () => `expected a to have ${coords} entries (one per coordinate of f)`);
  return sampleTarget({ a, kind: o.kind ?? 'anisotropic', T: o.T, seed: o.seed, p: o.p });
}

/** The N×(J·d) matrix of the tokens each position of x reads. */
function gatherOne(x: Matrix, sources: (x: Matrix) => Int32Array[]): Matrix {
  return gatherSources([x], [sources(x)]);
}

/**
 * A window target: F(X)_t = f(x_{t+o_1}, …, x_{t+o_J}) with f a seeded γ-smooth function of J·d coordinates.
 * @param opts `{ d, offsets, T, seed, a?, kind? }` (a defaults to 1, 2, 3, …; kind to anisotropic).
 * @returns the target: evaluate(X) gives F(X), sources(X) the positions it reads.
 * @throws {ArgumentRangeError} for bad offsets or a of the wrong length.
 * @example const F = windowTarget({ d: 1, offsets: [-1, 0, 2], T: 4, seed: 1 }); F.evaluate(x); // one value per row of x
 */
export function windowTarget(opts: WindowTargetOptions): SequenceTarget {
  const fn = 'selection.windowTarget';
  if (typeof opts !== 'object' || opts === null) throw invalidType(fn, 'options', 'an object', opts);
  const d = checkInteger(fn, 'd', opts.d, 1, 4096);
  if (!Array.isArray(opts.offsets) || opts.offsets.length === 0) {
    throw invalidType(fn, 'offsets', 'a non-empty array of integers', opts.offsets);
  }
  const offsets = opts.offsets.map((o, i) => checkInteger(fn, `offsets[${i}]`, o, -(2 ** 20), 2 ** 20));
  const f = smoothPart(fn, opts, offsets.length * d);
  const sources = (x: Matrix) => Array.from({ length: x.rows }, (_, t) => Int32Array.from(offsets, (o) => mod(t + o, x.rows)));
  return {
    kind: 'window', d, f, sources,
    evaluate: (x) => f.evaluate(gatherOne(checkSequence('SequenceTarget.evaluate', x, d), sources)),
  };
}

/**
 * An importance target: in each window t−U..t+U the tokens ranked by μ(x) (ties: the earlier offset first),
 * F(X)_t = g(x_(1), …, x_(k)) of the k most important, g a seeded γ-smooth function of k·d coordinates.
 * @param opts `{ d, U, k, importance, T, seed, a?, kind? }`.
 * @returns the target, with importanceOf(X) and sources(X) (the k chosen positions, most important first).
 * @throws {ArgumentRangeError} when k exceeds the window (2U+1) or w has not d entries.
 * @example const F = importanceTarget({ d: 2, U: 4, k: 2, importance: [1, 0.5], T: 4, seed: 1 });
 */
export function importanceTarget(opts: ImportanceTargetOptions): ImportanceTarget {
  const fn = 'selection.importanceTarget';
  if (typeof opts !== 'object' || opts === null) throw invalidType(fn, 'options', 'an object', opts);
  const d = checkInteger(fn, 'd', opts.d, 1, 4096), U = checkInteger(fn, 'U', opts.U, 0, 2 ** 16);
  const k = checkInteger(fn, 'k', opts.k, 1, 2 * U + 1);
  const mu = checkImportance(fn, opts.importance, d);
  const f = smoothPart(fn, opts, k * d);
  const importanceOf = (x: Matrix) => Float64Array.from({ length: x.rows }, (_, t) => mu.of(x.data, t * d));
  const sources = (x: Matrix) => {
    checkWindows('SequenceTarget.evaluate', x.rows, 2 * U + 1);
    const n = x.rows, mu = importanceOf(x), window = Array.from({ length: 2 * U + 1 }, (_, i) => i - U);
    return Array.from({ length: n }, (_, t) => {
      const ranked = [...window].sort((p, q) => mu[mod(t + q, n)] - mu[mod(t + p, n)] || p - q);
      return Int32Array.from(ranked.slice(0, k), (o) => mod(t + o, n));
    });
  };
  return {
    kind: 'importance', d, f, sources, importanceOf, U, k, importance: opts.importance, tokenImportance: mu.of,
    evaluate: (x) => f.evaluate(gatherOne(checkSequence('SequenceTarget.evaluate', x, d), sources)),
  };
}
