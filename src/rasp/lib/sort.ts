/** Library programs that sort: by unique keys, by any keys (stable), by frequency. */
import { aggregate, and, Comparison, indices, map, select, selectorWidth, sequenceMap, SOp, tokens } from '../dsl';
import { makeHist } from './hist';

/**
 * `vals` ordered by `keys`, which must all differ: each position finds its rank among the keys.
 * @example rasp.evaluate(rasp.lib.makeSortUnique(rasp.tokens, rasp.tokens), [5, 2, 9, 1]); // [1, 2, 5, 9]
 */
export function makeSortUnique(vals: SOp, keys: SOp): SOp {
  const smaller = selectorWidth(select(keys, keys, Comparison.LT)).named('smaller_keys');
  return aggregate(select(smaller, indices, Comparison.EQ), vals).named('sort_unique');
}

/**
 * `vals` ordered by `keys` (equal keys keep their order): the position is the count of smaller keys plus the count
 * of equal keys before (two selector widths, not one over the pair (key, index), which would be |keys|·n wide).
 * @example rasp.evaluate(rasp.lib.makeSort(rasp.tokens, rasp.tokens), 'banana').join(''); // 'aaabnn'
 */
export function makeSort(vals: SOp, keys: SOp): SOp {
  const smaller = selectorWidth(select(keys, keys, Comparison.LT)).named('smaller_keys');
  const tiesBefore = selectorWidth(and(select(keys, keys, Comparison.EQ), select(indices, indices, Comparison.LT))).named('ties_before');
  const target = sequenceMap((a, b) => (a as number) + (b as number), smaller, tiesBefore).named('sorted_position');
  return aggregate(select(target, indices, Comparison.EQ), vals).named('sort');
}

/**
 * The tokens ordered by descending frequency (stable among equally frequent ones).
 * @example rasp.evaluate(rasp.lib.makeSortFreq(), 'abcbcbd').join(''); // 'bbbccad'
 */
export function makeSortFreq(sop: SOp = tokens): SOp {
  const negated = map((h) => -(h as number), makeHist(sop)).named('minus_hist');
  return makeSort(sop, negated).named('sort_freq');
}
