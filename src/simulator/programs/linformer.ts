/**
 * Linformer attention (Wang et al. 2020) as one RASP program: softmax(Q·(E·K)ᵀ/√d)·(F·V), with E and F (k×n) projecting
 * the n keys and values to k. Every step is a program of this folder.
 */
import { MatrixSOp } from './matrix';
import { matmulProgram, matmulTransBProgram } from './matmul';
import { softmaxProgram } from './softmax';

/** The positions linformerProgram needs for q, k, v (n×d) and e, f (kp×n): its largest set of products. */
export function linformerTokens(n: number, d: number, kp: number): number {
  return Math.max(kp * d * n, n * kp * d, 3 * n * d + 2 * kp * n);
}

/** softmax(q·(e·k)ᵀ/√d)·(f·v). */
export function linformerProgram(q: MatrixSOp, k: MatrixSOp, v: MatrixSOp, e: MatrixSOp, f: MatrixSOp): MatrixSOp {
  const ek = matmulProgram(e, k, 'EK'), fv = matmulProgram(f, v, 'FV');
  const scores = matmulTransBProgram(q, ek, 'scores', 1 / Math.sqrt(q.cols));
  return matmulProgram(softmaxProgram(scores, 'weights'), fv, 'linformer');
}
