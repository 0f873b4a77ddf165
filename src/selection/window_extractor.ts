/**
 * The window extractor: one attention layer whose head h copies the token at offset o_h into its own dimensions. Each
 * head sees only the m = min(2U+1, N) keys within U = max|o_h| of its query (a circular window), and the positional
 * code is tied to that window, not to N: it is periodic with period P, the least divisor of N that is at least
 * 2U+1 (and 2K+1 for K sinusoidal frequencies), so the m visible keys have distinct codes. The score of query t at
 * key s is the code's inner product after rotating t by o_h: 1 at s = t+o_h and 0 elsewhere for one-hot codes,
 * Σ_k cos(2πk(s−t−o_h)/P) for sinusoidal ones. With gap Δ between the intended score and the next, softmax at
 * coldness c puts at most (m−1)e^{−cΔ} of its weight elsewhere. Whenever N has such a divisor P fixed by the window
 * (N a multiple of 2^⌈log₂ max(2U+1, 2K+1)⌉, say), Δ, the weights, their count and the bound are the same for every N.
 */
import { assertRange, checkFiniteNumber, checkInteger, invalidType } from '../check';
import { checkMemory } from '../budget';
import { AttentionHead } from '../encoder/attention_head';
import { EncoderLayer } from '../encoder/layer';
import { EncoderModel } from '../encoder/model';
import { PositionalEncoding } from '../encoder/positional';
import { checkMatrix, Matrix } from '../linalg/matrix';
import { PointwiseBlock } from '../encoder/pointwise';
import { SmoothTarget } from '../smoothness/target';
import { circularModel, layout, range, sparse } from './construction';
import { mod } from './sequence';

/** Options of buildWindowExtractor. */
export interface WindowExtractorOptions {
  /** Sequence length. */
  N: number;
  /** Token coordinates. */
  d: number;
  /** The relative positions to copy, one head each. */
  offsets: readonly number[];
  positional: PositionalEncoding;
  /** The factor c on the scores. */
  coldness: number;
  /**
   * The function of the copies (J·d coordinates, e.g. a windowTarget's f): when given, the feed-forward part
   * computes it as a marked block named 'target' (not a network), and the model outputs F(X) as one scalar per position.
   */
  f?: SmoothTarget;
}

/** A construction with its guarantee. */
export interface Construction {
  model: EncoderModel;
  /** Δ: the least gap between the intended key's score and any other's, before the coldness. */
  gap: number;
  /** The most weight a head puts off its intended key: (keys − 1)·e^{−cΔ}. */
  weightBound: number;
  /** The bound on each copied value for tokens in [0,1]^d (see each builder). */
  bound: number;
}

/** The window extractor with its window and the period of its positional code. */
export interface WindowExtractor extends Construction {
  /** U = max|o_h|: each head sees the keys t−U … t+U. */
  window: number;
  /** P: the positional code's period (the least divisor of N that is at least 2U+1, and 2K+1 when sinusoidal). */
  period: number;
}

/**
 * The one-layer transformer that copies x_{t+o_h} to position t with head h (a real EncoderModel: vector tokens,
 * circular, softmax heads). Its readout is the J·d copies side by side (head by head), or F(X) when `f` is given
 * (then EncoderModel.fromJSON needs `{ target: f }` among its functions).
 * @param opts `{ N, d, offsets, positional: 'onehot' | { sinusoidal: K }, coldness }`.
 * @returns the model, the window U, the code's period P, the gap Δ (1 for one-hot; K − max Σ_k cos(2πkδ/P) over the
 *   other visible keys' distances δ for sinusoidal), the weight bound (m−1)e^{−cΔ} and the copy bound
 *   (m−1)e^{−cΔ}·max|x| with max|x| = 1 (m = min(2U+1, N) keys in view).
 * @throws {ArgumentTypeError} / {ArgumentRangeError} for bad options (K must be below N/2 for distinct codes).
 * @example buildWindowExtractor({ N: 64, d: 1, offsets: [-1, 0, 1], positional: { sinusoidal: 8 }, coldness: 20 }).period; // 32
 */
export function buildWindowExtractor(opts: WindowExtractorOptions): WindowExtractor {
  const fn = 'selection.buildWindowExtractor';
  if (typeof opts !== 'object' || opts === null) throw invalidType(fn, 'options', 'an object', opts);
  const n = checkInteger(fn, 'N', opts.N, 2, 2 ** 16), d = checkInteger(fn, 'd', opts.d, 1, 4096);
  const c = checkFiniteNumber(fn, 'coldness', opts.coldness);
  assertRange(c > 0, fn, () => `expected a positive coldness but received ${c}`);
  if (!Array.isArray(opts.offsets) || opts.offsets.length === 0) {
    throw invalidType(fn, 'offsets', 'a non-empty array of integers', opts.offsets);
  }
  const offsets = opts.offsets.map((o, i) => nearest(checkInteger(fn, `offsets[${i}]`, o, -(n - 1), n - 1), n));
  const positional = checkPositional(fn, opts.positional, n);
  const U = Math.max(...offsets.map(Math.abs)), P = codePeriod(n, U, positional);
  checkMemory(fn, `the ${n}×${n} attention weights of each head`, offsets.length * n * n * 8 +
    (positional === 'onehot' ? 3 * n * n * 8 : 0));
  const f = opts.f;
  if (f !== undefined && !(f instanceof SmoothTarget && f.dimension === offsets.length * d)) {
    throw invalidType(fn, 'f', `a smooth target of ${offsets.length * d} coordinates (offsets × d)`, f);
  }
  const copies = offsets.flatMap((_, h) => Array.from({ length: d }, (__, i) => ({ sop: `copy${h}`, value: i })));
  const s = layout(d, n, positional, f === undefined ? copies : [...copies, { sop: 'F' }], P), width = s.residual.width;
  const copyDims = range(s.residual.dim('copy0', 0), copies.length);
  const heads = offsets.map((o, h) => {
    const out = s.residual.dim(`copy${h}`, 0);
    return new AttentionHead(`copy${h}`, {
      wq: sparse(width, s.position.length, queryRotation(positional, P, o).map(([r, col, v]) => [s.position[r], col, v])),
      wk: sparse(width, s.position.length, s.position.map((dim, i) => [dim, i, 1])),
      wv: sparse(width, d, s.token.map((dim, i) => [dim, i, 1])),
      wo: sparse(d, width, range(0, d).map((i) => [i, out + i, 1])),
    }, 'softmax', c, undefined, 2 * U + 1 < n ? U : undefined);
  });
  const feedForward = f === undefined ? []
    : [new PointwiseBlock('F', 'target', (...args: number[]) => f.evaluateDirect([args])[0], copyDims, s.residual.dim('F'))];
  const model = circularModel(s, n, [new EncoderLayer(heads, null, feedForward)],
    f === undefined ? { sop: 'window', dims: copyDims } : { sop: 'F', dims: [s.residual.dim('F')], encoding: 'numerical' });
  const keys = Math.min(2 * U + 1, n), gap = scoreGap(positional, P, offsets, n);
  const weightBound = (keys - 1) * Math.exp(-c * gap);
  return { model, gap, weightBound, bound: weightBound, window: U, period: P };
}

