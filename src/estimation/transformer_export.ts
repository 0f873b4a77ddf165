/**
 * The trained windowed transformer as an EncoderModel. The model's heads have no bias term, so each head's learned bias
 * r(o) over the offsets o = j − i becomes part of its scores: a sinusoidal code of period P (the smallest divisor of N
 * that tells the window's offsets apart) sits in the stream, and extra query and key columns make
 * q_i·k_j = Σ_f α_f cos(2πf(j−i)/P) + β_f sin(2πf(j−i)/P), the discrete Fourier series of r on the P residues. The query
 * bias is the query's row on the constant dimension, and the head's coldness e^c scales its query columns.
 */
import { AttentionHead } from '../encoder/attention_head';
import { EncoderLayer } from '../encoder/layer';
import { EncoderModel } from '../encoder/model';
import { MLP } from '../encoder/mlp';
import { positionalTable } from '../encoder/positional';
import { DimLabel, ONE, ResidualSpace } from '../encoder/residual';
import { Matrix } from '../linalg/matrix';
import type { TransformerShape } from './transformer';

/**
 * The offsets a query sees, −U … U, each key once: on a sequence of N ≤ 2U tokens the offsets from N − U on name keys
 * already seen, so the list stops at N − 1 − U.
 * @example windowOffsets(2, 64); // [-2, -1, 0, 1, 2]
 */
export function windowOffsets(U: number, N: number): number[] {
  return Array.from({ length: Math.min(2 * U + 1, N) }, (_, i) => i - U);
}

/** The smallest period P dividing N with at least as many residues as the window has offsets. */
function codePeriod(U: number, N: number): number {
  let P = windowOffsets(U, N).length;
  while (N % P !== 0) P++;
  return P;
}

/**
 * Builds the EncoderModel of trained weights (names and shapes as TrainedTransformer.weights).
 * The residual stream is [one, cos/sin of frequencies 1 … ⌊P/2⌋ at period P, the trained stream (width + 1)]; the
 * trained weights read and write only the trained part, so the code stays intact for every block's bias columns.
 * @returns the circular model; forwardVectors(x) is N×1.
 */
