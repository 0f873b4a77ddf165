/**
 * Ports of tracr's `compiler/lib.py` (google-deepmind/tracr), written in attnsim's DSL the way tracr writes them, so
 * the two compilers can be compared program by program (`rasp.lib.tracr.*`). Where tracr relies on Python (tuples,
 * `==` on s-ops, `&` and `|` as Python's `and` and `or`), the port says how it stands in; None pads as in tracr
 * (shiftBy, detectPattern), and numerical aggregates average booleans as 1 and 0. Same definitions as tracr: `makeCountLessFreq(n)` here
 * counts `hist <= n`, as tracr's does (attnsim's own `rasp.lib.makeCountLessFreq` counts `hist < n`).
 */
import {
  aggregate, Comparison, indices, map, numerical, select, selectorWidth, sequenceMap, SOp, tokens,
} from '../dsl';
import { linear } from '../numeric';
import { eq, Value } from '../values';

/** Python's `x and y` (tracr's `&` on s-ops): x when x is falsy, else y. */
const and = (x: Value, y: Value): Value => (x ? y : x);
/** Python's `x or y` (tracr's `|` on s-ops): x when x is truthy, else y. */
const or = (x: Value, y: Value): Value => (x ? x : y);

/**
 * tracr's make_length: the length from the width of an all-true selector.
 * @example rasp.evaluate(rasp.lib.tracr.makeLength(), 'abcd'); // [4, 4, 4, 4]
 */
export function makeLength(): SOp {
  return selectorWidth(select(tokens, tokens, Comparison.TRUE).named('all_true_selector')).named('length');
}

/**
 * tracr's make_reverse: each position reads position length − index − 1.
 * @example rasp.evaluate(rasp.lib.tracr.makeReverse(rasp.tokens), 'abc'); // ['c', 'b', 'a']
 */
export function makeReverse(sop: SOp): SOp {
  const opp = sequenceMap((n, i) => (n as number) - (i as number), makeLength(), indices).named('opp_idx');
  const oppMinusOne = map((x) => (x as number) - 1, opp).named('opp_idx-1');
  return aggregate(select(indices, oppMinusOne, Comparison.EQ).named('reverse_selector'), sop).named('reverse');
}

/**
 * tracr's make_frac_prevs: the fraction of positions up to here where `bools` holds (numerical: true counts as 1).
 * @example rasp.evaluate(rasp.lib.tracr.makeFracPrevs(rasp.map((t) => t === 'l', rasp.tokens)), 'hello'); // [0, 0, 1/3, 1/2, 2/5]
 */
export function makeFracPrevs(bools: SOp): SOp {
  const prevs = select(indices, indices, Comparison.LEQ);
  return numerical(aggregate(prevs, numerical(bools), { default: 0 }).named('frac_prevs'));
}

/**
 * tracr's make_pair_balance: the fraction of `open` minus the fraction of `close` up to here (numerical; the booleans
 * `sop == open` averaged as 1 and 0, as tracr counts them).
 * @example rasp.evaluate(rasp.lib.tracr.makePairBalance(rasp.tokens, '(', ')'), '(()'); // [1, 1, 1/3]
 */
export function makePairBalance(sop: SOp, open: string, close: string): SOp {
  const opens = numerical(makeFracPrevs(numerical(map((t) => t === open, sop)).named('bools_open'))).named('opens');
  const closes = numerical(makeFracPrevs(numerical(map((t) => t === close, sop)).named('bools_close'))).named('closes');
  return numerical(linear([opens, closes], [1, -1])).named('pair_balance');
}

/**
 * tracr's make_shuffle_dyck: true everywhere when every pair is balanced separately, else false (tracr's `x and y`
 * of last_zero and `not has_neg`, where has_neg averages the booleans any_negative).
 * @example rasp.evaluate(rasp.lib.tracr.makeShuffleDyck(['()', '{}']), '({)}'); // [true, true, true, true]
 */
export function makeShuffleDyck(pairs: string[]): SOp {
  if (!Array.isArray(pairs) || pairs.length === 0 || !pairs.every((p) => typeof p === 'string' && [...p].length === 2)) {
    throw new TypeError(`makeShuffleDyck: expected bracket pairs like ['()', '{}'] but received ${JSON.stringify(pairs)}`);
  }
  const balances = pairs.map((p) => makePairBalance(tokens, [...p][0], [...p][1]).named(`balance_${p}`));
  const negative = balances.map((b): SOp => map((x) => (x as number) < 0, b));
  const anyNegative = numerical(map((x) => x, negative.reduce((a, b) => sequenceMap(or, a, b)))).named('any_negative');
  const hasNeg = numerical(aggregate(select(indices, indices, Comparison.TRUE).named('select_all'), anyNegative, { default: 0 })).named('has_neg');
  const allZero = balances.map((b): SOp => map((x) => x === 0, b)).reduce((a, b) => sequenceMap(and, a, b));
  const lastIndex = map((n) => (n as number) - 1, makeLength());
  const lastZero = aggregate(select(indices, lastIndex, Comparison.EQ).named('select_last'), allZero).named('last_zero');
  const notHasNeg = map((x) => !x, hasNeg).named('not_has_neg');
  return sequenceMap(and, lastZero, notHasNeg).named('shuffle_dyck');
}

