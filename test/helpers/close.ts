/** Named tolerances and the assertions that use them. */
import * as assert from 'assert';

/**
 * float64 kernels against a float64 reference: BLAS reorders sums, so results differ by a few ulps
 * per accumulated term; 1e-12 relative to the largest magnitude is far above that and far below any bug.
 */
export const F64 = 1e-12;
/**
 * float32 kernels against a float64 reference: float32 keeps 24 bits (ε ≈ 6e-8) and sums of up to a
 * few hundred terms grow the error to about k·ε; 1e-4 relative covers k ≤ 1000.
 */
export const F32 = 1e-4;
/**
 * The tfjs oracle (float32) against attnsim's float64 attention on inputs of magnitude ≤ 1:
 * scores, softmax and two products in float32 give errors near 1e-6; 1e-4 absolute leaves a margin.
 */
export const TFJS = 1e-4;
/**
 * A compiled encoder's numerical outputs against rasp.evaluate, hard attention in float64: means of at most a few
 * hundred values through exact weights lose a few ulps; 1e-9 absolute (inputs of magnitude ≤ 10) is far above that.
 */
export const HARD = 1e-9;

/** The largest absolute difference between two equally long lists of numbers. */
export function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  assert.strictEqual(actual.length, expected.length, 'lengths differ');
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

/** Asserts |actual − expected| ≤ tol · max(1, max |expected|) everywhere. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = 'values'): void {
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  const diff = maxAbsDiff(actual, expected);
  assert.ok(diff <= tol * scale, `${what}: max abs difference ${diff} exceeds ${tol} × ${scale}`);
}
