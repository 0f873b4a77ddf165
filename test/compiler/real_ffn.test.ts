/** opts.realFFN: maps on real values as ReLU MLPs within the stated tolerance on the stated range. */
import * as assert from 'assert';
import { compile, Matrix, rasp } from '../../src/index';
import { assertThrows } from '../helpers/throws';

const x = rasp.numerical(rasp.tokens);
/** Seeded real inputs in [lo, hi]. */
const inputs = (lo: number, hi: number) => Array.from({ length: 20 }, (_, s) => Array.from(Matrix.random(1, 6, { seed: s + 1, min: lo, max: hi }).data));

/** The largest |forward − evaluate| over the inputs, and the compiled model's size. */
function deviation(program: rasp.SOp, range: [number, number], tolerance: number, lo = range[0], hi = range[1]) {
  const model = compile(program, { maxSeqLen: 6, realFFN: { range, tolerance } });
  let worst = 0;
  for (const input of inputs(lo, hi)) {
    const got = model.forward(input) as number[], want = rasp.evaluate(program, input) as number[];
    got.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - want[i])); });
  }
  return { worst, config: model.config };
}

describe('compiler: realFFN, ReLU approximations with an error bound', () => {
  it('a product of two real s-ops: within the tolerance on the range, as weights (no marked block)', () => {
    const y = rasp.linear([x], [-0.5], 0.5); // in [-0.5, 1.5] when x is in [-2, 2]: both inputs stay in the range
    const fine = deviation(rasp.product(x, y), [-2, 2], 1e-4), coarse = deviation(rasp.product(x, y), [-2, 2], 1e-2, -1.5, 1.5);
    assert.ok(fine.worst <= 1e-4 && fine.worst > 0, `fine: ${fine.worst}`);
    assert.ok(coarse.worst <= 1e-2 && coarse.worst > fine.worst, `coarse: ${coarse.worst}`);
    assert.strictEqual(fine.config.pointwiseBlocks, 0);
    assert.ok(coarse.config.mlpHidden < fine.config.mlpHidden, 'a looser tolerance takes fewer units');
  });

  it('exp, and any one-input map (sin), within the tolerance; division stays a marked block', () => {
    assert.ok(deviation(rasp.exp(x), [-3, 1], 1e-4).worst <= 1e-4);
    assert.ok(deviation(rasp.numerical(rasp.map((v) => Math.sin(v as number), x)), [0, 3], 1e-3).worst <= 1e-3);
    assert.strictEqual(compile(rasp.divide(x, x), { maxSeqLen: 4, realFFN: { range: [1, 2], tolerance: 1e-3 } }).config.pointwiseBlocks, 1);
  });

  it('checks its option and refuses a tolerance that needs too many units', () => {
    const p = rasp.exp(x);
    assertThrows(() => compile(p, { maxSeqLen: 2, realFFN: { range: [1, 0], tolerance: 1e-3 } }), /expected realFFN.range \[lo, hi\] with lo < hi but received \[1, 0\]/);
    assertThrows(() => compile(p, { maxSeqLen: 2, realFFN: { range: [0, 1], tolerance: 0 } }), /expected a positive realFFN.tolerance but received 0/);
    assertThrows(() => compile(p, { maxSeqLen: 2, realFFN: { range: [0, 1] } as never }), /realFFN.tolerance/);
    assertThrows(() => compile(p, { maxSeqLen: 2, realFFN: { range: [0, 20], tolerance: 1e-12 } }), /realFFN needs more than 4096 ReLU units/, 'ERR_ATTNSIM_COMPILE');
  });
});
