/** choose_encodings: numerical encodings where every reader accepts a scalar; optimize: false keeps one-hot. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { allInputs } from '../cases/programs';

const { tokens, indices, Comparison } = rasp;

describe('compiler/choose_encodings', () => {
  it('encodes a selector width read only by a one-input map as one dimension; the model computes the same', () => {
    const width = rasp.selectorWidth(rasp.select(tokens, tokens, Comparison.EQ)).named('w');
    const prog = rasp.map((x) => (x as number) % 2 === 0, width).named('even');
    const fast = compile(prog, { vocab: 'ab', maxSeqLen: 5 }), plain = compile(prog, { vocab: 'ab', maxSeqLen: 5, optimize: false });
    assert.strictEqual(fast.residual.labels.filter((l) => l.sop === 'w').length, 1);
    assert.strictEqual(plain.residual.labels.filter((l) => l.sop === 'w').length, 6);
    for (const x of allInputs([...'ab'], 5)) assert.deepStrictEqual(fast.forward(x), plain.forward(x));
  });

  it('keeps one-hot what a selector reads, the output, and what is annotated', () => {
    const width = rasp.selectorWidth(rasp.select(tokens, tokens, Comparison.EQ)).named('w');
    const keyed = rasp.selectorWidth(rasp.select(width, width, Comparison.LT)).named('keyed');
    const annotated = rasp.categorical(rasp.map((x) => (x as number) + 1, indices)).named('a');
    const model = compile(rasp.sequenceMap((k, a) => (k as number) + (a as number), keyed, annotated), { vocab: 'ab', maxSeqLen: 4 });
    assert.strictEqual(model.residual.labels.filter((l) => l.sop === 'w').length, 5);
    assert.strictEqual(model.config.residualWidth, compile(rasp.sequenceMap((k, a) => (k as number) + (a as number), keyed, annotated),
      { vocab: 'ab', maxSeqLen: 4, optimize: false }).config.residualWidth);
  });

  it('reports parameters and non-zero parameters, fewer when optimised', () => {
    const prog = rasp.lib.tracr.makeShuffleDyck(['()']);
    const fast = compile(prog, { vocab: '()', maxSeqLen: 6 }).config, plain = compile(prog, { vocab: '()', maxSeqLen: 6, optimize: false }).config;
    assert.ok(fast.nonZeroParameters > 0 && fast.nonZeroParameters <= fast.parameters);
    assert.ok(fast.parameters < plain.parameters, `${fast.parameters} against ${plain.parameters}`);
  });
});
