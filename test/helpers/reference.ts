/** Straightforward float64 references, written independently of the backends: triple loops, explicit masks. */
import { Matrix } from '../../src/linalg/matrix';

/** A·B from the definition. */
export function refMatmul(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0] === undefined ? [] : b[0].map((_, j) => row.reduce((s, v, p) => s + v * b[p][j], 0)));
}

/** Aᵀ. */
export function refTranspose(a: number[][], cols = a[0]?.length ?? 0): number[][] {
  return Array.from({ length: cols }, (_, j) => a.map((row) => row[j]));
}

/** Row softmax from the definition, max-subtracted. */
export function refSoftmax(a: number[][]): number[][] {
  return a.map((row) => {
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const s = e.reduce((x, y) => x + y, 0);
    return e.map((v) => v / s);
  });
}

/** Multi-head attention from the definition, with −∞ added above the diagonal when causal. */
export function refAttention(x: Matrix, wq: Matrix, wk: Matrix, wv: Matrix, wo: Matrix | null, heads: number, causal: boolean, scale?: number): number[][] {
  const X = x.toArray();
  const q = refMatmul(X, wq.toArray()), k = refMatmul(X, wk.toArray()), v = refMatmul(X, wv.toArray());
  const dh = wq.cols / heads, dvh = wv.cols / heads, s = scale ?? 1 / Math.sqrt(dh);
  const cols = (m: number[][], h: number, w: number) => m.map((row) => row.slice(h * w, (h + 1) * w));
  const outs = Array.from({ length: heads }, (_, h) => {
    const scores = refMatmul(cols(q, h, dh), refTranspose(cols(k, h, dh), dh))
      .map((row, i) => row.map((val, j) => (causal && j > i ? -Infinity : val * s)));
    return refMatmul(refSoftmax(scores), cols(v, h, dvh));
  });
  const concat = X.map((_, i) => outs.flatMap((o) => o[i]));
  return wo ? refMatmul(concat, wo.toArray()) : concat;
}
