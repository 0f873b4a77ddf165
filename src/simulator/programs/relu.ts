/** ReLU as a RASP program: an exact one-unit MLP per entry. */
import { relu } from '../../rasp/index';
import { MatrixSOp } from './matrix';

/** max(m, 0) entrywise. */
export function reluProgram(m: MatrixSOp, name = 'relu'): MatrixSOp {
  return { ...m, sop: relu(m.sop).named(name) };
}
