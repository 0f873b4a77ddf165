/** compile(): options, model size, defaults (the tracr default bug), numerical maps, and CompileError. */
import * as assert from 'assert';
import { allInputs } from '../cases/programs';
import { compile, CompileError, rasp } from '../../src/index';
import { assertThrows } from '../helpers/throws';
import { HARD } from '../helpers/close';

const { tokens, indices, Comparison } = rasp;

describe('compiler/compile', () => {
  it('a categorical aggregate with no default gives 0 where nothing is selected (tracr compiles this wrong)', () => {
    const prog = rasp.aggregate(rasp.select(tokens, tokens, Comparison.LT), tokens).named('smaller');
    const model = compile(prog, { vocab: [1, 2, 3], maxSeqLen: 3 });
    assert.deepStrictEqual(model.forward([1, 2, 2]), rasp.evaluate(prog, [1, 2, 2]));
    assert.deepStrictEqual(model.forward([3, 3, 1]), [1, 1, 0]);
  });

  it('Aggregate(Select(x, x, EQ), x): several selected equal strings give that string, in the evaluator and the model', () => {
    const prog = rasp.aggregate(rasp.select(tokens, tokens, Comparison.EQ), tokens);
    const model = compile(prog, { vocab: 'abc', maxSeqLen: 5 });
    for (const x of allInputs([...'abc'], 5)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(prog, x));
  });

  it('a categorical aggregate with a string default, and one of None', () => {
    for (const fallback of ['none', null]) {
      const prog = rasp.aggregate(rasp.select(indices, rasp.map((i) => (i as number) + 1, indices), Comparison.EQ), tokens, { default: fallback });
      assert.deepStrictEqual(compile(prog, { vocab: 'ab', maxSeqLen: 4 }).forward([...'abba']), ['b', 'b', 'a', fallback]);
    }
  });

  it('reports its size: layers, heads, residual width, MLP width, marked blocks, as built', () => {
    const model = compile(rasp.lib.makeSort(tokens, tokens), { vocab: 'abc', maxSeqLen: 5 });
    const c = model.config;
    assert.strictEqual(c.layers, model.layers.length);
    assert.deepStrictEqual(c.headsPerLayer, model.layers.map((l) => l.heads.length));
    assert.strictEqual(c.residualWidth, model.residual.labels.length);
    assert.strictEqual(c.mlpHidden, Math.max(...model.layers.map((l) => l.mlp?.w1.cols ?? 0)));
    assert.strictEqual(c.pointwiseBlocks, 0);
  });

  it('independent heads share a layer (fewest layers)', () => {
    const a = rasp.selectorWidth(rasp.select(tokens, tokens, Comparison.EQ));
    const b = rasp.selectorWidth(rasp.select(tokens, tokens, Comparison.LT));
    const model = compile(rasp.sequenceMap((x, y) => (x as number) + (y as number), a, b), { vocab: 'ab', maxSeqLen: 4 });
    assert.strictEqual(model.config.layers, 2);
    assert.deepStrictEqual(model.forward([...'abab']), rasp.evaluate(rasp.sequenceMap((x, y) => (x as number) + (y as number), a, b), 'abab'));
  });

  it('numerical: linear maps, ReLU, max and min of real tokens are exact MLPs; product and exp are marked blocks', () => {
    const x = rasp.numerical(tokens), prev = rasp.numerical(rasp.aggregate(rasp.select(indices, rasp.map((i) => (i as number) - 1, indices), Comparison.EQ), x));
    const programs = [rasp.linear([x, prev], [2, -3], 0.5), rasp.relu(x), rasp.maximum(x, prev), rasp.minimum(x, prev), rasp.product(x, prev), rasp.exp(x)];
    const input = [-5, 6, 0.25, -1.5, 3];
    for (const prog of programs) {
      const model = compile(prog, { maxSeqLen: 5 });
      const expected = rasp.evaluate(prog, input) as number[], got = model.forward(input) as number[];
      got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= HARD * (1 + Math.abs(expected[i])), `${prog.label}: ${got} vs ${expected}`));
      assert.strictEqual(model.config.pointwiseBlocks, prog.options.pointwise ? 1 : 0);
    }
  });

  it('a numerical mean of real values, selected by numerical equality on indices', () => {
    const x = rasp.numerical(tokens), half = rasp.numerical(rasp.map((i) => Math.floor((i as number) / 2), indices));
    const prog = rasp.numerical(rasp.aggregate(rasp.select(half, half, Comparison.EQ), x));
    const input = [1.5, -2, 7, 0.125, 3];
    const got = compile(prog, { maxSeqLen: 6 }).forward(input) as number[];
    got.forEach((v, i) => assert.ok(Math.abs(v - (rasp.evaluate(prog, input)[i] as number)) <= HARD));
  });

  it('lists every s-op it cannot compile, with the reason, in one CompileError', () => {
    const x = rasp.numerical(tokens);
    const doubled = rasp.map((v) => (v as number) * 2, x);
    const bad = rasp.sequenceMap((a, b) => String(a) + String(b), doubled, rasp.length);
    assert.throws(() => compile(bad, { maxSeqLen: 4, causal: true }), (e: CompileError) => {
      assert.strictEqual(e.code, 'ERR_ATTNSIM_COMPILE');
      // The maps of real tokens are not listed one by one: the root whose values are not finite is, naming them.
      assert.deepStrictEqual(e.problems.map((p) => p.sop).sort(), ['length', 'tokens']);
      assert.match(e.message, /length needs keys after the query/);
      assert.match(e.message, new RegExp(`'tokens': its values are not a finite set \\(the tokens are real numbers \\(no vocab\\)\\), but '${doubled.label}'`));
      return true;
    });
  });

  it('refuses a model too large to allocate, naming the s-op that makes it wide, before allocating it', () => {
    const shifted = rasp.map((i) => (i as number) + 1, rasp.indices).named('shifted');
    assertThrows(() => compile(shifted, { vocab: 'ab', maxSeqLen: 40000 }), /'shifted': it is the widest s-op; the position table .* would be 40001×40002 = 1600120002 weights, more than 1073741824/,
      'ERR_ATTNSIM_COMPILE');
  });

  it('checks its options', () => {
    assertThrows(() => compile(tokens, { vocab: 'ab', maxSeqLen: 0 }), /compile: expected an integer between 1 and \d+ for maxSeqLen but received 0/);
    assertThrows(() => compile(tokens, { vocab: 'ab', maxSeqLen: 2, attention: 'soft' as 'hard' }), /attention/);
    assertThrows(() => compile(tokens, { vocab: 'ab', maxSeqLen: 2, coldness: -1 }), /positive coldness/);
    assertThrows(() => compile('tokens' as never, { maxSeqLen: 2 }), /expected an s-op for program/);
    assertThrows(() => compile(tokens, { maxSeqLen: 2 }), /categorical tokens need a vocabulary/, 'ERR_ATTNSIM_COMPILE');
    assertThrows(() => compile(tokens, { vocab: ['a', {} as never], maxSeqLen: 2 }), /expected a string, a finite number, a boolean or null for a vocab entry/);
    assertThrows(() => compile(rasp.numerical(rasp.map((v) => `${String(v)}!`, tokens)), { vocab: 'ab', maxSeqLen: 2 }),
      /a numerical s-op holds numbers only, but it can hold "a!"/, 'ERR_ATTNSIM_COMPILE');
  });
});
