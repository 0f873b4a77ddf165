/**
 * selection_facts: distinct values across positions, selectors that select at most one position, aggregates that see
 * one value over every selected set — each fact on small programs, and the programs it lets compile, exact.
 */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { inferValues } from '../../src/compiler/infer_values';
import { selectionFacts, SelectionFacts } from '../../src/compiler/selection_facts';
import { AggregateSOp, RaspExpr, Selector, SOp } from '../../src/rasp/dsl';
import { Value } from '../../src/rasp/values';
import { allInputs } from '../cases/programs';
import { HARD } from '../helpers/close';

const { tokens: t, indices: i, Comparison: C, select, selectorWidth: width, map, sequenceMap, aggregate, and, or, not } = rasp;
const T = rasp.lib.tracr, numbers = [1, 2, 3];

/** The facts of a compilation of `root` (an s-op or a selector) over the vocabulary at maxSeqLen 5. */
function facts(root: RaspExpr, vocab: Value[] = numbers, causal = false): SelectionFacts {
  const nodes = rasp.topologicalOrder(root).filter((n): n is SOp => n instanceof SOp);
  const settings = { vocab, maxSeqLen: 5, bos: 'BOS', causal, attention: 'hard' as const, coldness: 100, realFFN: null, optimize: true };
  return selectionFacts(inferValues(nodes, settings), settings);
}

const trackSortKey = () => sequenceMap((x, k) => (x as number) + (k as number) / 5, t, i);
const rank = (keys: SOp) => width(select(keys, keys, C.LT));
/** rasp.lib.makeSort's target position: smaller keys plus equal keys before. */
const stableRank = () => sequenceMap((a, b) => (a as number) + (b as number), rank(t), width(and(select(t, t, C.EQ), select(i, i, C.LT))));

