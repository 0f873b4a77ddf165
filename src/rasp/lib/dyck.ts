/** Library programs on brackets: Dyck-k prefix classification, pair balance, shuffle-Dyck. */
import {
  aggregate, and, Comparison, indices, length, map, numerical, select, selectorWidth, sequenceMap, SOp, tokens,
} from '../dsl';
import { makeFracPrevs } from './basic';
import { linear } from '../numeric';

/**
 * The Dyck-k "prefix type" of every prefix, for bracket pairs such as ['()', '{}']: "T" where the prefix
 * is balanced, "P" where it can still be completed, "F" where it can no longer be.
 * Openers find their closers by depth and by their order among the brackets at that depth.
 * @example rasp.evaluate(rasp.lib.makeDyckPTF(['()']), '(()))(').join(''); // 'PPPTFF'
 */
export function makeDyckPTF(pairs: string[], sop: SOp = tokens): SOp {
  if (!Array.isArray(pairs) || pairs.length === 0 || !pairs.every((p) => typeof p === 'string' && [...p].length === 2)) {
    throw new TypeError(`makeDyckPTF: expected bracket pairs like ['()', '{}'] but received ${JSON.stringify(pairs)}`);
  }
  const openers = pairs.map((p) => [...p][0]), closers = pairs.map((p) => [...p][1]);
  const isOpen = map((t) => openers.includes(t as string), sop).named('is_open');
  const isClose = map((t) => closers.includes(t as string), sop).named('is_close');
  const upTo = select(indices, indices, Comparison.LEQ);
  const opened = selectorWidth(and(upTo, select(isOpen, true, Comparison.EQ))).named('opened');
  const closed = selectorWidth(and(upTo, select(isClose, true, Comparison.EQ))).named('closed');
  const depth = sequenceMap((o, c) => (o as number) - (c as number), opened, closed).named('depth');
  // A closer sits at the depth its opener had: depth after closing, plus one.
  const level = sequenceMap((d, c) => (d as number) + (c ? 1 : 0), depth, isClose).named('level');
  const ordinal = selectorWidth(and(select(level, level, Comparison.EQ), upTo)).named('ordinal_at_level');
  const previous = map((n) => (n as number) - 1, ordinal);
  const partnerSel = and(and(select(isOpen, true, Comparison.EQ), select(level, level, Comparison.EQ)), select(ordinal, previous, Comparison.EQ));
  const partner = aggregate(partnerSel, sop, { default: '' }).named('partner');
  const bad = sequenceMap((d, c, p, t) => (d as number) < 0 || (c === true && !pairs.includes(`${String(p)}${String(t)}`)),
    depth, isClose, partner, sop).named('bad_here');
  const broken = selectorWidth(and(upTo, select(bad, true, Comparison.EQ))).named('broken_before');
  return sequenceMap((b, d) => ((b as number) > 0 ? 'F' : d === 0 ? 'T' : 'P'), broken, depth).named(`dyck${pairs.length}_ptf`);
}

/**
 * The fraction of `open` minus the fraction of `close` among positions up to each one (numerical).
 * @example rasp.evaluate(rasp.lib.makePairBalance(rasp.tokens, '(', ')'), '(()'); // [1, 1, 0.333…]
 */
export function makePairBalance(sop: SOp, open: string, close: string): SOp {
  const opens = makeFracPrevs(map((t) => t === open, sop));
  const closes = makeFracPrevs(map((t) => t === close, sop));
  return linear([opens, closes], [1, -1]).named(`balance_${open}${close}`);
}

/**
 * 1 at every position when the whole input is balanced for every pair separately (shuffle-Dyck), else 0.
 * @example rasp.evaluate(rasp.lib.makeShuffleDyck(['()', '{}']), '({)}'); // [1, 1, 1, 1]
 */
export function makeShuffleDyck(pairs: string[], sop: SOp = tokens): SOp {
  const balances = pairs.map((p) => makePairBalance(sop, [...p][0], [...p][1]));
  const negative = balances.map((b) => map((x) => (x as number) < 0, b));
  const anyNegative = numerical(map((b) => (b ? 1 : 0), negative.reduce((acc, b) => sequenceMap((x, y) => Boolean(x) || Boolean(y), acc, b))));
  const everNegative = numerical(aggregate(select(indices, indices, Comparison.TRUE), anyNegative).named('ever_negative'));
  const zero = balances.map((b) => map((x) => Math.abs(x as number) < 1e-12, b));
  const allZero = zero.reduce((acc, b) => sequenceMap((x, y) => Boolean(x) && Boolean(y), acc, b));
  const last = map((n) => (n as number) - 1, length);
  const endsBalanced = aggregate(select(indices, last, Comparison.EQ), allZero).named('ends_balanced');
  return sequenceMap((e, neg) => (e === true && neg === 0 ? 1 : 0), endsBalanced, everNegative).named(`shuffle_dyck${pairs.length}`);
}