export function exportTransformer(shape: TransformerShape, N: number, d: number, weights: Record<string, Float32Array>): EncoderModel {
  const P = codePeriod(shape.window, N), K = Math.floor(P / 2), S = shape.width + 1, first = 1 + 2 * K, D = first + S;
  const code = positionalTable({ sinusoidal: K }, N, P);
  const labels: DimLabel[] = [{ sop: ONE }, ...code.labels, ...Array.from({ length: S - 1 }, (_, i) => ({ sop: 'hidden', value: i })),
    { sop: 'out' }];
  const positions = new Matrix(N, D, new Float64Array(N * D));
  for (let t = 0; t < N; t++) {
    positions.data[t * D] = 1;
    positions.data.set(code.table.data.subarray(t * 2 * K, (t + 1) * 2 * K), t * D + 1);
  }
  const hd = shape.headDim, H = shape.ffnHidden, Q = shape.heads * hd, B = 2 * K + 1, L = windowOffsets(shape.window, N).length;
  const shapes: Record<string, [number, number]> = { E: [S, d], wq: [S, Q], wk: [S, Q], wv: [S, Q], wo: [Q, S], w1: [S, H], w2: [H, S] };
  // The block `part` = [first row, rows, first column, columns] of trained matrix `name`, written at `at` in a zero
  // matrix of shape `out`.
  const placed = (name: string, out: [number, number], at: [number, number], part?: [number, number, number, number]) => {
    const [R, C] = shapes[name.split('.').pop() as string], [r0, rows, c0, cols] = part ?? [0, R, 0, C], w = weights[name];
    const m = new Matrix(out[0], out[1], new Float64Array(out[0] * out[1]));
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.data[(at[0] + i) * out[1] + at[1] + j] = w[(r0 + i) * C + c0 + j];
    return m;
  };
  const layers = Array.from({ length: shape.blocks }, (_, b) => {
    const heads = Array.from({ length: shape.heads }, (__, h) => {
      const columns: [number, number, number, number] = [0, S, h * hd, hd];
      const wq = placed(`b${b}.wq`, [D, hd + B], [first, 0], columns), wk = placed(`b${b}.wk`, [D, hd + B], [first, 0], columns);
      const cold = Math.exp(weights[`b${b}.c`][h]);
      wq.data.set(weights[`b${b}.bq`].subarray(h * hd, (h + 1) * hd), 0);
      wq.data.forEach((v, i) => { wq.data[i] = v * cold; });
      biasColumns(wq, wk, hd, weights[`b${b}.r`].subarray(h * L, (h + 1) * L).map((v) => v * cold), shape.window, N, P);
      return new AttentionHead(`block ${b} head ${h}`, { wq, wk, wv: placed(`b${b}.wv`, [D, hd], [first, 0], columns),
        wo: placed(`b${b}.wo`, [hd, D], [0, first], [h * hd, hd, 0, S]) }, 'softmax', 1, undefined, shape.window);
    });
    const b2 = new Float64Array(D);
    b2.set(weights[`b${b}.b2`], first);
    const mlp = new MLP(placed(`b${b}.w1`, [D, H], [first, 0]), Float64Array.from(weights[`b${b}.b1`]),
      placed(`b${b}.w2`, [H, D], [0, first]), b2, Array.from({ length: H }, () => `block ${b} feed-forward`));
    return new EncoderLayer(heads, mlp, []);
  });
  return new EncoderModel(new ResidualSpace(labels), { encoding: 'vector', matrix: placed('E', [D, d], [first, 0]) }, positions,
    layers, { sop: 'out', encoding: 'vector', dims: [D - 1], values: [] }, { bos: 'bos', maxSeqLen: N, circular: true, causal: false });
}

/**
 * Writes a head's offset bias r into query and key columns hd … hd + 2K (the constant, then cos and sin pairs), so that
 * their product for query i and key j is r(j − i) on every offset of the window. With b(m) the bias of residue m mod P
 * (0 off the window), α_0 = mean b, α_f = (2/P) Σ b(m) cos(2πfm/P), β_f = (2/P) Σ b(m) sin(2πfm/P) (halved at f = P/2),
 * and α cos(2πf(j−i)/P) + β sin(…) = cos_j (α cos_i − β sin_i) + sin_j (α sin_i + β cos_i).
 */
function biasColumns(wq: Matrix, wk: Matrix, hd: number, r: Float32Array, U: number, N: number, P: number): void {
  const b = new Float64Array(P), K = Math.floor(P / 2), cols = wq.cols;
  windowOffsets(U, N).forEach((o, i) => { b[((o % P) + P) % P] += r[i]; });
  wq.data[hd] = b.reduce((s, v) => s + v, 0) / P;
  wk.data[hd] = 1;
  for (let f = 1; f <= K; f++) {
    let alpha = 0, beta = 0;
    b.forEach((v, m) => {
      alpha += v * Math.cos((2 * Math.PI * f * m) / P);
      beta += v * Math.sin((2 * Math.PI * f * m) / P);
    });
    const scale = 2 * f === P ? 1 / P : 2 / P, [cosRow, sinRow, c, s] = [2 * f - 1, 2 * f, hd + 2 * f - 1, hd + 2 * f];
    [alpha, beta] = [alpha * scale, beta * scale];
    // Query column c: α cos_i − β sin_i; column s: α sin_i + β cos_i; key columns c, s read cos_j, sin_j.
    wq.data[cosRow * cols + c] = alpha;
    wq.data[sinRow * cols + c] = -beta;
    wq.data[sinRow * cols + s] = alpha;
    wq.data[cosRow * cols + s] = beta;
    wk.data[cosRow * cols + c] = 1;
    wk.data[sinRow * cols + s] = 1;
  }
}
