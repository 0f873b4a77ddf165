/** Every library program on hand-checked inputs, through the DSL and, where the text library has it, through RASP text. */
import * as assert from 'assert';
import * as rasp from '../../src/rasp/index';
import { RaspSession } from '../../src/rasp/lang/session';

const { tokens, lib } = rasp;
type Row = [string, () => rasp.SOp, rasp.Value[] | string, rasp.Value[], string?];

/** name, program, input, expected, and the same program in RASP text (run in a fresh session) where there is one. */
const rows: Row[] = [
  ['length', () => lib.makeLength(), 'abcd', [4, 4, 4, 4], 'length'],
  ['reverse', () => lib.makeReverse(tokens), 'stressed', [...'desserts'], 'aggregate(select(indices, length - indices - 1, ==), tokens)'],
  ['shift by 2', () => lib.shiftBy(2, tokens, '.'), 'abcde', ['.', '.', 'a', 'b', 'c'], 'shift(tokens, 2, ".")'],
  ['shift by -1', () => lib.shiftBy(-1, tokens, '_'), 'abc', ['b', 'c', '_'], 'shift(tokens, -1, "_")'],
  ['count', () => lib.makeCount(tokens, 'a'), 'banana', [3, 3, 3, 3, 3, 3], 'count(tokens, "a")'],
  ['contains (yes)', () => lib.makeContains(tokens, 'n'), 'banana', [true, true, true, true, true, true], 'contains(tokens, "n")'],
  ['contains (no)', () => lib.makeContains(tokens, 'z'), 'ab', [false, false], 'contains(tokens, "z")'],
  ['fraction of previous', () => lib.makeFracPrevs(rasp.map((t) => t === '(', tokens)), 'x(()(', [0, 0.5, 2 / 3, 0.5, 0.6], 'aggregate(select(indices, indices, <=), indicator(tokens == "("))'],
  ['first instance', () => lib.markFirstInstance(tokens, 'a'), 'banana', [false, true, false, false, false, false], 'mark_first_instance(tokens, "a")'],
  ['last instance', () => lib.markLastInstance(tokens, 'a'), 'banana', [false, false, false, false, false, true], 'mark_last_instance(tokens, "a")'],
  ['first occurrences', () => lib.makeIsFirstOccurrence(tokens), 'abab', [true, true, false, false]],
  ['window max of 3', () => lib.makeWindowMax(tokens, 3), [3, 9, 2, 4, 1, 1, 8], [3, 9, 9, 9, 4, 4, 8]],
  ['window min of 2', () => lib.makeWindowMin(tokens, 2), [3, 9, 2, 4, -1], [3, 3, 2, 2, -1]],
  ['histogram', () => lib.makeHist(), 'mississippi', [1, 4, 4, 4, 4, 4, 4, 4, 2, 2, 4], 'selector_width(select(tokens, tokens, ==))'],
  ['double histogram', () => lib.makeDoubleHist(), 'aabbbcdd', [2, 2, 1, 1, 1, 1, 2, 2]],
  ['count less frequent than 2', () => lib.makeCountLessFreq(2), 'abcaa', [2, 2, 2, 2, 2]],
  ['count less frequent: at most n times, as tracr', () => lib.makeCountLessFreq(2), 'aabc', [4, 4, 4, 4]],
  ['sort, unique keys', () => lib.makeSortUnique(tokens, tokens), [5, 2, 9, 1], [1, 2, 5, 9]],
  ['sort, repeated keys (stable)', () => lib.makeSort(tokens, tokens), 'banana', [...'aaabnn'], 'sort(tokens, tokens)'],
  ['sort by frequency', () => lib.makeSortFreq(), 'abcbcbd', [...'bbbccad']],
  ['Dyck-1', () => lib.makeDyckPTF(['()']), '(()))(()', [...'PPPTFFFF']],
  ['Dyck-2', () => lib.makeDyckPTF(['()', '{}']), '({}){(})', [...'PPPTPPFF']],
  ['Dyck-3', () => lib.makeDyckPTF(['()', '{}', '[]']), '([]{})[]', [...'PPPPPTPT']],
  ['Dyck-3 mismatch', () => lib.makeDyckPTF(['()', '{}', '[]']), '([)]', [...'PPFF']],
  ['pair balance', () => lib.makePairBalance(tokens, '(', ')'), '(()', [1, 1, 1 / 3]],
  ['shuffle-Dyck, balanced', () => lib.makeShuffleDyck(['()', '{}']), '({)}', [1, 1, 1, 1]],
  ['shuffle-Dyck, unfinished', () => lib.makeShuffleDyck(['()', '{}']), '({)', [0, 0, 0]],
  ['shuffle-Dyck, closes first', () => lib.makeShuffleDyck(['()']), ')(', [0, 0]],
  ['detect pattern', () => lib.detectPattern(tokens, ['a', 'b']), 'abcab', [false, true, false, false, true]],
];

const close = (got: rasp.Value[], want: rasp.Value[]) =>
  got.length === want.length && got.every((v, i) => (typeof v === 'number' ? Math.abs(v - (want[i] as number)) < 1e-12 : v === want[i]));

describe('rasp.lib', () => {
  for (const [name, make, input, expected, text] of rows) {
    it(`${name}: DSL`, () => {
      const got = rasp.evaluate(make(), input);
      assert.ok(close(got, expected), `got ${JSON.stringify(got)}`);
    });
    if (text) {
      it(`${name}: RASP text \`${text}\``, () => {
        const session = new RaspSession();
        if (Array.isArray(input)) session.run('tokens = tokens_int;');
        const got = session.evaluate(text, input);
        assert.ok(close(got, expected), `got ${JSON.stringify(got)}`);
      });
    }
  }
  it('rejects bad library arguments with a clear message', () => {
    assert.throws(() => lib.makeDyckPTF(['(']), /makeDyckPTF: expected bracket pairs like/);
    assert.throws(() => lib.makeWindowMax(tokens, 0), /window_max: expected a window width of at least 1 but received 0/);
    assert.throws(() => lib.detectPattern(tokens, []), /detectPattern: expected a non-empty pattern/);
  });
});