/** The offset o as the nearest of its equivalents mod N: in (−N/2, N/2]. */
function nearest(o: number, n: number): number {
  const r = mod(o, n);
  return 2 * r > n ? r - n : r;
}

/** P: the least divisor of N that is at least 2U+1 (and 2K+1 for K sinusoidal frequencies), or N. */
function codePeriod(n: number, U: number, p: PositionalEncoding): number {
  const least = Math.max(2 * U + 1, p === 'onehot' ? 1 : 2 * p.sinusoidal + 1);
  for (let period = least; period < n; period++) if (n % period === 0) return period;
  return n;
}

/** 'onehot' or { sinusoidal: K } with 1 ≤ K < N/2. */
function checkPositional(fn: string, p: unknown, n: number): PositionalEncoding {
  if (p === 'onehot') return p;
  if (typeof p !== 'object' || p === null || !('sinusoidal' in p)) {
    throw invalidType(fn, 'positional', "'onehot' or { sinusoidal: K }", p);
  }
  const k = (p as { sinusoidal: unknown }).sinusoidal;
  return { sinusoidal: checkInteger(fn, 'positional.sinusoidal', k, 1, Math.ceil(n / 2) - 1) };
}

/** Entries (code row, code column, value) of the map taking position t's code to position t+o's (period P). */
function queryRotation(p: PositionalEncoding, period: number, o: number): [number, number, number][] {
  if (p === 'onehot') return range(0, period).map((t) => [t, mod(t + o, period), 1]);
  return range(1, p.sinusoidal).flatMap((k): [number, number, number][] => {
    const angle = (2 * Math.PI * k * o) / period, cos = Math.cos(angle), sin = Math.sin(angle), c = 2 * (k - 1), s = c + 1;
    // (cos θ(t+o), sin θ(t+o)) = (cos θt·cos θo − sin θt·sin θo, sin θt·cos θo + cos θt·sin θo)
    return [[c, c, cos], [s, c, -sin], [s, s, cos], [c, s, sin]];
  });
}

/**
 * The least gap between the intended key's score and any other visible key's: with offset o a head sees the keys at
 * distances δ − o from its target, δ ∈ [−U, U]; a window that covers the sequence sees every distance 1 … N−1.
 */
function scoreGap(p: PositionalEncoding, period: number, offsets: readonly number[], n: number): number {
  if (p === 'onehot') return 1;
  const U = Math.max(...offsets.map(Math.abs)), distances = 2 * U + 1 >= n ? range(1, n - 1)
    : offsets.flatMap((o) => range(-U, 2 * U + 1).filter((delta) => delta !== o).map((delta) => delta - o));
  const score = (distance: number) => {
    let sum = 0;
    for (let f = 1; f <= p.sinusoidal; f++) sum += Math.cos((2 * Math.PI * f * distance) / period);
    return sum;
  };
  return p.sinusoidal - Math.max(...distances.map(score));
}

/**
 * Each head's weight off its intended key, at every position, for checks and plots.
 * @param model a window extractor; @param x N×d tokens; @param offsets the extractor's offsets.
 * @returns a J×N matrix (head by head).
 * @example offTargetWeights(model, x, [-1, 1]).data.every((w) => w <= weightBound); // true
 */
export function offTargetWeights(model: EncoderModel, x: Matrix, offsets: readonly number[]): Matrix {
  const fn = 'selection.offTargetWeights';
  if (!(model instanceof EncoderModel)) throw invalidType(fn, 'model', 'an EncoderModel (buildWindowExtractor\'s)', model);
  checkMatrix(fn, 'x', x);
  if (!Array.isArray(offsets)) throw invalidType(fn, 'offsets', 'an array of integers', offsets);
  offsets.forEach((o, h) => checkInteger(fn, `offsets[${h}]`, o, -x.rows, x.rows));
  const patterns = model.trace(x).layers[0].patterns, n = x.rows, out = new Float64Array(offsets.length * n);
  offsets.forEach((o, h) => { for (let t = 0; t < n; t++) out[h * n + t] = 1 - patterns[h].data[t * n + mod(t + o, n)]; });
  return new Matrix(offsets.length, n, out);
}
