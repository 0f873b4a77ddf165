/** Solving a symmetric positive definite system by its Cholesky factor. */
import { invalidRange } from '../check';

/**
 * Solves A·x = b for a symmetric positive definite A (row-major n×n), by A = L·Lᵀ and two triangular solves.
 * @param a the matrix (only its lower triangle is read); it is not modified.
 * @param b the right-hand side, length n.
 * @param n the order.
 * @returns x.
 * @throws {ArgumentRangeError} when A is not numerically positive definite (a pivot ≤ 0).
 * @example choleskySolve(new Float64Array([4, 2, 2, 3]), new Float64Array([2, 1]), 2);
 */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] ** 2;
    if (!(d > 0)) {
      throw invalidRange('choleskySolve', `the normal equations are not positive definite (pivot ${j} is ${d}): ` +
        'too few samples for the basis');
    }
    const djj = Math.sqrt(d);
    l[j * n + j] = djj;
    for (let i = j + 1; i < n; i++) {
      let v = a[i * n + j];
      const li = i * n, lj = j * n;
      for (let k = 0; k < j; k++) v -= l[li + k] * l[lj + k];
      l[i * n + j] = v / djj;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = b[i];
    for (let k = 0; k < i; k++) v -= l[i * n + k] * y[k];
    y[i] = v / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let v = y[i];
    for (let k = i + 1; k < n; k++) v -= l[k * n + i] * x[k];
    x[i] = v / l[i * n + i];
  }
  return x;
}
