/** How far float32 attention (the tfjs oracle) may drift from float64: the tolerance `demo` and `simulate` judge by. */

/** float32's unit roundoff, 2^-23 (the gap between 1 and the next float32, as Number.EPSILON is for float64). */
const EPSILON32 = 2 ** -23;

/**
 * The largest difference float32 rounding explains between float32 and float64 attention. Each output is built
 * from sums of d products (the projections, then the scores) and a sum of n weighted values, each adding up to
 * one unit roundoff of the running magnitude per term; a score's error reaches the output through the softmax
 * weights, scaled by the values. So the bound grows with n + 2d and with the outputs' scale; the factor 4 covers
 * the constants of that argument (the projections' inputs, the softmax's exp and division).
 * @param n the sequence length.
 * @param d the model width.
 * @param scale the largest |entry| of the float64 output (1 is used when it is smaller).
 * @returns the tolerance, an absolute difference.
 * @example float32Tolerance(64, 64, 2); // ≈ 1.8e-4
 */
export function float32Tolerance(n: number, d: number, scale: number): number {
  return 4 * EPSILON32 * (n + 2 * d) * Math.max(1, scale);
}

/**
 * The largest |entry| of a list of numbers.
 * @example maxAbs([1, -3]); // 3
 */
export function maxAbs(values: ArrayLike<number>): number {
  let most = 0;
  for (let i = 0; i < values.length; i++) most = Math.max(most, Math.abs(values[i]));
  return most;
}
