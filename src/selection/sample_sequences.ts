/** Seeded inputs and noisy labels of a sequence target, with an importance margin enforced window by window. */
import { assertRange, checkFiniteNumber, checkInteger, invalidRange, invalidType } from '../check';
import { checkMemory } from '../budget';
import { Matrix } from '../linalg/matrix';
import { MAX_SEED, Random } from '../linalg/random';
import { gatherSources, mod } from './sequence';
import { checkWindows, ImportanceTarget, SequenceTarget } from './targets';

/** Options of sampleSequences. */
export interface SampleOptions {
  target: SequenceTarget;
  /** Sequence length. */
  N: number;
  /** Number of sequences. */
  count: number;
  seed: number;
  /** Standard deviation of the Gaussian label noise (default 0). */
  noise?: number;
  /**
   * Importance target only: the least gap Δ₀ between consecutive importances among the k+1 most important tokens
   * of every window (default 0: no margin). Tokens that break it are redrawn.
   */
  margin?: number;
  /** Draw every coordinate from {0, 1/grid, …, 1} instead of [0, 1). */
  grid?: number;
  /**
   * Distinct positions of each sequence (the same in every sequence) at which to evaluate F and draw the noise: clean and
   * labels then hold one value per labelled position, in this order (default: every position).
   */
  labelled?: Int32Array;
}

/** What sampleSequences returns. */
export interface SequenceSample {
  /** count matrices N×d. */
  inputs: Matrix[];
  /** F(X) of each input (at the labelled positions only, when given). */
  clean: Float64Array[];
  /** F(X) plus noise (the same positions). */
  labels: Float64Array[];
  /** The fraction of windows (over all sequences and positions) that broke the margin as first drawn. */
  fixedFraction: number;
}

/** Rounds of redrawing before sampleSequences gives up on a margin. */
const MAX_ROUNDS = 200;

/**
 * Seeded sequences of tokens in [0,1]^d, their target values and noisy labels.
 * @param opts `{ target, N, count, seed, noise?, margin?, grid?, labelled? }`.
 * @returns inputs, clean values, labels and the fraction of windows the margin had to fix.
 * @throws {ArgumentRangeError} for a margin on a window target, or a margin no redrawing achieves.
 * @example sampleSequences({ target, N: 64, count: 10, seed: 1, noise: 0.1, margin: 0.05 }).fixedFraction;
 */
export function sampleSequences(opts: SampleOptions): SequenceSample {
  const fn = 'selection.sampleSequences';
  if (typeof opts !== 'object' || opts === null) throw invalidType(fn, 'options', 'an object', opts);
  const target = opts.target;
  if (typeof target !== 'object' || target === null || typeof target.evaluate !== 'function') {
    throw invalidType(fn, 'target', 'a target of selection.windowTarget or selection.importanceTarget', target);
  }
  const n = checkInteger(fn, 'N', opts.N, 1, 2 ** 24), count = checkInteger(fn, 'count', opts.count, 0, 2 ** 24);
  const seed = checkInteger(fn, 'seed', opts.seed, 0, MAX_SEED), noise = checkFiniteNumber(fn, 'noise', opts.noise ?? 0);
  const margin = checkFiniteNumber(fn, 'margin', opts.margin ?? 0);
  const grid = opts.grid === undefined ? 0 : checkInteger(fn, 'grid', opts.grid, 1, 2 ** 30);
  const labelled = opts.labelled === undefined ? undefined : checkLabelled(fn, opts.labelled, n);
  assertRange(noise >= 0 && margin >= 0, fn, () => 'expected noise and margin to be ≥ 0');
  assertRange(margin === 0 || target.kind === 'importance', fn, () => 'a margin needs an importance target');
  checkMemory(fn, `${count} sequences of ${n}×${target.d} tokens`, count * n * (target.d + 2) * 8);
  if (target.kind === 'importance') checkWindows(fn, count * n, 2 * (target as ImportanceTarget).U + 1);
  const rng = new Random(seed), d = target.d;
  const token = () => (grid > 0 ? rng.int(grid + 1) / grid : rng.next());
  let broken = 0;
  const inputs = Array.from({ length: count }, () => {
    const x = new Matrix(n, d, Float64Array.from({ length: n * d }, token));
    if (margin > 0) broken += enforceMargin(fn, x, target as ImportanceTarget, margin, token);
    return x;
  });
  const clean = labelled === undefined ? inputs.map((x) => target.evaluate(x)) : evaluateAt(target, inputs, labelled);
  const labels = clean.map((y) => y.map((v) => v + noise * rng.normal()));
  return { inputs, clean, labels, fixedFraction: count === 0 ? 0 : broken / (count * n) };
}

/** Checks that `labelled` is an Int32Array of distinct positions in 0 … N−1. */
function checkLabelled(fn: string, labelled: unknown, N: number): Int32Array {
  if (!(labelled instanceof Int32Array)) throw invalidType(fn, 'labelled', 'an Int32Array of positions', labelled);
  assertRange(labelled.length > 0 && labelled.every((t) => t >= 0 && t < N) && new Set(labelled).size === labelled.length, fn,
    () => `expected labelled to hold distinct positions in 0 … ${N - 1}`);
  return labelled;
}

/** F at the labelled positions of every sequence: the tokens they read, gathered, and f evaluated once on all of them. */
function evaluateAt(target: SequenceTarget, inputs: readonly Matrix[], labelled: Int32Array): Float64Array[] {
  if (inputs.length === 0) return [];
  const L = labelled.length, rows = inputs.map((x) => {
    const sources = target.sources(x);
    return Array.from(labelled, (t) => sources[t]);
  });
  const values = target.f.evaluate(gatherSources(inputs, rows));
  return inputs.map((_, i) => values.slice(i * L, (i + 1) * L));
}

/**
 * Redraws tokens until, in every window, consecutive importances among the k+1 most important differ by ≥ margin.
 * @returns the number of windows that broke the margin as first drawn.
 */
function enforceMargin(fn: string, x: Matrix, target: ImportanceTarget, margin: number, token: () => number): number {
  const n = x.rows, d = x.cols, m = 2 * target.U + 1, keep = Math.min(target.k + 1, m);
  assertRange(n >= m, fn, () => `a margin needs N ≥ 2U+1 = ${m} (distinct tokens in every window) but N is ${n}`);
  let first = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const mu = target.importanceOf(x);
    let bad = 0;
    for (let t = 0; t < n; t++) {
      const v = violator(mu, t, target.U, keep, margin);
      if (v < 0) continue;
      bad++;
      for (let i = 0; i < d; i++) x.data[v * d + i] = token();
      mu[v] = target.tokenImportance(x.data, v * d);
    }
    if (round === 0) first = bad;
    if (bad === 0) return first;
  }
  throw invalidRange(fn, `no redrawing within ${MAX_ROUNDS} rounds reached the margin ${margin}: ` +
    'lower it, or widen the range of the importance');
}

/** The position of the lower token of the first consecutive pair closer than margin among window t's top `keep`, or −1. */
function violator(mu: Float64Array, t: number, U: number, keep: number, margin: number): number {
  const n = mu.length, ranked: number[] = [];
  for (let o = -U; o <= U; o++) ranked.push(mod(t + o, n));
  ranked.sort((p, q) => mu[q] - mu[p]);
  for (let r = 0; r + 1 < keep; r++) if (mu[ranked[r]] - mu[ranked[r + 1]] < margin) return ranked[r + 1];
  return -1;
}
