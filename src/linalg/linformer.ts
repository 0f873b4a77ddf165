/** linformerAttention: softmax(Q(E·K)ᵀ/√d)(F·V) with E, F of shape k×n (Wang et al. 2020), on the native core. */
import { assertRange, invalidType } from '../check';
import { QKV, readQKV } from './linear_attention';
import { checkMatrix, Matrix } from './matrix';
import { matmul } from './matmul';
import { softmaxRows } from './softmax_rows';

/** Q, K, V (n×d, n×d, n×dv) and the projections E, F (k×n). */
export interface LinformerInput extends QKV {
  e: Matrix;
  f: Matrix;
}

/**
 * Linformer attention with BLAS products and the native row softmax.
 * @param input q, k, v, e, f.
 * @returns n×dv, float64.
 * @throws {ArgumentTypeError} / {ArgumentRangeError} (ERR_ATTNSIM_SHAPE) for a missing matrix or mismatched shapes.
 * @example linformerAttention({ q, k, v, e: Matrix.from([[0.5, 0.5]]), f: Matrix.from([[0.5, 0.5]]) });
 */
export function linformerAttention(input: LinformerInput): Matrix {
  const fn = 'linformerAttention', { q, k, v } = readQKV(fn, input);
  const [e, f] = readProjections(fn, input, k.rows);
  const ek = matmul(e, k), fv = matmul(f, v), scores = matmul(q, ek, { transB: true }), s = 1 / Math.sqrt(q.cols);
  return matmul(softmaxRows(new Matrix(scores.rows, scores.cols, scores.data.map((x) => x * s))), fv);
}

/** E and F checked: k×n each, one k. */
export function readProjections(fn: string, input: LinformerInput, n: number): [Matrix, Matrix] {
  if (typeof input !== 'object' || input === null) throw invalidType(fn, 'input', 'an object { q, k, v, e, f }', input);
  const [e, f] = (['e', 'f'] as const).map((name) => checkMatrix(fn, name, input[name]).toDType('float64'));
  assertRange(e.cols === n && f.cols === n && e.rows === f.rows, fn,
    () => `expected e and f of one shape k×${n} but received ${e.describe()} and ${f.describe()}`, 'ERR_ATTNSIM_SHAPE');
  return [e, f];
}
