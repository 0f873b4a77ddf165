/** softmaxRows on every backend: agreement with the reference, stability for large logits, edge shapes. */
import * as assert from 'assert';
import { assertThrows } from '../helpers/throws';
import { Matrix } from '../../src/linalg/matrix';
import { softmaxRows } from '../../src/linalg/softmax_rows';
import { forEachBackend } from '../helpers/backends';
import { assertClose, F32, F64 } from '../helpers/close';
import { refSoftmax } from '../helpers/reference';

forEachBackend('softmaxRows', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    const tol = dtype === 'float32' ? F32 : F64;
    for (const [r, c] of [[1, 1], [1, 9], [9, 1], [17, 33], [257, 129]]) {
      it(`${dtype} ${r}×${c} matches the reference`, () => {
        const m = Matrix.random(r, c, { seed: r + c, dtype, min: -10, max: 10 });
        assertClose(softmaxRows(m).data, refSoftmax(m.toArray()).flat(), tol);
      });
    }
    it(`${dtype} logits of 1e3 and beyond do not overflow`, () => {
      const out = softmaxRows(Matrix.from([[1000, 1000 + Math.log(3)], [-1e4, -1e4], [3e38, 0]], dtype));
      assertClose(out.data, [0.25, 0.75, 0.5, 0.5, 1, 0], tol);
      assert.ok(Array.from(out.data).every(Number.isFinite));
    });
    it(`${dtype} rows of a 0-column matrix stay empty`, () => {
      const out = softmaxRows(Matrix.zeros(3, 0, dtype));
      assert.deepStrictEqual([out.rows, out.cols, out.data.length], [3, 0, 0]);
    });
  }
});

describe('softmaxRows rejects bad input', () => {
  it('a non-Matrix', () => assertThrows(() => softmaxRows({} as never), /^softmaxRows: expected a Matrix for m but received an object \(object\)$/));
  it('a NaN entry, with its position', () => assertThrows(() => softmaxRows(new Matrix(2, 2, new Float64Array([0, 1, 2, NaN]))), /softmaxRows: expected finite values in m but received NaN at \[1, 1\]/));
});
