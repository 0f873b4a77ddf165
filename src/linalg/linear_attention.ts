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
  checkMatrix('eluPlusOne', 'm', m);
  return new Matrix(m.rows, m.cols, Float64Array.from(m.data, phi));
}

/** φ(x) = elu(x) + 1. */
function phi(x: number): number {
  return x > 0 ? x + 1 : Math.exp(x);
}

/** log φ(x): x at or below 0, log(1 + x) above; finite for every finite x, where φ(x) = e^x underflows below −745. */
function logPhi(x: number): number {
  return x > 0 ? Math.log1p(x) : x;
}

/**
 * Linear attention: out[i] = φ(q_i)·(φ(K)ᵀV) / φ(q_i)·Σ_j φ(k_j), with BLAS products. It computes in a stable form,
 * so that no φ underflows to a 0/0: each column d of φ(K) is divided by its largest entry e^{c_d}, and each row of
 * φ(Q)·diag(e^{c_d}) by its largest entry; both factors cancel between numerator and denominator, and every
 * denominator is then at least 1.
 * @param input q (n×dk), k (m×dk), v (m×dv), with m ≥ 1 and dk ≥ 1.
 * @returns n×dv, float64.
 * @throws {ArgumentTypeError} / {ArgumentRangeError} (ERR_ATTNSIM_SHAPE) for a missing matrix or mismatched shapes.
 * @example linearAttention({ q: Matrix.from([[1]]), k: Matrix.from([[1]]), v: Matrix.from([[2]]) }).toArray(); // [[2]]
 */
export function linearAttention(input: QKV): Matrix {
  const { q, k, v } = readQKV('linearAttention', input);
  const n = q.rows, m = k.rows, dk = q.cols;
  const shift = new Float64Array(dk).fill(-Infinity);
  for (let j = 0; j < m; j++) for (let d = 0; d < dk; d++) shift[d] = Math.max(shift[d], logPhi(k.data[j * dk + d]));
  const fk = new Matrix(m, dk, Float64Array.from(k.data, (x, i) => Math.exp(logPhi(x) - shift[i % dk])));
  const kv = matmul(fk, v, { transA: true }), z = matmul(fk, new Matrix(m, 1, new Float64Array(m).fill(1)), { transA: true });
  const weights = new Float64Array(n * dk);
  for (let i = 0; i < n; i++) {
    let top = -Infinity;
    for (let d = 0; d < dk; d++) top = Math.max(top, logPhi(q.data[i * dk + d]) + shift[d]);
    for (let d = 0; d < dk; d++) weights[i * dk + d] = Math.exp(logPhi(q.data[i * dk + d]) + shift[d] - top);
  }
  const fq = new Matrix(n, dk, weights), num = matmul(fq, kv), den = matmul(fq, z);
  return new Matrix(num.rows, num.cols, Float64Array.from(num.data, (x, i) => x / den.data[Math.floor(i / num.cols)]));
}

/**
 * Refuses q and k whose plain-form normaliser φ(q_i)·Σ_j φ(k_j) underflows below the smallest normal float64 for some
 * row i (entries near −745 or below make φ vanish), for computations that cannot use linearAttention's stable form.
 * @throws {ArgumentRangeError} (ERR_ATTNSIM_NON_FINITE) naming the row.
 */
export function checkNormalisers(fn: string, q: Matrix, k: Matrix): void {
  const dk = q.cols, sums = new Float64Array(dk);
  k.data.forEach((x, i) => { sums[i % dk] += phi(x); });
  for (let i = 0; i < q.rows; i++) {
    let den = 0;
    for (let d = 0; d < dk; d++) den += phi(q.data[i * dk + d]) * sums[d];
    assertRange(den >= 2 ** -1022, fn, () => `the normaliser φ(q_${i})·Σ_j φ(k_j) of row ${i} underflows (${den}): ` +
      'entries of q and k far below 0 make φ = e^x vanish; shift them up, or use linearAttention, which computes in a stable form',
    'ERR_ATTNSIM_NON_FINITE');
  }
}

/** Q, K, V checked (matrices, finite, shapes that fit) and as float64. */
export function readQKV(fn: string, input: QKV): QKV {
  if (typeof input !== 'object' || input === null) throw invalidType(fn, 'input', 'an object { q, k, v }', input);
  const [q, k, v] = (['q', 'k', 'v'] as const).map((name) => checkMatrix(fn, name, input[name]).toDType('float64'));
  assertRange(q.cols === k.cols, fn, () => `expected q and k with one number of columns but received ${q.describe()} and ${k.describe()}`,
    'ERR_ATTNSIM_SHAPE');
  assertRange(k.rows === v.rows, fn, () => `expected k and v with one number of rows but received ${k.describe()} and ${v.describe()}`,
    'ERR_ATTNSIM_SHAPE');
  assertRange(k.rows > 0 && k.cols > 0, fn,
    () => `expected k with at least one row (key) and one column (feature) but received ${k.describe()}`, 'ERR_ATTNSIM_SHAPE');
  return { q, k, v };
}
