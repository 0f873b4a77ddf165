/** The checks every estimator's inputs share: a labelled sample (points and one finite label per row). */
import { invalidRange, invalidType } from '../check';
import { checkMatrix, firstNonFinite, Matrix } from '../linalg/matrix';

/**
 * Checks a labelled sample: points a finite Matrix, labels a Float64Array of finite values, one per row.
 * @throws {ArgumentTypeError} for another kind of value; {ArgumentRangeError} for a length mismatch or a non-finite
 *   label (ERR_ATTNSIM_SHAPE, ERR_ATTNSIM_NON_FINITE).
 */
export function checkSample(fn: string, points: unknown, labels: unknown): { points: Matrix; labels: Float64Array } {
  if (!(points instanceof Matrix)) throw invalidType(fn, 'points', 'a Matrix', points);
  if (!(labels instanceof Float64Array)) throw invalidType(fn, 'labels', 'a Float64Array', labels);
  if (labels.length !== points.rows) {
    throw invalidRange(fn, `expected one label per point (${points.rows}) but received ${labels.length}`, 'ERR_ATTNSIM_SHAPE');
  }
  checkMatrix(fn, 'points', points);
  const bad = firstNonFinite(labels);
  if (bad >= 0) throw invalidRange(fn, `expected finite labels but received ${labels[bad]} at ${bad}`, 'ERR_ATTNSIM_NON_FINITE');
  return { points, labels };
}
