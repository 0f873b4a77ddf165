/**
 * The window extractor: one attention layer whose head h copies the token at offset o_h into its own dimensions. The
 * score of query t at key s is the positional code's inner product after rotating t by o_h: 1 at s = t+o_h and 0
 * elsewhere for one-hot codes, Σ_k cos(2πk(s−t−o_h)/N) for K sinusoidal frequencies. With gap Δ between the intended
 * score and the next, softmax at coldness c puts at most (N−1)e^{−cΔ} of its weight elsewhere.
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

/**
 * The one-layer transformer that copies x_{t+o_h} to position t with head h (a real EncoderModel: vector tokens,
 * circular, softmax heads). Its readout is the J·d copies side by side (head by head), or F(X) when `f` is given
 * (then EncoderModel.fromJSON needs `{ target: f }` among its functions).
 * @param opts `{ N, d, offsets, positional: 'onehot' | { sinusoidal: K }, coldness }`.
 * @returns the model, the gap Δ (1 for one-hot; K − max_{δ≠0} Σ_k cos(2πkδ/N) for sinusoidal), the weight bound
 *   (N−1)e^{−cΔ} and the copy bound (N−1)e^{−cΔ}·max|x| with max|x| = 1.
 * @throws {ArgumentTypeError} / {ArgumentRangeError} for bad options (K must be below N/2 for distinct codes).
 * @example buildWindowExtractor({ N: 64, d: 1, offsets: [-1, 0, 1], positional: { sinusoidal: 8 }, coldness: 20 }).gap; // ≈ 0.9497
 */
export function buildWindowExtractor(opts: WindowExtractorOptions): Construction {
  const fn = 'selection.buildWindowExtractor';
  if (typeof opts !== 'object' || opts === null) throw invalidType(fn, 'options', 'an object', opts);
  const n = checkInteger(fn, 'N', opts.N, 2, 2 ** 16), d = checkInteger(fn, 'd', opts.d, 1, 4096);
  const c = checkFiniteNumber(fn, 'coldness', opts.coldness);
  assertRange(c > 0, fn, () => `expected a positive coldness but received ${c}`);
  if (!Array.isArray(opts.offsets) || opts.offsets.length === 0) {
    throw invalidType(fn, 'offsets', 'a non-empty array of integers', opts.offsets);
  }
  const offsets = opts.offsets.map((o, i) => checkInteger(fn, `offsets[${i}]`, o, -(n - 1), n - 1));
  const positional = checkPositional(fn, opts.positional, n);
  checkMemory(fn, `the ${n}×${n} attention weights of each head`, offsets.length * n * n * 8 +
    (positional === 'onehot' ? 3 * n * n * 8 : 0));
  const f = opts.f;
  if (f !== undefined && !(f instanceof SmoothTarget && f.dimension === offsets.length * d)) {
    throw invalidType(fn, 'f', `a smooth target of ${offsets.length * d} coordinates (offsets × d)`, f);
  }
  const copies = offsets.flatMap((_, h) => Array.from({ length: d }, (__, i) => ({ sop: `copy${h}`, value: i })));
  const s = layout(d, n, positional, f === undefined ? copies : [...copies, { sop: 'F' }]), width = s.residual.width;
  const copyDims = range(s.residual.dim('copy0', 0), copies.length);
  const heads = offsets.map((o, h) => {
    const out = s.residual.dim(`copy${h}`, 0);
    return new AttentionHead(`copy${h}`, {
      wq: sparse(width, s.position.length, queryRotation(positional, n, o).map(([r, col, v]) => [s.position[r], col, v])),
      wk: sparse(width, s.position.length, s.position.map((dim, i) => [dim, i, 1])),
      wv: sparse(width, d, s.token.map((dim, i) => [dim, i, 1])),
      wo: sparse(d, width, range(0, d).map((i) => [i, out + i, 1])),
    }, 'softmax', c);
  });
  const feedForward = f === undefined ? []
    : [new PointwiseBlock('F', 'target', (...args: number[]) => f.evaluateDirect([args])[0], copyDims, s.residual.dim('F'))];
  const model = circularModel(s, n, [new EncoderLayer(heads, null, feedForward)],
    f === undefined ? { sop: 'window', dims: copyDims } : { sop: 'F', dims: [s.residual.dim('F')], encoding: 'numerical' });
  const gap = scoreGap(positional, n), weightBound = (n - 1) * Math.exp(-c * gap);
  return { model, gap, weightBound, bound: weightBound };
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

/** Entries (code row, code column, value) of the map taking position t's code to position t+o's. */
function queryRotation(p: PositionalEncoding, n: number, o: number): [number, number, number][] {
  if (p === 'onehot') return range(0, n).map((t) => [t, mod(t + o, n), 1]);
  return range(1, p.sinusoidal).flatMap((k): [number, number, number][] => {
    const cos = Math.cos((2 * Math.PI * k * o) / n), sin = Math.sin((2 * Math.PI * k * o) / n), c = 2 * (k - 1), s = c + 1;
    // (cos θ(t+o), sin θ(t+o)) = (cos θt·cos θo − sin θt·sin θo, sin θt·cos θo + cos θt·sin θo)
    return [[c, c, cos], [s, c, -sin], [s, s, cos], [c, s, sin]];
  });
}

/** The least gap between the score at distance 0 and at any other distance. */
function scoreGap(p: PositionalEncoding, n: number): number {
  if (p === 'onehot') return 1;
  const k = p.sinusoidal;
  let next = -Infinity;
  for (let delta = 1; delta < n; delta++) {
    let sum = 0;
    for (let f = 1; f <= k; f++) sum += Math.cos((2 * Math.PI * f * delta) / n);
    next = Math.max(next, sum);
  }
  return k - next;
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
