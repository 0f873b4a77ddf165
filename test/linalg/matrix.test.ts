/** Matrix construction, seeded random matrices, conversion, and the NaN/Infinity policy. */
import * as assert from 'assert';
import { assertThrows } from '../helpers/throws';
import { Matrix } from '../../src/linalg/matrix';
import { setMemoryBudget } from '../../src/budget';

/** Runs `call` under a memory budget of `bytes`, then restores the default. */
function withBudget<T>(bytes: number, call: () => T): T {
  setMemoryBudget(bytes);
  try {
    return call();
  } finally {
    setMemoryBudget();
  }
}

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
  it('get() reads and set() writes the entry at (i, j); both check the indices', () => {
    const m = Matrix.from([[1, 2], [3, 4]]);
    m.set(0, 1, 7);
    assert.deepStrictEqual([m.get(0, 1), m.get(1, 1), m.toArray()], [7, 4, [[1, 7], [3, 4]]]);
    assertThrows(() => m.get(0, 3), /^Matrix\.get: expected an integer between 0 and 1 for j but received 3 \(number\)$/, 'ERR_ATTNSIM_ARGUMENT', RangeError);
    assertThrows(() => m.get(5, 5), /^Matrix\.get: expected an integer between 0 and 1 for i but received 5 \(number\)$/, 'ERR_ATTNSIM_ARGUMENT', RangeError);
    assertThrows(() => m.get(0.5, 0), /^Matrix\.get: expected an integer between 0 and 1 for i but received 0\.5/, 'ERR_ATTNSIM_ARGUMENT');
    assertThrows(() => m.set(2, 0, 1), /^Matrix\.set: expected an integer between 0 and 1 for i but received 2/, 'ERR_ATTNSIM_ARGUMENT');
    assertThrows(() => m.set(0, 0, NaN), /^Matrix\.set: expected a finite number for value but received NaN \(number\)$/, 'ERR_ATTNSIM_NON_FINITE');
    assertThrows(() => Matrix.zeros(1, 1, 'float32').set(0, 0, 1e39),
      /^Matrix\.set: expected a number within the float32 range \(magnitude at most 3\.4028234663852886e\+38\) for value but received 1e\+39 \(number\)$/, 'ERR_ATTNSIM_NON_FINITE');
    assertThrows(() => Matrix.zeros(0, 0).get(0, 0), /^Matrix\.get: no entry \(0, 0\) in a 0×0 float64 Matrix$/, 'ERR_ATTNSIM_ARGUMENT');
  });
  it('toString() shows the shape and the rows aligned, and elides the middle of large matrices', () => {
    assert.strictEqual(Matrix.from([[1, -2.5], [30, 4]]).toString(), 'Matrix 2×2 float64\n[[ 1, -2.5],\n [30,    4]]');
    assert.strictEqual(Matrix.zeros(0, 3).toString(), 'Matrix 0×3 float64\n[]');
    const big = Matrix.zeros(100, 100, 'float32').toString().split('\n');
    assert.strictEqual(big[0], 'Matrix 100×100 float32');
    assert.ok(big.length === 1 + 7 && big.some((line) => line.trim() === '…'), big.join('\n'));
    assert.ok(big[1].includes('…') && big[1].length < 80, big[1]);
    assert.strictEqual(String(Matrix.from([[1 / 3]], 'float32')), 'Matrix 1×1 float32\n[[0.33333334]]');
  });
  it('random() with bounds near the float64 limits gives finite values in range', () => {
    const m = Matrix.random(10, 10, { seed: 2, min: -1e308, max: 1e308 });
    assert.ok(Array.from(m.data).every((v) => Number.isFinite(v) && Math.abs(v) <= 1e308));
  });
  it('random() accepts seeds up to 2^53 − 1 and gives another matrix for 2^32 + 7 than for 7', () => {
    assert.notDeepStrictEqual(Matrix.random(1, 3, { seed: 2 ** 32 + 7 }).data, Matrix.random(1, 3, { seed: 7 }).data);
    assert.strictEqual(Matrix.random(1, 1, { seed: 2 ** 53 - 1 }).rows, 1);
  });
  it('refuses a data array on a resizable buffer, and a matrix whose buffer was detached', () => {
    const Resizable = ArrayBuffer as unknown as new (bytes: number, opts: { maxByteLength: number }) => ArrayBuffer;
    const rb = new Resizable(32, { maxByteLength: 64 });
    assertThrows(() => new Matrix(2, 2, new Float64Array(rb)), /^Matrix: expected data on a fixed-length ArrayBuffer \(not resizable\)/, 'ERR_ATTNSIM_ARGUMENT', TypeError);
    const m = Matrix.from([[1, 2]]);
    structuredClone(m.data.buffer, { transfer: [m.data.buffer as ArrayBuffer] });
    assertThrows(() => m.toDType('float32'), /^Matrix\.toDType: expected this matrix's data to hold 1·2 values but it holds 0 \(its buffer was detached or resized\)$/, 'ERR_ATTNSIM_ARGUMENT');
  });
  const bad: [string, () => unknown, RegExp][] = [
    ['a hole in a row', () => Matrix.from([[1, , 3] as number[]]), /^Matrix\.from: expected a number for entry \[0, 1\] but received undefined \(undefined\)$/],
    ['a float32 entry beyond the float32 range', () => Matrix.from([[1e39]], 'float32'), /^Matrix\.from: expected values within the float32 range in rows but received 1e\+39 at \[0, 0\]$/],
    ['a float32 conversion beyond the float32 range', () => Matrix.from([[1], [-1e39]]).toDType('float32'), /^Matrix\.toDType: expected values within the float32 range in this matrix but received -1e\+39 at \[1, 0\]$/],
    ['float32 random bounds beyond the float32 range', () => Matrix.random(1, 1, { min: -1e308, max: 1e308, dtype: 'float32' }), /^Matrix\.random: expected min and max within the float32 range/],
    ['a negative seed', () => Matrix.random(1, 1, { seed: -1 }), /^Matrix\.random: expected an integer between 0 and 9007199254740991 for seed but received -1 \(number\)$/],
    ['a seed of 2^53', () => Matrix.random(1, 1, { seed: 2 ** 53 }), /^Matrix\.random: expected an integer between 0 and 9007199254740991 for seed/],
    ['a zeros() beyond the memory budget', () => withBudget(2 ** 30, () => Matrix.zeros(20000, 20000)), /^Matrix\.zeros: a 20000×20000 float64 matrix needs 3\.0 GiB, over the memory budget of 1\.0 GiB/],

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
  for (const [what, call, message] of bad) {
    it(`rejects ${what}`, () => {
      assertThrows(call, message);
      assert.throws(call, (e: { code?: string }) => /^ERR_ATTNSIM_/.test(e.code ?? ''));
    });
  }
});
