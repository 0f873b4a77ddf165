/** fuse_maps: a chain of one-hot maps becomes one MLP; a shared map is copied into the readers that can take it. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { allInputs } from '../cases/programs';

const { tokens, indices, Comparison } = rasp;

describe('compiler/fuse_maps', () => {
  it('fuses g(f(a, b), c) into one map: one MLP sublayer, no dimensions for f; the same outputs as unfused', () => {
    const w = rasp.selectorWidth(rasp.select(tokens, tokens, Comparison.EQ));
    const f = rasp.sequenceMap((a, b) => `${String(a)}${String(b)}`, w, rasp.map((t) => t === 'a', tokens)).named('f');
    const g = rasp.sequenceMap((x, i) => `${String(x)}@${String(i)}`, f, indices).named('g');
    const fast = compile(g, { vocab: 'ab', maxSeqLen: 4 }), plain = compile(g, { vocab: 'ab', maxSeqLen: 4, optimize: false });
    assert.strictEqual(fast.residual.labels.filter((l) => l.sop === 'f').length, 0);
    assert.ok(fast.config.layers < plain.config.layers, `${fast.config.layers} against ${plain.config.layers}`);
    for (const x of allInputs([...'ab'], 4)) assert.deepStrictEqual(fast.forward(x), plain.forward(x));
  });

  it('fuses a map with a numerical output, and a chain through a map two s-ops read (copied into one, kept for the other)', () => {
    const w = rasp.selectorWidth(rasp.select(tokens, tokens, Comparison.EQ)).named('w');
    const odd = rasp.map((x) => (x as number) % 2 === 1, w).named('odd');
    const indicator = rasp.numerical(rasp.map((b) => (b ? 1 : 0), odd)).named('indicator');
    const mean = rasp.numerical(rasp.aggregate(rasp.select(indices, indices, Comparison.LEQ), indicator)).named('mean');
    const program = rasp.sequenceMap((m, o) => `${String(m > 0.5)}${String(o)}`, mean, odd);
    const fast = compile(program, { vocab: 'abc', maxSeqLen: 4 }), plain = compile(program, { vocab: 'abc', maxSeqLen: 4, optimize: false });
    assert.deepStrictEqual([fast.config.layers, plain.config.layers], [3, 5]);
    assert.strictEqual(fast.residual.labels.filter((l) => l.sop === 'indicator').length, 1);
    for (const x of allInputs([...'abc'], 4)) assert.deepStrictEqual(fast.forward(x), rasp.evaluate(program, x));
  });

  it('keeps a map that a selector or a second map reads', () => {
    const f = rasp.map((t) => t === 'a', tokens).named('f');
    const g = rasp.sequenceMap((x, y) => Boolean(x) && Boolean(y), f, rasp.map((t) => t !== 'b', tokens));
    const h = rasp.selectorWidth(rasp.select(f, f, Comparison.EQ));
    const model = compile(rasp.sequenceMap((x, y) => `${String(x)}${String(y)}`, g, h), { vocab: 'ab', maxSeqLen: 3 });
    assert.strictEqual(model.residual.labels.filter((l) => l.sop === 'f').length, 2);
  });
});
