/** allocate_layers: attention and MLP sublayers scheduled independently, each s-op at the first sublayer its inputs allow. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';

const { tokens, indices, Comparison } = rasp;

describe('compiler/allocate_layers', () => {
  it("an MLP reading an aggregate takes the same layer's feed-forward; a map of tokens shares it; the longest path sets the depth", () => {
    const previous = rasp.aggregate(rasp.select(indices, rasp.map((i) => (i as number) - 1, indices), Comparison.EQ), tokens, { default: 'z' });
    const isA = rasp.map((t) => t === 'a', previous).named('prev_is_a');
    const isB = rasp.map((t) => t === 'b', tokens).named('is_b');
    const both = rasp.sequenceMap((x, y) => x === true && y === true, isA, isB).named('ab');
    const plain = compile(both, { vocab: 'ab', maxSeqLen: 4, optimize: false });
    // One head: no later head reads the default it writes into BOS, so no clean-up head (bos_cleanup).
    assert.deepStrictEqual(plain.config.headsPerLayer, [1, 0]);
    assert.deepStrictEqual(plain.layers.map((l) => [...new Set(l.mlp?.units ?? [])].sort()), [['is_b', 'prev_is_a'], ['ab']]);
    const fused = compile(both, { vocab: 'ab', maxSeqLen: 4 });
    assert.strictEqual(fused.config.layers, 1);
    assert.deepStrictEqual(fused.forward([...'abab']), [false, true, false, true]);
  });
});