/**
 * tracr's make_hist: how often each position's token occurs.
 * @example rasp.evaluate(rasp.lib.tracr.makeHist(), 'abac'); // [2, 1, 2, 1]
 */
export function makeHist(): SOp {
  return selectorWidth(select(tokens, tokens, Comparison.EQ).named('same_tok')).named('hist');
}

/**
 * tracr's make_sort_unique: `vals` ordered by `keys`, which must all differ.
 * @example rasp.evaluate(rasp.lib.tracr.makeSortUnique(rasp.tokens, rasp.tokens), [2, 4, 3, 1]); // [1, 2, 3, 4]
 */
export function makeSortUnique(vals: SOp, keys: SOp): SOp {
  const targetPos = selectorWidth(select(keys, keys, Comparison.LT).named('smaller')).named('target_pos');
  return aggregate(select(targetPos, indices, Comparison.EQ), vals).named('sort');
}

/**
 * tracr's make_sort: keys made unique as key + minKey·index/maxSeqLen, then makeSortUnique (numerical keys only).
 * @example rasp.evaluate(rasp.lib.tracr.makeSort(rasp.tokens, rasp.tokens, 5, 1), [2, 4, 1, 2]); // [1, 2, 2, 4]
 */
export function makeSort(vals: SOp, keys: SOp, maxSeqLen: number, minKey: number): SOp {
  const unique = sequenceMap((x, i) => (x as number) + (minKey * (i as number)) / maxSeqLen, keys, indices);
  return makeSortUnique(vals, unique);
}

/**
 * tracr's make_sort_freq: the tokens by descending frequency (stable).
 * @example rasp.evaluate(rasp.lib.tracr.makeSortFreq(5), [2, 4, 2, 1]); // [2, 2, 4, 1]
 */
export function makeSortFreq(maxSeqLen: number): SOp {
  const hist = map((x) => -1 * (x as number), makeHist()).named('hist');
  return makeSort(tokens, hist, maxSeqLen, 1).named('sort_freq');
}

/**
 * tracr's shift_by: the s-op moved `offset` positions right, `fill` (tracr: None) where nothing arrives.
 * @example rasp.evaluate(rasp.lib.tracr.shiftBy(1, rasp.tokens, '_'), 'abc'); // ['_', 'a', 'b']
 */
export function shiftBy(offset: number, sop: SOp, fill: Value = null): SOp {
  const sel = select(indices, indices, (k, q) => q === (k as number) + offset);
  return aggregate(sel, sop, { default: fill }).named(`shift_by(${offset})`);
}

/**
 * tracr's detect_pattern: true at the last element of each occurrence of `pattern`, None before it can end.
 * @example rasp.evaluate(rasp.lib.tracr.detectPattern(rasp.tokens, [...'abc']), 'abcabc'); // [null, null, true, false, false, true]
 */
export function detectPattern(sop: SOp, pattern: Value[]): SOp {
  if (!Array.isArray(pattern) || pattern.length === 0) {
    throw new TypeError(`detectPattern: expected a non-empty pattern but received ${JSON.stringify(pattern)}`);
  }
  const detectors = [...pattern].reverse().map((element, i) => {
    const detector = map((x) => eq(x, element), sop);
    return i === 0 ? detector : shiftBy(i, detector);
  });
  let detected = detectors.pop()!;
  while (detectors.length > 0) detected = sequenceMap(and, detected, detectors.pop()!);
  return detected.named(`detect_pattern(${pattern.join('')})`);
}

/**
 * tracr's make_count_less_freq: how many positions hold a token occurring at most `n` times (tracr's `<=`).
 * @example rasp.evaluate(rasp.lib.tracr.makeCountLessFreq(2), [...'aaabbc']); // [3, 3, 3, 3, 3, 3]
 */
export function makeCountLessFreq(n: number): SOp {
  const hist = makeHist();
  return selectorWidth(select(hist, hist, (x) => (x as number) <= n).named('select_less')).named('count_less_freq');
}

/**
 * tracr's make_count: how many positions hold `token`.
 * @example rasp.evaluate(rasp.lib.tracr.makeCount(rasp.tokens, 'a'), [...'aaabbc']); // [3, 3, 3, 3, 3, 3]
 */
export function makeCount(sop: SOp, token: Value): SOp {
  return selectorWidth(select(sop, sop, (k) => eq(k, token))).named(`count_${String(token)}`);
}

/**
 * tracr's make_nary_sequencemap: an n-ary map through binary maps that build tuples (JSON arrays stand in for
 * Python's tuples), then a map of the tuple.
 * @example rasp.evaluate(rasp.lib.tracr.makeNarySequenceMap((a, b) => `${a}${b}`, rasp.tokens, rasp.indices), 'ab'); // ['a0', 'b1']
 */
export function makeNarySequenceMap(f: (...args: Value[]) => Value, first: SOp, ...sops: SOp[]): SOp {
  let values: SOp = first;
  sops.forEach((sop, i) => {
    values = sequenceMap((x, y) => JSON.stringify(i === 0 ? [x, y] : [...(JSON.parse(x as string) as Value[]), y]), values, sop);
  });
  return map((args) => f(...(sops.length === 0 ? [args] : (JSON.parse(args as string) as Value[]))), values);
}
