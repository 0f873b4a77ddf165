/** choleskySolve: a known system, and a coded error for a matrix that is not positive definite. */
import * as assert from 'assert';
import { choleskySolve } from '../../src/estimation/cholesky';
import { assertThrows } from '../helpers/throws';

describe('estimation/cholesky', () => {
  it('solves an SPD system (residual below 1e-12: a 3×3 well-conditioned system)', () => {
    const a = new Float64Array([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]), x = new Float64Array([1, -2, 0.5]);
    const b = new Float64Array(3).map((_, i) => a[i * 3] * x[0] + a[i * 3 + 1] * x[1] + a[i * 3 + 2] * x[2]);
    choleskySolve(a, b, 3).forEach((v, i) => assert.ok(Math.abs(v - x[i]) < 1e-12, `${v} vs ${x[i]}`));
  });

  it('refuses a singular matrix, naming the cause in the estimator terms', () => {
    assertThrows(() => choleskySolve(new Float64Array([1, 1, 1, 1]), new Float64Array([1, 1]), 2),
      /not positive definite \(pivot 1 is 0\): too few samples for the basis/, 'ERR_ATTNSIM_ARGUMENT');
  });
});
