/**
 * Matrices as RASP s-ops: a matrix is a numerical s-op whose value at position p < rows·cols is entry p in row-major
 * order (0 beyond). Every selector here compares positional s-ops for equality, so the programs are data-agnostic.
 */
import { aggregate, Comparison, indices, map, numerical, product, select, linear, SOp } from '../../rasp/index';

/** A matrix held by an s-op at positions 0 … rows·cols − 1. */
export interface MatrixSOp {
  sop: SOp;
  rows: number;
  cols: number;
}

/** The positions as numbers: the keys of every gather. */
export const position = numerical(indices).named('position');

/** A positional numerical s-op: f(p) at position p. */
export function positional(name: string, f: (p: number) => number): SOp {
  return numerical(map((p) => f(p as number), indices).named(name));
}

/** out[p] = source[from(p)], or 0 where from(p) is −1: one head selecting by equality of positions. */
export function gather(source: SOp, name: string, from: (p: number) => number): SOp {
  const query = positional(`${name}:from`, from);
  return numerical(aggregate(select(position, query, Comparison.EQ), source).named(name));
}

/**
 * A contraction out[i, j] = scale · Σ_{t<k} A[a(i, j, t)] · B[b(i, j, t)], for any shapes: products at positions
 * (i·cols + j)·k + t (two gathers and a product), then a mean over each group of k times k·scale, read at position
 * i·cols + j (positions beyond rows·cols find no group and read 0).
 */
export function contraction(name: string, a: MatrixSOp, b: MatrixSOp, rows: number, cols: number, k: number,
  aIndex: (i: number, j: number, t: number) => number, bIndex: (i: number, j: number, t: number) => number, scale = 1): MatrixSOp {
  const size = rows * cols * k;
  const at = (f: typeof aIndex) => (q: number) => {
    if (q >= size) return -1;
    const p = Math.floor(q / k), t = q % k;
    return f(Math.floor(p / cols), p % cols, t);
  };
  const left = gather(a.sop, `${name}:a`, at(aIndex)), right = gather(b.sop, `${name}:b`, at(bIndex));
  const terms = product(left, right).named(`${name}:products`);
  const group = positional(`${name}:group`, (q) => (q < size ? Math.floor(q / k) : -1));
  const mean = numerical(aggregate(select(group, position, Comparison.EQ), terms).named(`${name}:mean`));
  return { sop: linear([mean], [k * scale]).named(name), rows, cols };
}
