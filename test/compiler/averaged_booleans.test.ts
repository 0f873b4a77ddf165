/**
 * A numerical aggregate of booleans averages them as 1 and 0 (Python's and tracr's count), in the evaluator and in the
 * compiled model alike: tracr's make_frac_prevs, make_pair_balance and make_shuffle_dyck, written as tracr writes them
 * (booleans, not 1/0 maps), compile and give tracr's answers. The text language keeps the reference's refusal.
 */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { SOp } from '../../src/rasp/dsl';
import { Value } from '../../src/rasp/values';
import { allInputs } from '../cases/programs';
import { HARD } from '../helpers/close';
import { assertThrows } from '../helpers/throws';

const { tokens, indices, length, map, sequenceMap, aggregate, select, numerical, Comparison: C } = rasp;

/** tracr's make_frac_prevs: rasp.numerical(Aggregate(Select(indices, indices, LEQ), numerical(bools), default=0)). */
const fracPrevs = (bools: SOp) => numerical(aggregate(select(indices, indices, C.LEQ), numerical(bools), { default: 0 }));

/** tracr's make_pair_balance: the fractions of `sop == open` and `sop == close` so far, subtracted. */
const pairBalance = (sop: SOp, open: string, close: string) => numerical(rasp.linear(
  [fracPrevs(numerical(map((t) => t === open, sop))), fracPrevs(numerical(map((t) => t === close, sop)))], [1, -1]));

/** tracr's make_shuffle_dyck, line by line: booleans averaged into has_neg, `~`, `&` and `|` as Python's. */
function shuffleDyck(pairs: string[]): SOp {
  const balances = pairs.map((p) => pairBalance(tokens, p[0], p[1]));
  const anyNegative = numerical(map((x) => x, balances.map((b) => map((x) => (x as number) < 0, b)).reduce((a, b) => sequenceMap((x, y) => x || y, a, b))));
  const hasNeg = numerical(aggregate(select(indices, indices, C.TRUE), anyNegative, { default: 0 }));
  const allZero = balances.map((b) => map((x) => x === 0, b)).reduce((a, b) => sequenceMap((x, y) => x && y, a, b));
  const lastZero = aggregate(select(indices, map((n) => n - 1, length), C.EQ), allZero);
  return sequenceMap((x, y) => x && y, lastZero, map((x) => !x, hasNeg)).named('shuffle_dyck');
}

/** Compiles and compares with the evaluator on every input up to maxSeqLen (numbers within HARD: exact means). */
function agreesEverywhere(program: SOp, vocab: Value[], maxSeqLen: number): void {
  for (const optimize of [true, false]) {
    const model = compile(program, { vocab, maxSeqLen, optimize });
    for (const x of allInputs(vocab, maxSeqLen)) {
      const got = model.forward(x), expected = rasp.evaluate(program, x);
      assert.ok(got.every((v, i) => (typeof v === 'number' ? Math.abs(v - Number(expected[i])) <= HARD : v === expected[i])),
        `${x.join('')} (optimize ${optimize}): model ${JSON.stringify(got)}, evaluator ${JSON.stringify(expected)}`);
    }
  }
}

describe('compiler: averaged booleans (numerical aggregates count true as 1)', () => {
  it("the evaluator averages them: make_frac_prevs(tokens == 'l') on 'hello' is [0, 0, 1/3, 1/2, 2/5]", () => {
    assert.deepStrictEqual(rasp.evaluate(fracPrevs(map((t) => t === 'l', tokens)), 'hello'), [0, 0, 1 / 3, 1 / 2, 2 / 5]);
  });

  it('one selected boolean and a boolean default read 1 and 0, as the model holds them', () => {
    const first = numerical(aggregate(select(indices, 0, C.EQ), map((t) => t === 'a', tokens), { default: false }));
    assert.deepStrictEqual(rasp.evaluate(first, 'ab'), [1, 1]);
    const none = numerical(aggregate(select(indices, 5, C.EQ), map((t) => t === 'a', tokens), { default: true }));
    assert.deepStrictEqual(rasp.evaluate(none, 'ab'), [1, 1]);
  });

  it('an aggregate not marked numerical still refuses a mean of booleans, as the reference RASP does', () => {
    const mean = aggregate(select(indices, indices, C.LEQ), map((t) => t === 'a', tokens));
    assertThrows(() => rasp.evaluate(mean, 'ab'), /asked to average multiple values, but they are non-numbers/);
    assertThrows(() => rasp.run('').evaluate('aggregate(select(indices, indices, <=), tokens == "a")', 'ab'), /non-numbers/);
  });

  it("make_frac_prevs(tokens == 'l') compiles as written and equals the evaluator on every input up to 6", () => {
    agreesEverywhere(fracPrevs(map((t) => t === 'l', tokens)), [...'hel'], 6);
  });

  it('balance < 0 reads true at −0.25 (the model read false there when means of booleans were taken as booleans)', () => {
    const negative = map((x) => (x as number) < 0, pairBalance(tokens, '(', ')'));
    assert.deepStrictEqual(compile(negative, { vocab: '()x', maxSeqLen: 4 }).forward(')xxx'), [true, true, true, true]);
    agreesEverywhere(negative, [...'()x'], 5);
  });

  it("make_shuffle_dyck over '()' and '{}' is false on '(){)}' and '(()', true on '({)}', and equals the evaluator up to 4", () => {
    const program = shuffleDyck(['()', '{}']), model = compile(program, { vocab: '(){}', maxSeqLen: 5 });
    assert.deepStrictEqual(model.forward('(){)}'), [false, false, false, false, false]);
    assert.deepStrictEqual(model.forward('(()'), [false, false, false]);
    assert.deepStrictEqual(model.forward('({)}'), [true, true, true, true]);
    agreesEverywhere(program, [...'(){}'], 4);
  });
});
