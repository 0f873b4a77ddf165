/** validate (with infer_values): a program that compiles runs; what cannot be compiled is refused naming the s-op and the reason. */
import * as assert from 'assert';
import { compile, CompileError, rasp } from '../../src/index';
import { MAX_MEANS } from '../../src/compiler/infer_values';
import { RaspSession } from '../../src/rasp/lang/session';
import { assertThrows } from '../helpers/throws';

const { tokens, indices, Comparison } = rasp;

describe('compiler/validate', () => {
  it('a map that fails on every value its inputs can hold is refused with its own error (`tokens + 1` on string tokens)', () => {
    const session = new RaspSession();
    session.run('y = tokens + 1;');
    assertThrows(() => compile(session.value('y') as rasp.SOp, { vocab: ['1', '2', '3'], maxSeqLen: 4 }),
      /'y': it fails on every value its inputs can hold, so no input runs: on \("1", 1\): unsupported operand types for \+/, 'ERR_ATTNSIM_COMPILE');
  });

  it('a map that fails on some values only still compiles (value sets over-approximate)', () => {
    const inverse = rasp.numerical(rasp.map((i) => { if (i === 0) throw new Error('zero'); return 1 / (i as number); }, indices));
    assert.strictEqual(compile(inverse, { vocab: 'a', maxSeqLen: 3 }).config.layers, 0);
  });

  it('names MAX_COMBINATIONS when a map has too many input combinations, and does not repeat it for its users', () => {
    const a = rasp.selectorWidth(rasp.select(tokens, tokens, Comparison.EQ)).named('a');
    const b = rasp.selectorWidth(rasp.select(indices, indices, Comparison.LT)).named('b');
    const sum = rasp.sequenceMap((x, y) => (x as number) + (y as number), a, b).named('sum');
    const user = rasp.map((x) => (x as number) > 3, sum).named('user');
    assert.throws(() => compile(user, { vocab: 'ab', maxSeqLen: 1000 }), (e: CompileError) => {
      assert.deepStrictEqual(e.problems.map((p) => p.sop), ['sum']);
      assert.match(e.message, /1002001 value combinations, more than the 200000 \(MAX_COMBINATIONS\)/);
      assert.doesNotMatch(e.message, /not a finite set/);
      return true;
    });
  });

  it('refuses a categorical aggregate of numbers whose selector can select several positions (tracr compiles it wrong)', () => {
    const prog = rasp.categorical(rasp.aggregate(rasp.select(indices, indices, Comparison.LEQ), tokens).named('prefix_mean'));
    assertThrows(() => compile(prog, { vocab: [1, 2, 3], maxSeqLen: 3 }), /'prefix_mean': it is categorical, but its selector can select several/,
      'ERR_ATTNSIM_COMPILE');
    const unannotated = rasp.aggregate(rasp.select(indices, indices, Comparison.LEQ), tokens);
    assert.ok(Math.abs((compile(unannotated, { vocab: [1, 2, 3], maxSeqLen: 3 }).forward([1, 1, 2])[2] as number) - 4 / 3) < 1e-9);
  });

  it('refuses a selector whose one-hot table would be too large (a tie-broken order on hist at 128), instead of running out of memory', () => {
    const hist = rasp.lib.makeHist();
    const before = rasp.or(rasp.select(hist, hist, Comparison.LT), rasp.and(rasp.select(hist, hist, Comparison.EQ), rasp.select(indices, indices, Comparison.LT)));
    assertThrows(() => compile(rasp.selectorWidth(before), { vocab: [...'abcdefghij'], maxSeqLen: 128 }),
      /its selector compares 16512 key values .* more than the 4194304 \(MAX_TABLE_PAIRS\)/, 'ERR_ATTNSIM_COMPILE');
  });

  describe("an aggregate's selector is checked as a selector width's is", () => {
    it('refuses an equality of means (real values) naming the aggregate, instead of a TypeError while scoring it', () => {
      const mean = rasp.numerical(rasp.aggregate(rasp.select(indices, indices, Comparison.LT), rasp.numerical(tokens))).named('mean');
      const program = rasp.aggregate(rasp.select(mean, mean, Comparison.EQ), indices).named('by_mean');
      for (const optimize of [true, false]) {
        assertThrows(() => compile(program, { maxSeqLen: 5, optimize }),
          /'by_mean': its selector compares 'mean' and 'mean' for equality, which needs finite sets of numbers/, 'ERR_ATTNSIM_COMPILE');
      }
    });

    it('refuses an aggregate whose one-hot table would be too large', () => {
      const hist = rasp.lib.makeHist();
      const before = rasp.or(rasp.select(hist, hist, Comparison.LT), rasp.and(rasp.select(hist, hist, Comparison.EQ), rasp.select(indices, indices, Comparison.LT)));
      assertThrows(() => compile(rasp.aggregate(before, indices), { vocab: [...'abcdefghij'], maxSeqLen: 128 }),
        /its selector compares 16512 key values .* \(MAX_TABLE_PAIRS\)/, 'ERR_ATTNSIM_COMPILE');
    });
  });

  it('names the s-op whose values are real, not a lookup over it as having "Infinity value combinations"', () => {
    const real = rasp.numerical(tokens).named('real');
    const mean = rasp.numerical(rasp.aggregate(rasp.select(indices, indices, Comparison.LEQ), real)).named('mean');
    const diff = rasp.sequenceMap((t, m) => (t as number) - (m as number), indices, mean).named('diff');
    const top = rasp.numerical(rasp.maximum(diff, indices)).named('top');
    assert.throws(() => compile(top, { maxSeqLen: 3 }), (e: CompileError) => {
      assert.deepStrictEqual(e.problems.map((p) => p.sop), ['real']);
      assert.match(e.message, /'real': its values are not a finite set \(the tokens are real numbers \(no vocab\)\), but 'diff' read it/);
      assert.doesNotMatch(e.message, /Infinity|mark it numerical/);
      return true;
    });
  });

  it('names the root once when many s-ops read a mean with too many values (long_addition.rasp at maxSeqLen 64)', () => {
    const mean = rasp.aggregate(rasp.select(tokens, '+', Comparison.EQ), indices).named('add_index');
    const readers = [1, 2, 3, 4, 5].map((k) => rasp.map((x) => (x as number) > k, mean).named(`above_${k}`));
    const all = readers.reduce((a, b) => rasp.sequenceMap((x, y) => Boolean(x) && Boolean(y), a, b));
    assert.throws(() => compile(all, { vocab: [...'01+'], maxSeqLen: 64 }), (e: CompileError) => {
      assert.deepStrictEqual(e.problems.map((p) => p.sop), ['add_index']);
      assert.ok(MAX_MEANS < 63 * (64 * 65) / 2 + 64, 'the means of up to 64 of 0 … 63 exceed MAX_MEANS');
      assert.match(e.message, new RegExp(`its means of up to 64 of the 64 values of 'indices' number more than ${MAX_MEANS} \\(MAX_MEANS\\)\\), but 'above_1', 'above_2', 'above_3' and 2 more read it`));
      return true;
    });
  });
});
