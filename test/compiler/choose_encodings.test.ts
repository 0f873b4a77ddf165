/**
 * choose_encodings: numerical encodings where every reader accepts a scalar (numerical equality in selectors included);
 * optimize: false keeps one-hot.
 */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { EncoderModel } from '../../src/encoder/model';
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

  describe('numerical equality keys', () => {
    const dims = (model: EncoderModel, sop: string) => model.residual.labels.filter((l) => l.sop === sop).length;

    it('makeSort: both selector widths are one dimension, the EQ key is a sum read as such, the query stays one-hot (a LT reads it)', () => {
      const program = rasp.lib.makeSort(tokens, tokens), model = compile(program, { vocab: 'abc', maxSeqLen: 5 });
      assert.deepStrictEqual(['smaller_keys', 'ties_before', 'sorted_position', 'sorted_position²', 'indices'].map((s) => dims(model, s)), [1, 1, 0, 1, 5]);
    });

    it('makeSort equals the evaluator and the optimize: false model on every input up to 5 tokens over 3 letters', () => {
      const program = rasp.lib.makeSort(tokens, tokens);
      const fast = compile(program, { vocab: 'abc', maxSeqLen: 5 }), plain = compile(program, { vocab: 'abc', maxSeqLen: 5, optimize: false });
      const soft = compile(program, { vocab: 'abc', maxSeqLen: 5, attention: 'softmax' });
      for (const x of allInputs([...'abc'], 5)) {
        const expected = rasp.evaluate(program, x);
        assert.deepStrictEqual(fast.forward(x), expected);
        assert.deepStrictEqual(plain.forward(x), expected);
        assert.deepStrictEqual(soft.forward(x), expected);
      }
    });

    it('makeSortUnique: key and query (indices, in the embedding) both numerical, their squares hosted; no extra layer', () => {
      const program = rasp.lib.makeSortUnique(tokens, tokens);
      const fast = compile(program, { vocab: 'abc', maxSeqLen: 5 }), plain = compile(program, { vocab: 'abc', maxSeqLen: 5, optimize: false });
      assert.deepStrictEqual(['smaller_keys', 'smaller_keys²', 'indices', 'indices²'].map((s) => dims(fast, s)), [1, 1, 1, 1]);
      assert.strictEqual(fast.config.layers, plain.config.layers);
      for (const x of allInputs([...'abc'], 3).filter((y) => new Set(y).size === y.length)) {
        assert.deepStrictEqual(fast.forward(x), rasp.evaluate(program, x));
        assert.deepStrictEqual(fast.forward(x), plain.forward(x));
      }
    });

    it('makeSort at maxSeqLen 32 is at least 120 dimensions narrower than without optimising (46 against 174; 139 before)', () => {
      const program = rasp.lib.makeSort(tokens, tokens);
      const fast = compile(program, { vocab: 'abc', maxSeqLen: 32 }).config, plain = compile(program, { vocab: 'abc', maxSeqLen: 32, optimize: false }).config;
      assert.ok(plain.residualWidth - fast.residualWidth >= 120, `${fast.residualWidth} against ${plain.residualWidth}`);
      assert.ok(fast.residualWidth <= 50 && fast.layers === plain.layers, `${fast.residualWidth} wide, ${fast.layers} layers`);
    });

    it('keeps one-hot a key compared by LT, inside an or, or with two values only; the model stays exact', () => {
      const w = (name = 'key') => rasp.selectorWidth(rasp.select(tokens, tokens, Comparison.EQ)).named(name);
      const two = rasp.map((x) => (x as number) % 2, w('hist')).named('key');
      const programs = [
        rasp.selectorWidth(rasp.select(w(), indices, Comparison.LT)),
        rasp.selectorWidth(rasp.or(rasp.select(w(), indices, Comparison.EQ), rasp.select(tokens, tokens, Comparison.LT))),
        rasp.selectorWidth(rasp.select(two, indices, Comparison.EQ)),
      ];
      for (const p of programs) {
        const model = compile(p, { vocab: 'ab', maxSeqLen: 4 }), key = model.residual.labels.filter((l) => l.sop === 'key');
        assert.ok(key.length >= 2 && key.every((l) => l.value !== undefined), JSON.stringify(key));
        for (const x of allInputs([...'ab'], 4)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(p, x));
      }
    });
  });
});
