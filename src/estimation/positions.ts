/** Labelled positions of a sequence target: n positions are n/N sequences; their flattened windows and gathered tokens. */
import { invalidRange } from '../check';
import { Matrix } from '../linalg/matrix';
import { sampleSequences } from '../selection/sample_sequences';
import { mod } from '../selection/sequence';
import { SequenceTarget } from '../selection/targets';

/** Sequences, their labels and clean values position by position (sequence-major), and the margin's fixed fraction. */
export interface PositionSample {
  inputs: Matrix[];
  /** F(X)_t + noise, one per labelled position (count·N). */
  labels: Float64Array;
  /** F(X)_t, one per position. */
  clean: Float64Array;
  fixedFraction: number;
}

/**
 * Draws n labelled positions: n/N circular sequences of a sequence target, so varying N does not change the data.
 * @param opts the target, N, positions n (a multiple of N), seed, noise σ and margin Δ₀ (importance targets).
 * @returns the sequences and flat labels.
 * @throws {ArgumentRangeError} when n is not a positive multiple of N.
 * @example samplePositions({ target, N: 64, positions: 1024, seed: 1, noise: 0.5 }).labels.length; // 1024
 */
export function samplePositions(opts: { target: SequenceTarget; N: number; positions: number; seed: number; noise: number;
  margin?: number; }): PositionSample {
  const { N, positions } = opts;
  if (!(positions >= N && positions % N === 0)) {
    throw invalidRange('samplePositions', `expected n (${positions} labelled positions) to be a multiple of the sequence length ${N}`);
  }
  const s = sampleSequences({ target: opts.target, N, count: positions / N, seed: opts.seed, noise: opts.noise,
    margin: opts.margin });
  const flat = (parts: Float64Array[]) => {
    const out = new Float64Array(positions);
    parts.forEach((p, i) => out.set(p, i * N));
    return out;
  };
  return { inputs: s.inputs, labels: flat(s.labels), clean: flat(s.clean), fixedFraction: s.fixedFraction };
}

/**
 * The estimator window of every position, flattened: row t of sequence i holds x_{t−W}, …, x_{t+W} (circular).
 * @returns a (count·N)×((2W+1)·d) matrix, sequence-major.
 * @example flattenWindows(sample.inputs, 4).cols; // 9·d
 */
export function flattenWindows(inputs: readonly Matrix[], W: number): Matrix {
  const offsets = Array.from({ length: 2 * W + 1 }, (_, i) => i - W);
  return gatherTokens(inputs, (x) => Array.from({ length: x.rows }, (_, t) => Int32Array.from(offsets, (o) => mod(t + o, x.rows))));
}

/**
 * The tokens a selection reads at every position, side by side.
 * @param sources for one sequence, the positions read at each position (N rows of J).
 * @returns a (count·N)×(J·d) matrix, sequence-major.
 * @example gatherTokens(sample.inputs, (x) => target.sources(x));
 */
export function gatherTokens(inputs: readonly Matrix[], sources: (x: Matrix) => Int32Array[]): Matrix {
  const N = inputs[0].rows, d = inputs[0].cols, rows = inputs.map(sources), J = rows[0][0].length;
  const out = new Float64Array(inputs.length * N * J * d);
  inputs.forEach((x, i) => rows[i].forEach((row, t) => row.forEach((s, j) => {
    out.set(x.data.subarray(s * d, (s + 1) * d), ((i * N + t) * J + j) * d);
  })));
  return new Matrix(inputs.length * N, J * d, out);
}