describe('compiler/selection_facts', () => {
  const distinct: [string, () => SOp, boolean, boolean?][] = [
    ['indices', () => i, true], ['tokens', () => t, false], ['2·i (position-dependent)', () => map((k) => 2 * k, i), true],
    ['i mod 2', () => map((k) => k % 2, i), false],
    ['tracr\'s sort key x + i/L (injective on its inputs\' values)', trackSortKey, true],
    ['x + i (3 + 0 = 2 + 1: not injective)', () => sequenceMap((x, k) => (x as number) + (k as number), t, i), false],
    ['the rank of distinct keys', () => rank(trackSortKey()), true], ['the rank of the tokens', () => rank(t), false],
    ['the rank of distinct keys, causal (a prefix count)', () => rank(trackSortKey()), false, true],
    ['the count of earlier positions, causal', () => width(select(i, i, C.LEQ)), true, true],
    ['smaller keys plus equal keys before (a lexicographic rank)', stableRank, true],
    ['the same as one or()', () => width(or(select(t, t, C.LT), and(select(t, t, C.EQ), select(i, i, C.LT)))), true],
    ['smaller keys plus equal keys (not an order)', () => sequenceMap((a, b) => (a as number) + (b as number), rank(t), width(select(t, t, C.EQ))), false],
    ['a width of not()', () => width(not(select(i, i, C.GEQ))), false],
  ];
  for (const [name, make, expected, causal] of distinct) {
    it(`distinct across positions: ${name}: ${expected}`, () => {
      const sop = make();
      assert.strictEqual(facts(sop, numbers, causal).distinct(sop), expected);
    });
  }

  const atMostOne: [string, () => Selector, boolean][] = [
    ['an equality on indices', () => select(i, map((k) => k - 1, i), C.EQ), true], ['an equality on tokens', () => select(t, t, C.EQ), false],
    ['an equality on the rank of distinct keys (tracr\'s make_sort)', () => select(rank(trackSortKey()), i, C.EQ), true],
    ['an equality on a lexicographic rank (rasp.lib\'s makeSort)', () => select(stableRank(), i, C.EQ), true],
    ['tracr\'s shift_by: q == k + 1 on indices', () => select(i, i, (k, q) => q === (k as number) + 1), true],
    ['k ≤ q on indices', () => select(i, i, C.LEQ), false],
    ['a conjunction with an equality on indices', () => and(select(t, t, C.EQ), select(i, i, C.EQ)), true],
    ['rasp.atMostOne', () => rasp.atMostOne(select(t, 2, C.EQ)), true],
    ['a conjunction with rasp.atMostOne', () => and(select(t, t, C.LT), rasp.atMostOne(select(t, 2, C.EQ))), true],
    ['or() of two equalities on indices', () => or(select(i, i, C.EQ), select(i, map((k) => k - 1, i), C.EQ)), false],
  ];
  for (const [name, make, expected] of atMostOne) {
    it(`at most one position: ${name}: ${expected}`, () => {
      const s = make();
      assert.strictEqual(facts(s).atMostOne(s), expected);
    });
  }

  it('at most one position: a key counted within its groups is distinct jointly with them (Dyck\'s opener at its level)', () => {
    const lv = map((x) => (x as number) % 2, t).named('level');
    const ordinal = width(and(select(lv, lv, C.EQ), select(i, i, C.LEQ))).named('ordinal');
    const jointly = and(select(lv, lv, C.EQ), select(ordinal, i, C.EQ)), alone = select(ordinal, i, C.EQ);
    assert.deepStrictEqual([facts(jointly).atMostOne(jointly), facts(alone).atMostOne(alone)], [true, false]);
  });

  const oneValue: [string, () => AggregateSOp, boolean, Value[]?][] = [
    ['aggregate(select(x, x, ==), x)', () => aggregate(select(t, t, C.EQ), t), true],
    ['a map of the key', () => aggregate(select(t, t, C.EQ), map((x) => 2 * (x as number), t)), true],
    ['what an injective key was computed from', () => aggregate(select(map((x) => (x as number) + 1, t), t, C.EQ), t), true],
    ['what a non-injective key was computed from', () => aggregate(select(map((x) => (x as number) % 2, t), t, C.EQ), t), false],
    ['indices over an equality on tokens', () => aggregate(select(t, t, C.EQ), i), false],
    ['tracr\'s make_sort_unique(tokens, tokens): what a rank was computed from', () => T.makeSortUnique(t, t) as AggregateSOp, true],
    ['the same over strings (the evaluator gives equal strings as that string)', () => T.makeSortUnique(t, t) as AggregateSOp, true, [...'abc']],
  ];
  for (const [name, make, expected, vocab] of oneValue) {
    it(`one value over every selected set: ${name}: ${expected}`, () => {
      const a = make();
      assert.strictEqual(facts(a, vocab).selectsOneValue(a), expected);
    });
  }

  /** Numbers within HARD (means round), everything else exactly; inputs where the evaluator raises are skipped. */
  function assertExact(program: SOp, vocab: Value[], maxSeqLen: number): number {
    const model = compile(program, { vocab, maxSeqLen });
    let compared = 0;
    for (const x of allInputs(vocab, maxSeqLen)) {
      let expected: Value[];
      try {
        expected = rasp.evaluate(program, x);
      } catch {
        continue;
      }
      const got = model.forward(x);
      assert.ok(got.every((v, k) => (typeof v === 'number' ? Math.abs(v - (expected[k] as number)) <= HARD : v === expected[k])),
        `on ${JSON.stringify(x)}: forward ${JSON.stringify(got)}, evaluate ${JSON.stringify(expected)}`);
      compared++;
    }
    return compared;
  }

  it('programs these facts let compile categorical equal the evaluator on every input up to length 5', () => {
    const x = t;
    const programs: [SOp, Value[]][] = [
      [aggregate(select(x, x, C.EQ), x), numbers], [T.makeSortUnique(t, t), numbers], [T.makeSort(t, t, 5, 1), numbers],
      [T.makeSortFreq(5), numbers], [rasp.lib.makeSort(t, t), [...'abc']], [T.shiftBy(1, t, '_'), [...'ab']],
      [aggregate(select(x, x, C.EQ), x), [...'abc']],
    ];
    for (const [program, vocab] of programs) {
      assert.strictEqual(compile(program, { vocab, maxSeqLen: 5 }).readout.encoding, 'categorical', program.label);
      assert.strictEqual(assertExact(program, vocab, 5), allInputs(vocab, 5).length, program.label);
    }
  });

  it('a counting model promising one marker compiles; it equals the evaluator wherever the input keeps the promise', () => {
    const marker = rasp.aggregate(rasp.atMostOne(select(t, '#', C.EQ)), i, { default: -1 }).named('marker_position');
    const before = rasp.selectorWidth(select(i, marker, C.LT)).named('before_marker');
    // Inputs with no marker or one: 1 + n of the 2^n inputs of each length n ≤ 5.
    assert.strictEqual(assertExact(before, [...'a#'], 5), 5 + 15);
  });
});
