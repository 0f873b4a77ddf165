/** The seeded random attention instance that `attnsim simulate` and the playground run U on. */
import { checkInteger } from '../check';
import { Matrix } from '../linalg/matrix';

/** X (n×d) and the four d×d weights, entries uniform in [−1, 1]. */
export interface AttentionInstance { x: Matrix; wq: Matrix; wk: Matrix; wv: Matrix; wo: Matrix }

/**
 * A random attention instance from one seed: each matrix has its own seed (seed·10 + 1 … seed·10 + 5).
 * @param n the sequence length; @param d the model width; @param seed an integer from 0 to 2³¹ − 1.
 * @returns `{ x, wq, wk, wv, wo }`, entries uniform in [−1, 1].
 * @throws {ArgumentTypeError} / {ArgumentRangeError} for a non-integer or out-of-range argument.
 * @example attention({ ...seededAttentionInstance(8, 4, 1), heads: 2 });
 */
export function seededAttentionInstance(n: number, d: number, seed: number): AttentionInstance {
  checkInteger('seededAttentionInstance', 'n', n, 1, 4096);
  checkInteger('seededAttentionInstance', 'd', d, 1, 4096);
  checkInteger('seededAttentionInstance', 'seed', seed, 0, 2 ** 31 - 1);
  const r = (rows: number, cols: number, s: number) => Matrix.random(rows, cols, { seed: seed * 10 + s, min: -1, max: 1 });
  return { x: r(n, d, 1), wq: r(d, d, 2), wk: r(d, d, 3), wv: r(d, d, 4), wo: r(d, d, 5) };
}
