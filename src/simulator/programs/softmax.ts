/**
 * Row softmax as a RASP program, max-subtracted: the row maximum by a pairwise tree of exact max MLPs (⌈log₂ c⌉ rounds),
 * then e^(x − max) (a marked block, with e itself, not 2.718), the row sum by a mean, and a division (marked).
 */
import { aggregate, Comparison, divide, exp, linear, maximum, numerical, select, SOp } from '../../rasp/index';
import { gather, MatrixSOp, positional } from './matrix';

/** Masked entries get this added before the maximum: e^(−1e5) is 0 in float64, and 1e5 keeps 1e-11 precision. */
export const MASK = -1e5;

/** softmax of each row of m; `masked(i, j)` entries get weight 0 (each row must keep one). */
export function softmaxProgram(m: MatrixSOp, name = 'softmax', masked?: (i: number, j: number) => boolean): MatrixSOp {
  const { rows: r, cols: c } = m, size = r * c;
  let x: SOp = m.sop;
  if (masked) {
    const penalty = positional(`${name}:mask`, (p) => (p < size && masked(Math.floor(p / c), p % c) ? MASK : 0));
    x = linear([m.sop, penalty], [1, 1]).named(`${name}:masked`);
  }
  let max = x;
  for (let s = 1; s < c; s *= 2) {
    const partner = gather(max, `${name}:max${s}:partner`, (p) => (p >= size ? -1 : (p % c) + s < c ? p + s : p));
    max = maximum(max, partner).named(`${name}:max${s}`);
  }
  const rowMax = gather(max, `${name}:rowmax`, (p) => (p < size ? Math.floor(p / c) * c : -1));
  const e = exp(linear([x, rowMax], [1, -1]).named(`${name}:shifted`)).named(`${name}:exp`);
  const row = positional(`${name}:row`, (p) => (p < size ? Math.floor(p / c) : -1));
  const mean = numerical(aggregate(select(row, row, Comparison.EQ), e).named(`${name}:rowmean`));
  return { sop: divide(e, linear([mean], [c]).named(`${name}:rowsum`)).named(name), rows: r, cols: c };
}
