/** Attention scores of a selector: its terms as a bilinear form q·W·k over labelled dimensions, with BOS placed. */
import { Value } from '../../rasp/values';
import { SAME_NUMBER } from '../infer_values';
import { Entry } from '../stages';
import { Term } from '../stages';
import { bos, Context, one } from './context';

/**
 * The least distance between the scores of a selected and an unselected key in every compiled head (BOS sits this far
 * below the selected; other keys at least 1). Hard attention counts scores within half of it as tied, so the rounding
 * that a numerical equality's −(q − k)²/gap² magnifies (it grows with (range/gap)², about maxSeqLen⁴·ε at long inputs)
 * never splits the selected keys.
 */
export const SCORE_GAP = 0.5;

/** The scores: selected keys score `selected`, the others at most selected − 1; BOS as asked. */
export interface Scores {
  qk: Entry[];
  selected: number;
}

/**
 * The score entries of a conjunction of terms (they add up). An equality scores 2qk − q² − k² over gap², each of q, k,
 * q², k² a linear function of the stream (a one-hot side weights its values; an affine key is a sum of its inputs). BOS scores `selected − 0.5` when `bosAlways` is false (it
 * wins only when nothing is selected: the default) and `selected` when true (it is always among the chosen: selector
 * width). The BOS query attends to BOS alone.
 */
export function selectorScores(terms: Term[], ctx: Context, bosAlways: boolean): Scores {
  const qk: Entry[] = [];
  let selected = 0;
  for (const term of terms) {
    if (term.kind === 'constant') {
      selected += 1;
      if (term.selected) qk.push({ from: one, to: one, weight: 1 });
    } else if (term.kind === 'table') {
      selected += 1;
      const keys = ctx.labels(term.keys);
      for (const q of ctx.labels(term.queries)) {
        for (const k of keys) if (term.predicate(k.value!, q.value!)) qk.push({ from: q, to: k, weight: 1 });
      }
    } else {
      const g2 = minGap(ctx.set(term.keys), ctx.set(term.queries)) ** 2;
      const keys = ctx.functional(term.keys);
      for (const [q, a] of ctx.functional(term.queries)) for (const [k, b] of keys) qk.push({ from: q, to: k, weight: (2 * a * b) / g2 });
      for (const [q2, a] of ctx.squareFunctional(term.queries, term.querySquare)) qk.push({ from: q2, to: one, weight: -a / g2 });
      for (const [k2, b] of ctx.squareFunctional(term.keys, term.keySquare)) qk.push({ from: one, to: k2, weight: -b / g2 });
    }
  }
  qk.push({ from: one, to: bos, weight: bosAlways ? selected : selected - SCORE_GAP }, { from: bos, to: bos, weight: 1 });
  return { qk, selected };
}

/**
 * The smallest distance between distinct values of two ascending value sets, merged (1 if there is only one value).
 * Numbers within SAME_NUMBER are one value, as in the sets themselves: a key 1 and a query 0.9999999999999999 (a
 * map's rounding) must score as equal, not as a gap of 1e-16 that the stream's own rounding would overturn.
 */
function minGap(a: readonly Value[], b: readonly Value[]): number {
  let gap = Infinity, i = 0, j = 0, previous = NaN;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && Number(a[i]) <= Number(b[j])) ? Number(a[i++]) : Number(b[j++]);
    if (!Number.isNaN(previous) && v - previous > SAME_NUMBER * (1 + Math.abs(v))) gap = Math.min(gap, v - previous);
    previous = v;
  }
  return Number.isFinite(gap) ? gap : 1;
}
