/**
 * Labelled positions of a sequence target: every position of n/N sequences, or positions spaced so that their windows
 * never share a token (independent samples); their flattened windows and gathered tokens.
 */
import { invalidRange } from '../check';
import { Matrix } from '../linalg/matrix';
import { sampleSequences } from '../selection/sample_sequences';
import { gatherSources, mod } from '../selection/sequence';
import { SequenceTarget } from '../selection/targets';

/** Sequences, their labels and clean values at the labelled positions (sequence-major), and the margin's fixed fraction. */
export interface PositionSample {
  inputs: Matrix[];
  /** The labelled positions of every sequence (the same in each): 0 … N−1, or 0, s, 2s, … with spacing s. */
  labelled: Int32Array;
  /** F(X)_t + noise at each labelled position (inputs.length · labelled.length values). */
  labels: Float64Array;
  /** F(X)_t at each labelled position. */
  clean: Float64Array;
  fixedFraction: number;
}

/**
 * Draws n labelled positions of a sequence target, so varying N does not change the data. With spacing 1 (default) every
 * position of n/N sequences is labelled; with spacing s, positions 0, s, …, (m−1)s of n/m sequences, m = ⌊N/s⌋ (so the
 * last and the first, around the circle, are s or more apart too): with s ≥ 2r+1, no two labelled positions share a
 * token of their radius-r windows, and each is an independent draw.
 * @param opts the target, N, positions n (a multiple of the labelled positions per sequence), seed, noise σ, margin Δ₀
 * (importance targets) and spacing s.
 * @returns the sequences, the labelled positions and flat labels.
 * @throws {ArgumentRangeError} when n is not a positive multiple of the labelled positions per sequence, or s is not in 1 … N.
 * @example samplePositions({ target, N: 64, positions: 1024, seed: 1, noise: 0.5, spacing: 16 }).labelled; // [0, 16, 32, 48]
 */
export function samplePositions(opts: { target: SequenceTarget; N: number; positions: number; seed: number; noise: number;
  margin?: number; spacing?: number; }): PositionSample {
  const { N, positions } = opts, spacing = opts.spacing ?? 1;
  if (!(Number.isInteger(spacing) && spacing >= 1 && spacing <= N)) {
    throw invalidRange('samplePositions', `expected a spacing between 1 and the sequence length ${N} but received ${spacing}`);
  }
  const m = Math.floor(N / spacing), labelled = Int32Array.from({ length: m }, (_, i) => i * spacing);
  if (!(positions >= m && positions % m === 0)) {
    throw invalidRange('samplePositions', `expected n (${positions} labelled positions) to be a multiple of the ${m} labelled ` +
      `positions per sequence (N = ${N}, spacing ${spacing})`);
  }
  const s = sampleSequences({ target: opts.target, N, count: positions / m, seed: opts.seed, noise: opts.noise,
    margin: opts.margin, ...(spacing === 1 ? {} : { labelled }) });
  const flat = (parts: Float64Array[]) => {
    const out = new Float64Array(positions);
    parts.forEach((p, i) => out.set(p, i * m));
    return out;
  };
  return { inputs: s.inputs, labelled, labels: flat(s.labels), clean: flat(s.clean), fixedFraction: s.fixedFraction };
}

/**
 * The spacing of independent labelled positions, fixed by the design alone: s₀ = 2r+1 (r the widest radius any estimator
 * window or the target's reach spans), then per sequence m = the largest power of two ≤ ⌊N/s₀⌋ labelled positions (so
 * that n = 2^j is a whole number of sequences), s = ⌊N/m⌋.
 * @throws {ArgumentRangeError} when one window 2r+1 does not fit in N.
 * @example disjointSpacing(64, 4); // 16: positions 0, 16, 32, 48
 */
export function disjointSpacing(N: number, radius: number): number {
  const fit = Math.floor(N / (2 * radius + 1));
  if (fit < 1) throw invalidRange('disjointSpacing', `a window of radius ${radius} (${2 * radius + 1} tokens) does not fit in N = ${N}`);
  return Math.floor(N / 2 ** Math.floor(Math.log2(fit)));
}

/**
 * The estimator window of each labelled position, flattened: row r of sequence i holds x_{t−W}, …, x_{t+W} (circular)
 * for t the r-th labelled position (default: every position).
 * @returns a (count·L)×((2W+1)·d) matrix, sequence-major.
 * @example flattenWindows(sample.inputs, 4, sample.labelled).cols; // 9·d
 */
export function flattenWindows(inputs: readonly Matrix[], W: number, labelled?: Int32Array): Matrix {
  const offsets = Array.from({ length: 2 * W + 1 }, (_, i) => i - W);
  return gatherTokens(inputs, (x) => Array.from({ length: x.rows }, (_, t) => Int32Array.from(offsets, (o) => mod(t + o, x.rows))), labelled);
}

/**
 * The tokens a selection reads at each labelled position, side by side.
 * @param sources for one sequence, the positions read at each position (N rows of J).
 * @param labelled the positions kept (default: every position).
 * @returns a (count·L)×(J·d) matrix, sequence-major.
 * @example gatherTokens(sample.inputs, (x) => target.sources(x), sample.labelled);
 */
export function gatherTokens(inputs: readonly Matrix[], sources: (x: Matrix) => Int32Array[], labelled?: Int32Array): Matrix {
  return gatherSources(inputs, inputs.map((x) => {
    const rows = sources(x);
    return labelled === undefined ? rows : Array.from(labelled, (t) => rows[t]);
  }));
}
