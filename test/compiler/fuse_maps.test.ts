/** fuse_maps: a chain of one-hot maps becomes one MLP; what another s-op reads is kept. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { allInputs } from '../cases/programs';

const { tokens, indices, Comparison } = rasp;

describe('compiler/fuse_maps', () => {
  it('fuses g(f(a, b), c) into one map: one MLP sublayer, no dimensions for f; the same outputs as unfused', () => {
    const f = rasp.sequenceMap((a, b) => `${String(a)}${String(b)}`, tokens, rasp.map((t) => t === 'a', tokens)).named('f');
    const g = rasp.sequenceMap((x, i) => `${String(x)}@${String(i)}`, f, indices).named('g');
    const fast = compile(g, { vocab: 'ab', maxSeqLen: 4 }), plain = compile(g, { vocab: 'ab', maxSeqLen: 4, optimize: false });
    assert.strictEqual(fast.residual.labels.filter((l) => l.sop === 'f').length, 0);
    assert.ok(fast.config.layers < plain.config.layers, `${fast.config.layers} against ${plain.config.layers}`);
    for (const x of allInputs([...'ab'], 4)) assert.deepStrictEqual(fast.forward(x), plain.forward(x));
  });

  it('keeps a map that a selector or a second map reads', () => {
    const f = rasp.map((t) => t === 'a', tokens).named('f');
    const g = rasp.sequenceMap((x, y) => Boolean(x) && Boolean(y), f, rasp.map((t) => t !== 'b', tokens));
    const h = rasp.selectorWidth(rasp.select(f, f, Comparison.EQ));
    const model = compile(rasp.sequenceMap((x, y) => `${String(x)}${String(y)}`, g, h), { vocab: 'ab', maxSeqLen: 3 });
    assert.strictEqual(model.residual.labels.filter((l) => l.sop === 'f').length, 2);
  });
});
