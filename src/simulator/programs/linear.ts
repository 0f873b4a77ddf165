/** Scaling and addition as RASP programs: exact linear maps (no MLP units), entry by entry. */
import { linear } from '../../rasp/index';
import { MatrixSOp } from './matrix';

/** s·m. */
export function scaleProgram(m: MatrixSOp, s: number, name = 'scale'): MatrixSOp {
  return { ...m, sop: linear([m.sop], [s]).named(name) };
}

/** a + b, for matrices of one shape (both held row-major at the same positions). */
export function addProgram(a: MatrixSOp, b: MatrixSOp, name = 'add'): MatrixSOp {
  return { ...a, sop: linear([a.sop, b.sop], [1, 1]).named(name) };
}
