/** softmaxRows: the numerically stable softmax of every row. */
import { checkMemory } from '../budget';
import { runKernel } from '../backend/run_kernel';
import { backend } from '../backend/select';
import { allocMatrix, bytesPerEntry, checkMatrix, Matrix } from './matrix';

/**
 * The softmax of each row, max-subtracted so that large logits (1e3 and beyond) do not overflow.
 * @param m any matrix with finite entries; a row of length 0 stays empty.
 * @returns a new matrix of m's shape and dtype whose rows sum to 1.
 * @throws {ArgumentTypeError} for a non-Matrix; {ArgumentRangeError} for non-finite entries; {TooLargeError} beyond the memory budget.
 * @example softmaxRows(Matrix.from([[0, Math.log(3)]])).toArray(); // [[0.25, 0.75]]
 */
export function softmaxRows(m: Matrix): Matrix {
  const fn = 'softmaxRows';
  checkMatrix(fn, 'm', m);
  checkMemory(fn, `the ${m.rows}×${m.cols} result`, m.data.length * bytesPerEntry(m.dtype));
  const out = allocMatrix(fn, m.rows, m.cols, m.dtype);
  runKernel(fn, () => backend().softmaxRows(m.data, out.data, m.rows, m.cols));
  return out;
}
