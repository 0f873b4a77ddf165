/** inverse: the inverse of a square matrix by LU decomposition with partial pivoting (float64), and its 1-norm condition. */
import { calledAs } from '../called_as';
import { assertRange, invalidRange } from '../check';
import { checkMatrix, Matrix } from './matrix';

/** A pivot smaller than this times the largest |entry| marks the matrix as singular (or too close to it). */
export const SINGULAR_PIVOT = 1e-12;

/**
 * The inverse of m, solving LU·X = P for the identity's columns.
 * @param m n×n, finite.
 * @returns m⁻¹, float64.
 * @throws {ArgumentRangeError} ERR_ATTNSIM_SHAPE for a non-square m; ERR_ATTNSIM_SINGULAR when a pivot is below
 *   SINGULAR_PIVOT × max |m|.
 * @example inverse(Matrix.from([[2, 0], [0, 4]])).toArray(); // [[0.5, 0], [0, 0.25]]
 */
export function inverse(m: Matrix): Matrix {
  const fn = 'inverse', a = checkSquare(fn, m).data.slice(), n = m.rows, perm = [...Array(n).keys()];
  const scale = Math.max(0, ...a.map(Math.abs));
  for (let c = 0; c < n; c++) {
    let best = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[best * n + c])) best = r;
    checkPivot(fn, a[best * n + c], c, scale);
    if (best !== c) {
      for (let j = 0; j < n; j++) [a[c * n + j], a[best * n + j]] = [a[best * n + j], a[c * n + j]];
      [perm[c], perm[best]] = [perm[best], perm[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = (a[r * n + c] /= a[c * n + c]);
      for (let j = c + 1; j < n; j++) a[r * n + j] -= f * a[c * n + j];
    }
  }
  const out = new Float64Array(n * n);
  for (let col = 0; col < n; col++) {
    const x = Float64Array.from({ length: n }, (_, r) => (perm[r] === col ? 1 : 0));
    for (let r = 0; r < n; r++) for (let j = 0; j < r; j++) x[r] -= a[r * n + j] * x[j];
    for (let r = n - 1; r >= 0; r--) {
      for (let j = r + 1; j < n; j++) x[r] -= a[r * n + j] * x[j];
      x[r] /= a[r * n + r];
    }
    x.forEach((v, r) => { out[r * n + col] = v; });
  }
  return new Matrix(n, n, out);
}

/**
 * ‖m‖₁·‖m⁻¹‖₁, the condition number in the 1-norm.
 * @param m n×n, finite. @returns the condition number (≥ 1).
 * @throws as inverse (a non-square or singular m).
 * @example conditionNumber(Matrix.from([[1, 0], [0, 1e-3]])); // 1000
 */
export function conditionNumber(m: Matrix): number {
  return calledAs('conditionNumber', () => norm1(checkSquare('conditionNumber', m)) * norm1(inverse(m)));
}

function norm1(m: Matrix): number {
  let best = 0;
  for (let c = 0; c < m.cols; c++) {
    let s = 0;
    for (let r = 0; r < m.rows; r++) s += Math.abs(m.data[r * m.cols + c]);
    best = Math.max(best, s);
  }
  return best;
}

/** m checked: a finite square Matrix, as float64. */
export function checkSquare(fn: string, m: Matrix): Matrix {
  checkMatrix(fn, 'm', m);
  assertRange(m.rows === m.cols && m.rows > 0, fn, () => `expected a non-empty square matrix for m but received ${m.describe()}`,
    'ERR_ATTNSIM_SHAPE');
  return m.toDType('float64');
}

/** Throws ERR_ATTNSIM_SINGULAR when the pivot of column c is not finite or below SINGULAR_PIVOT × scale. */
export function checkPivot(fn: string, pivot: number, c: number, scale: number): void {
  if (Number.isFinite(pivot) && Math.abs(pivot) > SINGULAR_PIVOT * scale) return;
  throw invalidRange(fn, `the matrix is singular or nearly so: the pivot of column ${c} is ${pivot}, ` +
    `not above ${SINGULAR_PIVOT} × the largest |entry| (${scale})`, 'ERR_ATTNSIM_SINGULAR');
}
