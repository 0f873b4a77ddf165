/** attnsim demo: agreement with the tfjs oracle judged by a float32 tolerance scaled by n, d and the outputs. */
import * as assert from 'assert';
import { float32Tolerance, maxAbs } from '../../src/cli/float32_tolerance';
import { runCli } from './run_cli';

describe('attnsim demo', () => {
  it('n = d = 64 agrees with tfjs (a 1.65e-5 difference is float32 rounding at this size) and exits 0', () => {
    const r = runCli(['demo', '--n', '64', '--d', '64']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /max \|attnsim − tfjs\| = \S+ \(float32 rounding explains up to \S+ here\)\n/);
    assert.match(r.stdout, /The two agree to float32 precision/);
  });
  it('the tolerance grows with n, d and the outputs\' scale, and stays far below a real disagreement', () => {
    assert.ok(float32Tolerance(64, 64, 2) > 1.65e-5);
    assert.ok(float32Tolerance(64, 64, 10) < 1e-3); // a wrong head or mask moves outputs by O(their scale)
    assert.ok(float32Tolerance(128, 64, 1) > float32Tolerance(64, 64, 1));
    assert.ok(float32Tolerance(64, 128, 1) > float32Tolerance(64, 64, 1));
    assert.strictEqual(float32Tolerance(8, 4, 0.5), float32Tolerance(8, 4, 1));
    assert.strictEqual(maxAbs([1, -3, 2]), 3);
  });
});
