/** prune_dimensions: a one-hot value no block reads takes no dimension; the model computes the same. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { allInputs } from '../cases/programs';

const { tokens, indices, Comparison } = rasp;

describe('compiler/prune_dimensions', () => {
  it("drops the one-hot value a selector never looks at (is_a's false), and the unit that wrote it", () => {
    const isA = rasp.map((t) => t === 'a', tokens).named('is_a');
    const prog = rasp.selectorWidth(rasp.and(rasp.select(isA, true, Comparison.EQ), rasp.select(indices, indices, Comparison.LEQ)));
    const fast = compile(prog, { vocab: 'abc', maxSeqLen: 5 }), plain = compile(prog, { vocab: 'abc', maxSeqLen: 5, optimize: false });
    assert.deepStrictEqual(fast.residual.labels.filter((l) => l.sop === 'is_a').map((l) => l.value), [true]);
    assert.deepStrictEqual(plain.residual.labels.filter((l) => l.sop === 'is_a').map((l) => l.value), [false, true]);
    for (const x of allInputs([...'abc'], 5)) assert.deepStrictEqual(fast.forward(x), plain.forward(x));
  });

  it("keeps every value of the output and of an embedded s-op's read values", () => {
    const shifted = rasp.map((i) => (i as number) % 3, indices).named('mod3');
    const prog = rasp.aggregate(rasp.select(indices, shifted, Comparison.EQ), tokens, { default: 'z' }).named('out');
    const model = compile(prog, { vocab: 'ab', maxSeqLen: 5 });
    assert.deepStrictEqual(model.residual.labels.filter((l) => l.sop === 'out').map((l) => l.value), ['a', 'b', 'z']);
    for (const x of allInputs([...'ab'], 5)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(prog, x));
  });
});
