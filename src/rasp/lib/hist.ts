/** Library programs on token frequencies: histogram, double histogram, count of rare tokens. */
import { and, Comparison, map, select, selectorWidth, SOp, tokens } from '../dsl';
import { makeIsFirstOccurrence } from './basic';

/**
 * How often each position's token occurs in the input.
 * @example rasp.evaluate(rasp.lib.makeHist(), 'hello'); // [1, 1, 2, 2, 1]
 */
export function makeHist(sop: SOp = tokens): SOp {
  return selectorWidth(select(sop, sop, Comparison.EQ)).named('hist');
}

/**
 * For each position: how many distinct tokens have the same frequency as this position's token.
 * @example rasp.evaluate(rasp.lib.makeDoubleHist(), 'aabbbcdd'); // [2, 2, 1, 1, 1, 1, 2, 2]
 */
export function makeDoubleHist(sop: SOp = tokens): SOp {
  const hist = makeHist(sop), first = makeIsFirstOccurrence(sop);
  return selectorWidth(and(select(hist, hist, Comparison.EQ), select(first, true, Comparison.EQ))).named('double_hist');
}

/**
 * How many positions hold a token that occurs at most `n` times: tracr's make_count_less_freq, whose test is
 * `hist <= n` despite its name (attnsim 0.1.0 counted `hist < n`).
 * @example rasp.evaluate(rasp.lib.makeCountLessFreq(2), 'aabcaa'); // [2, 2, 2, 2, 2, 2]
 */
export function makeCountLessFreq(n: number, sop: SOp = tokens): SOp {
  const rare = map((h) => (h as number) <= n, makeHist(sop)).named(`at_most_${n}_times`);
  return selectorWidth(select(rare, true, Comparison.EQ)).named(`count_less_freq_${n}`);
}
