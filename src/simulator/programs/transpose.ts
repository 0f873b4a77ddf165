/** Transpose as a RASP program, for any r×c: one gather. */
import { gather, MatrixSOp } from './matrix';

/** mᵀ: out[j, i] = m[i, j]. */
export function transposeProgram(m: MatrixSOp, name = 'transpose'): MatrixSOp {
  const { rows: r, cols: c } = m;
  return { sop: gather(m.sop, name, (p) => (p < r * c ? (p % r) * c + Math.floor(p / r) : -1)), rows: c, cols: r };
}
