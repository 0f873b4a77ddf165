/** linearAttention: φ(Q)(φ(K)ᵀV) normalised row by row, φ = elu + 1 (Katharopoulos et al. 2020), on the native core. */
import { assertRange, invalidType } from '../check';
import { checkMatrix, Matrix } from './matrix';
import { matmul } from './matmul';

/** Q and K (n×dk, m×dk) and V (m×dv), float64. */
export interface QKV {
  q: Matrix;
  k: Matrix;
  v: Matrix;
}

/**
 * elu(x) + 1 entrywise: x + 1 above 0, e^x at or below (positive everywhere: linear attention's feature map φ).
 * @param m any finite matrix. @returns a float64 matrix of m's shape.
 * @example eluPlusOne(Matrix.from([[1, 0]])).toArray(); // [[2, 1]]
 */
export function eluPlusOne(m: Matrix): Matrix {
  return new Matrix(m.rows, m.cols, Float64Array.from(m.data, (x) => (x > 0 ? x + 1 : Math.exp(x))));
}

/**
 * Linear attention: out[i] = φ(q_i)·(φ(K)ᵀV) / φ(q_i)·Σ_j φ(k_j), with BLAS products.
 * @param input q (n×dk), k (m×dk), v (m×dv).
 * @returns n×dv, float64.
 * @throws {ArgumentTypeError} / {ArgumentRangeError} (ERR_ATTNSIM_SHAPE) for a missing matrix or mismatched shapes.
 * @example linearAttention({ q: Matrix.from([[1]]), k: Matrix.from([[1]]), v: Matrix.from([[2]]) }).toArray(); // [[2]]
 */
export function linearAttention(input: QKV): Matrix {
  const { q, k, v } = readQKV('linearAttention', input);
  const fq = eluPlusOne(q), fk = eluPlusOne(k);
  const kv = matmul(fk, v, { transA: true }), z = matmul(fk, new Matrix(k.rows, 1, new Float64Array(k.rows).fill(1)), { transA: true });
  const num = matmul(fq, kv), den = matmul(fq, z);
  return new Matrix(num.rows, num.cols, Float64Array.from(num.data, (x, i) => x / den.data[Math.floor(i / num.cols)]));
}

/** Q, K, V checked (matrices, finite, shapes that fit) and as float64. */
export function readQKV(fn: string, input: QKV): QKV {
  if (typeof input !== 'object' || input === null) throw invalidType(fn, 'input', 'an object { q, k, v }', input);
  const [q, k, v] = (['q', 'k', 'v'] as const).map((name) => checkMatrix(fn, name, input[name]).toDType('float64'));
  assertRange(q.cols === k.cols, fn, () => `expected q and k with one number of columns but received ${q.describe()} and ${k.describe()}`,
    'ERR_ATTNSIM_SHAPE');
  assertRange(k.rows === v.rows, fn, () => `expected k and v with one number of rows but received ${k.describe()} and ${v.describe()}`,
    'ERR_ATTNSIM_SHAPE');
  return { q, k, v };
}
