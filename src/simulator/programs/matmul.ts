/** Matrix product as a RASP program, for any r×k · k×c (the row stride of B is c, not 3). */
import { contraction, MatrixSOp } from './matrix';
import { ArgumentRangeError } from '../../errors';

/** a·b, times `scale`; its products within `budget` positions (see contraction). */
export function matmulProgram(a: MatrixSOp, b: MatrixSOp, name = 'matmul', scale = 1, budget = Infinity): MatrixSOp {
  if (a.cols !== b.rows) throw new ArgumentRangeError(`simulate.matmul: expected a.cols (${a.cols}) to equal b.rows (${b.rows})`, 'ERR_ATTNSIM_SHAPE');
  const k = a.cols, c = b.cols;
  return contraction(name, a, b, a.rows, c, k, (i, _j, t) => i * k + t, (_i, j, t) => t * c + j, scale, budget);
}

/** a·bᵀ (a r×k, b c×k), times `scale`: rows of a against rows of b. */
export function matmulTransBProgram(a: MatrixSOp, b: MatrixSOp, name = 'matmulT', scale = 1): MatrixSOp {
  if (a.cols !== b.cols) throw new ArgumentRangeError(`simulate: expected a.cols (${a.cols}) to equal b.cols (${b.cols})`, 'ERR_ATTNSIM_SHAPE');
  const k = a.cols;
  return contraction(name, a, b, a.rows, b.rows, k, (i, _j, t) => i * k + t, (_i, j, t) => j * k + t, scale);
}

/** aᵀ·b (a k×r, b k×c): columns of a against columns of b. */
export function matmulTransAProgram(a: MatrixSOp, b: MatrixSOp, name = 'Tmatmul'): MatrixSOp {
  if (a.rows !== b.rows) throw new ArgumentRangeError(`simulate: expected a.rows (${a.rows}) to equal b.rows (${b.rows})`, 'ERR_ATTNSIM_SHAPE');
  const r = a.cols, c = b.cols;
  return contraction(name, a, b, r, c, a.rows, (i, _j, t) => t * r + i, (_i, j, t) => t * c + j);
}
