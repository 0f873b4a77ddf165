/** The pure-TypeScript backend: plain loops, the fallback when the addon is missing and a readable reference. */
import { ArgumentRangeError } from '../errors';
import { AttentionArgs, Backend, Floats, GemmArgs, GemmBatchedArgs } from './backend';

/** c = alpha·op(a)·op(b) + beta·c, accumulating in float64 whatever the dtype. */
export function gemmJs(g: GemmArgs, offA = 0, offB = 0, offC = 0): void {
  const { a, b, c, m, n, k, alpha, beta } = g;
  const strideAi = g.transA ? 1 : k, strideAp = g.transA ? m : 1;
  const strideBp = g.transB ? 1 : n, strideBj = g.transB ? k : 1;
  const sum = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    sum.fill(0);
    for (let p = 0; p < k; p++) {
      const aip = a[offA + i * strideAi + p * strideAp];
      if (aip === 0) continue;
      const rowB = offB + p * strideBp;
      for (let j = 0; j < n; j++) sum[j] += aip * b[rowB + j * strideBj];
    }
    const rowC = offC + i * n;
    for (let j = 0; j < n; j++) {
      c[rowC + j] = beta === 0 ? alpha * sum[j] : alpha * sum[j] + beta * c[rowC + j];
    }
  }
}

/**
 * One max-subtracted softmax over `cols` entries starting at `off` (x and out may be the same array).
 * Returns false when the row holds NaN or +Infinity (its result is then not finite).
 */
export function softmaxRowJs(x: Floats, out: Floats, off: number, cols: number): boolean {
  if (cols === 0) return true;
  let max = -Infinity;
  for (let j = 0; j < cols; j++) max = Math.max(max, x[off + j]);
  let sum = 0;
  for (let j = 0; j < cols; j++) {
    out[off + j] = Math.exp(x[off + j] - max);
    sum += out[off + j];
  }
  for (let j = 0; j < cols; j++) out[off + j] /= sum;
  return Number.isFinite(sum);
}

/** The index of the first NaN or ±Infinity in x, or -1. */
export function firstNonFiniteJs(x: Floats): number {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return i;
  return -1;
}

function gemmBatchedJs(g: GemmBatchedArgs): void {
  for (let i = 0; i < g.batch; i++) gemmJs(g, i * g.strideA, i * g.strideB, i * g.strideC);
}

function softmaxRowsJs(x: Floats, out: Floats, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) softmaxRowJs(x, out, i * cols, cols);
}

/** Copies `cols` columns starting at `col0` of a row-major matrix with `stride` columns. */
function columns(src: Floats, rows: number, stride: number, col0: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = src[i * stride + col0 + j];
  }
  return out;
}

function project(x: Floats, w: Floats, n: number, dIn: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  gemmJs({ a: x, b: w, c: out, m: n, n: d, k: dIn, transA: false, transB: false, alpha: 1, beta: 0 });
  return out;
}

function attentionJs(t: AttentionArgs): void {
  const { n, dIn, dModel, dV, heads } = t;
  if (n * t.dOut === 0) return;
  if (dV === 0) return void t.out.fill(0);
  const q = project(t.x, t.wq, n, dIn, dModel), k = project(t.x, t.wk, n, dIn, dModel);
  const v = project(t.x, t.wv, n, dIn, dV);
  const dh = dModel / heads, dvh = dV / heads;
  const concat = new Float64Array(n * dV);
  const scores = new Float64Array(n * n), headOut = new Float64Array(n * dvh);
  for (let h = 0; h < heads; h++) {
    const qh = columns(q, n, dModel, h * dh, dh), kh = columns(k, n, dModel, h * dh, dh);
    gemmJs({ a: qh, b: kh, c: scores, m: n, n, k: dh, transA: false, transB: true, alpha: t.scale, beta: 0 });
    for (let i = 0; i < n; i++) {
      const visible = t.causal ? i + 1 : n;
      if (!softmaxRowJs(scores, scores, i * n, visible)) {
        throw new ArgumentRangeError(`attention: the attention scores overflowed (a score of query row ${i} in head ${h} ` +
          'is not finite); scale the inputs or the scale down', 'ERR_ATTNSIM_NON_FINITE');
      }
      scores.fill(0, i * n + visible, (i + 1) * n);
    }
    const vh = columns(v, n, dV, h * dvh, dvh);
    gemmJs({ a: scores, b: vh, c: headOut, m: n, n: dvh, k: n, transA: false, transB: false, alpha: 1, beta: 0 });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < dvh; j++) concat[i * dV + h * dvh + j] = headOut[i * dvh + j];
    }
  }
  if (t.wo === null) t.out.set(concat);
  else gemmJs({ a: concat, b: t.wo, c: t.out, m: n, n: t.dOut, k: dV, transA: false, transB: false, alpha: 1, beta: 0 });
}

/** Uninitialised memory of its own (Buffer.allocUnsafeSlow: never a slice of Node's shared pool). */
export function allocUnpooled(bytes: number): ArrayBuffer {
  return Buffer.allocUnsafeSlow(bytes).buffer as ArrayBuffer;
}

/**
 * Throws what the native gemmAsync rejects with when c's buffer was detached or resized before the loops ran (they
 * then wrote nothing): matmulAsync's `out` is the one output a caller can detach, and its result is not silently lost.
 */
function checkStillAttached(c: Floats, length: number): void {
  if (c.length !== length) {
    throw new ArgumentRangeError('gemm: c was detached or resized while the call ran; the result was discarded', 'ERR_ATTNSIM_ARGUMENT');
  }
}

/** The fallback Backend: one thread, no BLAS; async forms run the same loops (in a microtask) and resolve. */
export const jsBackend: Backend = {
  name: 'js',
  blas: null,
  threads: () => 1,
  setThreads: () => undefined,
  allocUnfilled: allocUnpooled,
  firstNonFinite: firstNonFiniteJs,
  asyncChecksValues: false,
  gemm: gemmJs,
  gemmAsync: async (g) => {
    gemmJs(g);
    checkStillAttached(g.c, g.m * g.n);
  },
  gemmBatched: gemmBatchedJs,
  softmaxRows: softmaxRowsJs,
  attention: attentionJs,
  attentionAsync: async (t) => attentionJs(t),
};
