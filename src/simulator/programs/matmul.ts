/** Matrix product as a RASP program, for any r×k · k×c (the row stride of B is c, not 3). */
import { contraction, MatrixSOp } from './matrix';
import { ArgumentRangeError } from '../../errors';

/** a·b, times `scale`. */
export function matmulProgram(a: MatrixSOp, b: MatrixSOp, name = 'matmul', scale = 1): MatrixSOp {
  if (a.cols !== b.rows) throw new ArgumentRangeError(`simulate.matmul: expected a.cols (${a.cols}) to equal b.rows (${b.rows})`, 'ERR_ATTNSIM_SHAPE');
  const k = a.cols, c = b.cols;
  return contraction(name, a, b, a.rows, c, k, (i, _j, t) => i * k + t, (_i, j, t) => t * c + j, scale);
}
