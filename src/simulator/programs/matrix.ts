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
 * (i·cols + j)·w + t′ (two gathers and a product), then a mean over each group of w times w·scale, read at position
 * i·cols + j (positions beyond rows·cols find no group and read 0). With a token `budget`, the k terms are cut into
 * chunks of w = ⌊budget / (rows·cols)⌋ that run side by side in the same layers (their means summed), so the products
 * need at most `budget` positions instead of rows·cols·k.
 */
export function contraction(name: string, a: MatrixSOp, b: MatrixSOp, rows: number, cols: number, k: number,
  aIndex: (i: number, j: number, t: number) => number, bIndex: (i: number, j: number, t: number) => number, scale = 1,
  budget = Infinity): MatrixSOp {
  const w = Math.max(1, Math.min(k, Math.floor(budget / (rows * cols)))), chunks = Math.ceil(k / w);
  const parts = Array.from({ length: chunks }, (_, c) => {
    const t0 = c * w, kc = Math.min(w, k - t0), size = rows * cols * kc, tag = chunks === 1 ? name : `${name}:${c}`;
    const at = (f: typeof aIndex) => (q: number) => {
      if (q >= size) return -1;
      const p = Math.floor(q / kc);
      return f(Math.floor(p / cols), p % cols, t0 + (q % kc));
    };
    const left = gather(a.sop, `${tag}:a`, at(aIndex)), right = gather(b.sop, `${tag}:b`, at(bIndex));
    const terms = product(left, right).named(`${tag}:products`);
    const group = positional(`${tag}:group`, (q) => (q < size ? Math.floor(q / kc) : -1));
    return { mean: numerical(aggregate(select(group, position, Comparison.EQ), terms).named(`${tag}:mean`)), kc };
  });
  return { sop: linear(parts.map((p) => p.mean), parts.map((p) => p.kc * scale)).named(name), rows, cols };
}
