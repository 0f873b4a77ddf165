/** affine_maps: affine maps found by trying every combination of values, and folded into their readers by choose_encodings. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { affineForm, MAX_AFFINE_PROBES } from '../../src/compiler/affine_maps';
import { inferValues } from '../../src/compiler/infer_values';
import { Settings } from '../../src/compiler/stages';
import { SOp } from '../../src/rasp/dsl';
import { allInputs } from '../cases/programs';

const { tokens, indices, Comparison } = rasp;

function settings(maxSeqLen: number): Settings {
  return { vocab: [...'abc'], maxSeqLen, bos: 'BOS', causal: false, attention: 'hard', coldness: 100, realFFN: null, optimize: true };
}

/** affineForm of `node` with the value sets of its program at maxSeqLen. */
function formOf(node: SOp, maxSeqLen = 5) {
  const nodes = rasp.topologicalOrder(node).filter((n): n is SOp => n instanceof SOp);
  return affineForm(node, inferValues(nodes, settings(maxSeqLen)));
}

describe('compiler/affine_maps', () => {
  const hist = rasp.selectorWidth(rasp.select(tokens, tokens, Comparison.EQ)).named('hist');
  const before = rasp.selectorWidth(rasp.select(indices, indices, Comparison.LT)).named('before');

  it('finds the form of a sum, a weighted sum with a constant, and a one-input affine map', () => {
    assert.deepStrictEqual(formOf(rasp.sequenceMap((a, b) => (a as number) + (b as number), hist, before)), { bias: 0, weights: [1, 1] });
    assert.deepStrictEqual(formOf(rasp.sequenceMap((a, b) => 3 + 2 * (a as number) - (b as number), hist, before)), { bias: 3, weights: [2, -1] });
    assert.deepStrictEqual(formOf(rasp.map((h) => -(h as number), hist)), { bias: 0, weights: [-1] });
  });

  it('refuses a product, a map that fails on some values, a map to booleans, string inputs, and too many combinations', () => {
    assert.strictEqual(formOf(rasp.sequenceMap((a, b) => (a as number) * (b as number), hist, before)), null);
    assert.strictEqual(formOf(rasp.map((h) => { if (h === 3) throw new Error('three'); return h as number; }, hist)), null);
    assert.strictEqual(formOf(rasp.map((h) => (h as number) > 1, hist)), null);
    assert.strictEqual(formOf(rasp.map((t) => (t === 'a' ? 1 : 0), tokens)), null);
    const n = Math.ceil(Math.sqrt(MAX_AFFINE_PROBES));
    assert.strictEqual(formOf(rasp.sequenceMap((a, b) => (a as number) + (b as number), hist, before), n), null);
  });

  it('folds sort\'s target position (a sum of two selector widths): no dimension, no MLP over combinations; exact', () => {
    const program = rasp.lib.makeSort(tokens, tokens);
    const fast = compile(program, { vocab: 'abc', maxSeqLen: 5 }), plain = compile(program, { vocab: 'abc', maxSeqLen: 5, optimize: false });
    const dims = (sop: string) => fast.residual.labels.filter((l) => l.sop === sop).length;
    assert.strictEqual(dims('sorted_position'), 0);
    assert.strictEqual(dims('sorted_position²'), 1);
    assert.strictEqual(fast.config.layers, plain.config.layers);
    assert.ok(fast.config.mlpHidden < plain.config.mlpHidden, `${fast.config.mlpHidden} against ${plain.config.mlpHidden}`);
    for (const x of allInputs([...'abc'], 5)) assert.deepStrictEqual(fast.forward(x), rasp.evaluate(program, x));
  });

  it('a folded key with a constant term (reverse: length − index − 1) selects exactly, with hard and softmax attention', () => {
    const program = rasp.lib.tracr.makeReverse(tokens);
    const hard = compile(program, { vocab: 'abc', maxSeqLen: 5 }), soft = compile(program, { vocab: 'abc', maxSeqLen: 5, attention: 'softmax' });
    assert.strictEqual(hard.residual.labels.filter((l) => l.sop === 'opp_idx-1' || l.sop === 'opp_idx').length, 0);
    for (const x of allInputs([...'abc'], 5)) {
      assert.deepStrictEqual(hard.forward(x), rasp.evaluate(program, x));
      assert.deepStrictEqual(soft.forward(x), rasp.evaluate(program, x));
    }
  });

  it('a folded query (hist + 1) that matches no key gives the default (its square is written by a block of its own)', () => {
    const target = rasp.map((h) => (h as number) + 1, hist).named('target');
    const program = rasp.aggregate(rasp.select(indices, target, Comparison.EQ), tokens, { default: 'z' }).named('read');
    const model = compile(program, { vocab: 'abc', maxSeqLen: 5 });
    assert.strictEqual(model.residual.labels.filter((l) => l.sop === 'target').length, 0);
    assert.ok(allInputs([...'abc'], 5).some((x) => rasp.evaluate(program, x).includes('z')));
    for (const x of allInputs([...'abc'], 5)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(program, x));
  });
});
