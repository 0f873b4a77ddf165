/** Library programs on positions: length, reverse, shifts, counts, membership, first and last instances, windows. */
import {
  aggregate, and, Comparison, indices, length as lengthSOp, map, numerical, select, selectorWidth, sequenceMap, SOp, tokens,
} from '../dsl';
import { eq, Value } from '../values';

/**
 * The length of the input at every position, from a selector width (the way tracr builds it).
 * @example rasp.evaluate(rasp.lib.makeLength(), 'abcd'); // [4, 4, 4, 4]
 */
export function makeLength(): SOp {
  return selectorWidth(select(tokens, tokens, Comparison.TRUE)).named('length');
}

/**
 * The sequence reversed.
 * @example rasp.evaluate(rasp.lib.makeReverse(rasp.tokens), 'abc'); // ['c', 'b', 'a']
 */
export function makeReverse(sop: SOp): SOp {
  const opposite = sequenceMap((n, i) => (n as number) - (i as number) - 1, lengthSOp, indices).named('opposite_index');
  return aggregate(select(indices, opposite, Comparison.EQ), sop).named('reverse');
}

/**
 * The sequence moved k positions to the right (left for negative k), `fill` where nothing arrives.
 * @example rasp.evaluate(rasp.lib.shiftBy(2, rasp.tokens, '.'), 'abcde'); // ['.', '.', 'a', 'b', 'c']
 */
export function shiftBy(k: number, sop: SOp, fill: Value = 0): SOp {
  const source = map((i) => (i as number) - k, indices).named(`index_minus_${k}`);
  return aggregate(select(indices, source, Comparison.EQ), sop, { default: fill }).named(`shift_by_${k}`);
}

/**
 * How many positions hold `token`, at every position.
 * @example rasp.evaluate(rasp.lib.makeCount(rasp.tokens, 'a'), 'banana'); // [3, 3, 3, 3, 3, 3]
 */
export function makeCount(sop: SOp, token: Value): SOp {
  return selectorWidth(select(sop, token, Comparison.EQ)).named(`count_${String(token)}`);
}

/**
 * Whether `token` occurs anywhere, at every position.
 * @example rasp.evaluate(rasp.lib.makeContains(rasp.tokens, 'n'), 'banana'); // [true, …]
 */
export function makeContains(sop: SOp, token: Value): SOp {
  return map((c) => (c as number) > 0, makeCount(sop, token)).named(`contains_${String(token)}`);
}

/**
 * The fraction of positions up to and including each one where `bools` is true (a numerical mean).
 * @example rasp.evaluate(rasp.lib.makeFracPrevs(rasp.map((t) => t === '(', rasp.tokens)), 'x(()('); // [0, 0.5, 0.667, 0.5, 0.6]
 */
export function makeFracPrevs(bools: SOp): SOp {
  const ones = numerical(map((b) => (b ? 1 : 0), bools).named('frac_prevs_indicator'));
  return numerical(aggregate(select(indices, indices, Comparison.LEQ), ones).named('frac_prevs'));
}

/**
 * True at the first position holding `value` (false everywhere else).
 * @example rasp.evaluate(rasp.lib.markFirstInstance(rasp.tokens, 'a'), 'banana'); // [false, true, false, false, false, false]
 */
export function markFirstInstance(sop: SOp, value: Value): SOp {
  const earlier = selectorWidth(and(select(sop, value, Comparison.EQ), select(indices, indices, Comparison.LT)));
  return sequenceMap((v, n) => eq(v, value) && n === 0, sop, earlier).named(`first_${String(value)}`);
}

/**
 * True at the last position holding `value`.
 * @example rasp.evaluate(rasp.lib.markLastInstance(rasp.tokens, 'a'), 'banana'); // [false, false, false, false, false, true]
 */
export function markLastInstance(sop: SOp, value: Value): SOp {
  const later = selectorWidth(and(select(sop, value, Comparison.EQ), select(indices, indices, Comparison.GT)));
  return sequenceMap((v, n) => eq(v, value) && n === 0, sop, later).named(`last_${String(value)}`);
}

/**
 * True where the token is the first occurrence of its value.
 * @example rasp.evaluate(rasp.lib.makeIsFirstOccurrence(rasp.tokens), 'abab'); // [true, true, false, false]
 */
export function makeIsFirstOccurrence(sop: SOp): SOp {
  const earlierSame = selectorWidth(and(select(sop, sop, Comparison.EQ), select(indices, indices, Comparison.LT)));
  return map((n) => n === 0, earlierSame).named('is_first_occurrence');
}

function windowOf(sop: SOp, width: number, pick: (a: number, b: number) => number, name: string): SOp {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`${name}: expected a window width of at least 1 but received ${width}`);
  let out: SOp = sop;
  for (let j = 1; j < width; j++) {
    const shifted = shiftBy(j, sop, 0), inWindow = map((i) => (i as number) >= j, indices);
    out = sequenceMap((cur, s, ok) => (ok ? pick(cur as number, s as number) : cur), out, shifted, inWindow);
  }
  return out.named(`${name}_${width}`);
}

/**
 * The maximum over the last `width` positions (fewer at the start).
 * @example rasp.evaluate(rasp.lib.makeWindowMax(rasp.tokens, 3), [3, 9, 2, 4, 1]); // [3, 9, 9, 9, 4]
 */
export function makeWindowMax(sop: SOp, width: number): SOp {
  return windowOf(sop, width, Math.max, 'window_max');
}

/**
 * The minimum over the last `width` positions (fewer at the start).
 * @example rasp.evaluate(rasp.lib.makeWindowMin(rasp.tokens, 2), [3, 9, 2, 4]); // [3, 3, 2, 2]
 */
export function makeWindowMin(sop: SOp, width: number): SOp {
  return windowOf(sop, width, Math.min, 'window_min');
}
