/** Matrix construction, seeded random matrices, conversion, and the NaN/Infinity policy. */
import * as assert from 'assert';
import { assertThrows } from '../helpers/throws';
import { Matrix } from '../../src/linalg/matrix';

describe('Matrix', () => {
  it('from() copies nested arrays row-major in float64 by default', () => {
    const m = Matrix.from([[1, 2, 3], [4, 5, 6]]);
    assert.deepStrictEqual([m.rows, m.cols, m.dtype, Array.from(m.data)], [2, 3, 'float64', [1, 2, 3, 4, 5, 6]]);
    assert.deepStrictEqual(m.toArray(), [[1, 2, 3], [4, 5, 6]]);
    assert.strictEqual(m.get(1, 2), 6);
  });
  it('from() in float32 rounds to float32', () => {
    const m = Matrix.from([[0.1]], 'float32');
    assert.ok(m.data instanceof Float32Array);
    assert.strictEqual(m.get(0, 0), Math.fround(0.1));
  });
  it('from([]) is 0×0 and from([[]]) is 1×0', () => {
    assert.deepStrictEqual([Matrix.from([]).rows, Matrix.from([]).cols], [0, 0]);
    assert.deepStrictEqual([Matrix.from([[]]).rows, Matrix.from([[]]).cols], [1, 0]);
  });
  it('zeros() has the shape and dtype asked for', () => {
    const m = Matrix.zeros(3, 2, 'float32');
    assert.deepStrictEqual([m.rows, m.cols, m.dtype, Array.from(m.data)], [3, 2, 'float32', [0, 0, 0, 0, 0, 0]]);
  });
  it('random() is reproducible from its seed, differs across seeds and stays in [min, max)', () => {
    const a = Matrix.random(20, 30, { seed: 42 }), b = Matrix.random(20, 30, { seed: 42 }), c = Matrix.random(20, 30, { seed: 43 });
    assert.deepStrictEqual(a.data, b.data);
    assert.notDeepStrictEqual(a.data, c.data);
    assert.ok(Array.from(a.data).every((v) => v >= -1 && v < 1));
    const d = Matrix.random(10, 10, { seed: 1, min: 5, max: 6, dtype: 'float32' });
    assert.ok(d.data instanceof Float32Array && Array.from(d.data).every((v) => v >= 5 && v <= 6));
  });
  it('toDType() converts between float64 and float32', () => {
    const m = Matrix.from([[1 / 3]]).toDType('float32');
    assert.deepStrictEqual([m.dtype, m.get(0, 0)], ['float32', Math.fround(1 / 3)]);
  });
  const bad: [string, () => unknown, RegExp][] = [
    ['ragged rows', () => Matrix.from([[1, 2], [3]]), /^Matrix\.from: expected row 1 to have 2 entries like row 0 but it has 1$/],
    ['a NaN entry', () => Matrix.from([[1, NaN]]), /^Matrix\.from: expected finite values in rows but received NaN at \[0, 1\]$/],
    ['an Infinity entry', () => Matrix.from([[Infinity]]), /^Matrix\.from: expected finite values in rows but received Infinity at \[0, 0\]$/],
    ['a string entry', () => Matrix.from([[1, '2' as never]]), /^Matrix\.from: expected a number for entry \[0, 1\] but received '2' \(string\)$/],
    ['a non-array row', () => Matrix.from([1 as never]), /^Matrix\.from: expected an array of numbers for row 0 but received 1 \(number\)$/],
    ['an unknown dtype', () => Matrix.zeros(1, 1, 'int32' as never), /^Matrix\.zeros: expected one of 'float32', 'float64' for dtype but received 'int32' \(string\)$/],
    ['negative rows', () => Matrix.zeros(-1, 2), /^Matrix\.zeros: expected an integer between 0 and 2147483647 for rows but received -1 \(number\)$/],
    ['data of the wrong length', () => new Matrix(2, 2, new Float64Array(3)), /^Matrix: expected data\.length \(3\) to equal rows·cols \(2·2\)$/],
    ['data of the wrong type', () => new Matrix(1, 1, new Int32Array(1) as never), /^Matrix: expected a Float32Array or Float64Array for data but received a Int32Array \(object\)$/],
    ['a misspelt random option', () => Matrix.random(1, 1, { sed: 1 } as never), /^Matrix\.random: expected one of the options seed, dtype, min, max for option 'sed'/],
    ['min above max', () => Matrix.random(1, 1, { min: 2, max: 1 }), /^Matrix\.random: expected finite min <= max/],
  ];
  for (const [what, call, message] of bad) it(`rejects ${what}`, () => assertThrows(call, message));
});
