/**
 * Multi-head attention as ONE RASP program: Q, K, V = X·Wq, X·Wk, X·Wv; per head S = Q_h·K_hᵀ/√dHead (causal mask
 * optional); P = softmax rows of S; O = P·V_h side by side; Y = O·Wo. Every step is a program of this folder.
 */
import { contraction, MatrixSOp } from './matrix';
import { matmulProgram } from './matmul';
import { softmaxProgram } from './softmax';

/** The shapes of one attention. */
export interface AttentionShape {
  n: number;
  d: number;
  heads: number;
  causal: boolean;
  /** The positions the products may use (default: as many as the largest product needs). */
  budget?: number;
}

/** Attention of x (n×d) with wq, wk, wv, wo (d×d); `prefix` names its s-ops (one per layer of an encoder). */
export function attentionProgram(x: MatrixSOp, wq: MatrixSOp, wk: MatrixSOp, wv: MatrixSOp, wo: MatrixSOp, s: AttentionShape,
  prefix = ''): MatrixSOp {
  const { n, d, heads } = s, dh = d / heads, budget = s.budget ?? Infinity;
  const project = (w: MatrixSOp, name: string) => matmulProgram(x, w, `${prefix}${name}`, 1, budget);
  const q = project(wq, 'Q'), k = project(wk, 'K'), v = project(wv, 'V');
  const scores = contraction(`${prefix}scores`, q, k, heads * n, n, dh,
    (row, _j, t) => (row % n) * d + Math.floor(row / n) * dh + t, (row, j, t) => j * d + Math.floor(row / n) * dh + t, 1 / Math.sqrt(dh), budget);
  const weights = softmaxProgram(scores, `${prefix}weights`, s.causal ? (row, j) => j > row % n : undefined);
  const out = contraction(`${prefix}heads`, weights, v, n, d, n,
    (i, col, t) => (Math.floor(col / dh) * n + i) * n + t, (_i, col, t) => t * d + col, 1, budget);
  return matmulProgram(out, wo, `${prefix}output`, 1, budget);
}
