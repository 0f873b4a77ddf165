/** The trigonometric basis on [0,1]: ψ_0 = 1, ψ_l = √2·sin(2π|l|x) for l > 0 and √2·cos(2π|l|x) for l < 0. */
import { assertRange, checkFiniteNumber, checkInteger, invalidType } from '../check';
import { Matrix } from '../linalg/matrix';

const SQRT2 = Math.SQRT2;

/**
 * ψ_l(x) of one frequency, or of a multi-index on [0,1]^J (the tensor product Π_i ψ_{l_i}(x_i)).
 * @param l a frequency (integer) or a list of frequencies, one per coordinate.
 * @param x a point of [0,1] (or of [0,1]^J, as long as l).
 * @returns the basis function's value.
 * @throws {ArgumentTypeError} for a non-integer frequency or a non-finite point; {ArgumentRangeError} when lengths differ.
 * @example trigBasis(1, 0.25); // √2
 */
export function trigBasis(l: number | readonly number[], x: number | readonly number[]): number {
  const fn = 'smoothness.trigBasis';
  const ls = typeof l === 'number' ? [l] : l, xs = typeof x === 'number' ? [x] : x;
  if (!Array.isArray(ls)) throw invalidType(fn, 'l', 'an integer or an array of integers', l);
  if (!Array.isArray(xs)) throw invalidType(fn, 'x', 'a number or an array of numbers', x);
  assertRange(ls.length === xs.length, fn, () => `expected x to have ${ls.length} coordinates (as l) but received ${xs.length}`);
  let value = 1;
  ls.forEach((li, i) => {
    value *= psi(checkInteger(fn, 'l', li, -(2 ** 30), 2 ** 30), checkFiniteNumber(fn, 'x', xs[i]));
  });
  return value;
}

/** ψ_l(x) of one frequency, unchecked. */
export function psi(l: number, x: number): number {
  if (l === 0) return 1;
  const angle = 2 * Math.PI * Math.abs(l) * x;
  return l > 0 ? SQRT2 * Math.sin(angle) : SQRT2 * Math.cos(angle);
}

/** The column of frequency l in a feature matrix: 0, 1, −1, 2, −2, … (so |l| < 2^S fills the first 2^{S+1} − 1). */
export function frequencyColumn(l: number): number {
  return l > 0 ? 2 * l - 1 : l < 0 ? -2 * l : 0;
}

/**
 * The n×(2L+1) feature matrix of one coordinate: entry (p, frequencyColumn(l)) is ψ_l(x_p) for |l| ≤ L, by the
 * angle-addition recurrence (two trigonometric calls per point; rounding grows like L·ε, 1e-14 at L = 64).
 * @param x the coordinate's values at n points (a strided view: x[offset + p·stride]).
 */
export function trigFeatures(x: ArrayLike<number>, n: number, maxFrequency: number, offset = 0, stride = 1): Matrix {
  const cols = 2 * maxFrequency + 1, data = new Float64Array(n * cols);
  for (let p = 0; p < n; p++) {
    const v = x[offset + p * stride], row = p * cols;
    const sin1 = Math.sin(2 * Math.PI * v), cos1 = Math.cos(2 * Math.PI * v);
    let sin = 0, cos = 1;
    data[row] = 1;
    for (let l = 1; l <= maxFrequency; l++) {
      [sin, cos] = [sin * cos1 + cos * sin1, cos * cos1 - sin * sin1];
      data[row + 2 * l - 1] = SQRT2 * sin;
      data[row + 2 * l] = SQRT2 * cos;
    }
  }
  return new Matrix(n, cols, data);
}
