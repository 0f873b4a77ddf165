/** blocks/gated_mlp: a map of one numerical input and one-hot inputs, without a one-hot view of the number. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { allInputs } from '../cases/programs';
import { HARD } from '../helpers/close';

const { tokens, indices, Comparison } = rasp;

describe('compiler/blocks/gated_mlp', () => {
  it('reads a numerical mean and a one-hot token directly: no view, one layer fewer, the same outputs', () => {
    const frac = rasp.numerical(rasp.aggregate(rasp.select(indices, indices, Comparison.LEQ), rasp.numerical(rasp.map((t) => (t === 'a' ? 1 : 0), tokens))));
    const prog = rasp.sequenceMap((f, t) => ((f as number) > 0.5 ? `${String(t)}+` : `${String(t)}-`), frac, tokens).named('out');
    const fast = compile(prog, { vocab: 'ab', maxSeqLen: 5 }), plain = compile(prog, { vocab: 'ab', maxSeqLen: 5, optimize: false });
    assert.ok(!fast.residual.labels.some((l) => l.sop.endsWith(':onehot')), 'no one-hot view');
    assert.ok(fast.config.layers < plain.config.layers, `${fast.config.layers} against ${plain.config.layers}`);
    for (const x of allInputs([...'ab'], 5)) assert.deepStrictEqual(fast.forward(x), rasp.evaluate(prog, x));
  });

  it('gives numbers exactly (within HARD) for a numerical output, at every combination of the one-hot inputs', () => {
    const width = rasp.numerical(rasp.selectorWidth(rasp.select(tokens, tokens, Comparison.EQ)));
    const prog = rasp.numerical(rasp.sequenceMap((w, t) => (t === 'a' ? 10 * (w as number) : -(w as number)), width, tokens));
    const model = compile(prog, { vocab: 'abc', maxSeqLen: 4 });
    for (const x of allInputs([...'abc'], 4)) {
      const got = model.forward(x) as number[], expected = rasp.evaluate(prog, x) as number[];
      got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= HARD, `on ${x.join('')}: ${v} against ${expected[i]}`));
    }
  });

  it('gives the map the numerical input\'s own values: booleans stay booleans (stored as 0 and 1)', () => {
    const bools = rasp.numerical(rasp.map((t) => t === 'a', tokens));
    const prog = rasp.sequenceMap((b, t) => (b === true ? `${String(t)}!` : String(t)), bools, rasp.map((t) => t === 'b' ? 'b' : 'c', tokens));
    const model = compile(prog, { vocab: 'abc', maxSeqLen: 4 });
    assert.ok(!model.residual.labels.some((l) => l.sop.endsWith(':onehot')), 'gated, with no one-hot view');
    for (const x of allInputs([...'abc'], 4)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(prog, x), x.join(''));
  });
});
