/** Circular sequences: N tokens of d coordinates as an N×d matrix, indices taken mod N. */
import { checkInteger, invalidType } from '../check';
import { Matrix } from '../linalg/matrix';

/** i mod n in [0, n). */
export function mod(i: number, n: number): number {
  return ((i % n) + n) % n;
}

/**
 * The sequence shifted by k: row t of the result is row t − k (mod N) of x, as numpy.roll along axis 0.
 * @param x an N×d matrix (or a length-N array, one value per position).
 * @param k any integer.
 * @returns a new sequence of the same kind.
 * @example roll(Matrix.from([[1], [2], [3]]), 1).toArray(); // [[3], [1], [2]]
 */
export function roll<T extends Matrix | Float64Array>(x: T, k: number): T {
  checkInteger('selection.roll', 'k', k, -(2 ** 31), 2 ** 31);
  if (x instanceof Float64Array) {
    const n = x.length, out = new Float64Array(n);
    for (let t = 0; t < n; t++) out[t] = x[mod(t - k, n)];
    return out as T;
  }
  if (!(x instanceof Matrix)) throw invalidType('selection.roll', 'x', 'a Matrix or a Float64Array', x);
  const n = x.rows, d = x.cols, out = new Float64Array(n * d);
  for (let t = 0; t < n; t++) out.set(x.data.subarray(mod(t - k, n) * d, (mod(t - k, n) + 1) * d), t * d);
  return new Matrix(n, d, out) as T;
}

/**
 * The tokens some positions read, side by side: for each sequence i, one row per entry of rows[i], holding the tokens of
 * x_i at rows[i][r][0], …, rows[i][r][J−1].
 * @param inputs sequences (N×d each); @param rows for each sequence, the positions each output row reads (J per row).
 * @returns a (Σ rows[i].length)×(J·d) matrix, sequence-major.
 * @example gatherSources([x], [target.sources(x)]); // N×(J·d)
 */
export function gatherSources(inputs: readonly Matrix[], rows: readonly (readonly Int32Array[])[]): Matrix {
  const d = inputs.length === 0 ? 0 : inputs[0].cols, first = rows.find((r) => r.length > 0);
  const J = first === undefined ? 0 : first[0].length, count = rows.reduce((s, r) => s + r.length, 0);
  const out = new Float64Array(count * J * d);
  let at = 0;
  inputs.forEach((x, i) => rows[i].forEach((row) => {
    row.forEach((s, j) => out.set(x.data.subarray(s * d, (s + 1) * d), (at * J + j) * d));
    at++;
  }));
  return new Matrix(count, J * d, out);
}

/** Checks an N×d float64 sequence of a target's token width. */
export function checkSequence(fn: string, x: unknown, d: number): Matrix {
  if (!(x instanceof Matrix) || x.cols !== d || x.rows < 1) throw invalidType(fn, 'x', `an N×${d} Matrix (one row per token)`, x);
  for (const v of x.data) if (!Number.isFinite(v)) throw invalidType(fn, 'x', 'finite entries', v, 'ERR_ATTNSIM_NON_FINITE');
  return x.dtype === 'float64' ? x : x.toDType('float64');
}
