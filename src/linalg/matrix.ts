/** Matrix: a row-major matrix that owns a Float32Array or Float64Array, and its argument checks. */
import { assertRange, checkInteger, checkOneOf, checkOptions, describe, invalidRange, invalidType } from '../check';
import { firstNonFiniteJs } from '../backend/js';
import { backend } from '../backend/select';
import { Random } from './random';

/** The element type of a Matrix. */
export type DType = 'float32' | 'float64';

const dtypes = ['float32', 'float64'] as const;
const maxElements = 2 ** 31 - 1;

/** A row-major matrix of float32 or float64 values. */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: DType;
  readonly data: Float32Array | Float64Array;

  /**
   * Wraps a typed array (not copied) as a rows×cols matrix; its type decides the dtype.
   * @throws {ArgumentTypeError} when data is not a Float32Array or Float64Array.
   * @throws {ArgumentRangeError} when data.length is not rows·cols.
   * @example new Matrix(2, 2, new Float64Array([1, 2, 3, 4]));
   */
  constructor(rows: number, cols: number, data: Float32Array | Float64Array) {
    checkInteger('Matrix', 'rows', rows, 0, maxElements);
    checkInteger('Matrix', 'cols', cols, 0, maxElements);
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw invalidType('Matrix', 'data', 'a Float32Array or Float64Array', data);
    }
    assertRange(data.length === rows * cols, 'Matrix',
      () => `expected data.length (${data.length}) to equal rows·cols (${rows}·${cols})`, 'ERR_ATTNSIM_SHAPE');
    this.rows = rows;
    this.cols = cols;
    this.dtype = data instanceof Float32Array ? 'float32' : 'float64';
    this.data = data;
  }

  /**
   * A matrix from nested arrays of finite numbers (rows of equal length).
   * @param rows the rows; `[]` gives a 0×0 matrix.
   * @param dtype `'float64'` (default) or `'float32'`.
   * @throws {ArgumentTypeError} for a non-array or a non-number entry.
   * @throws {ArgumentRangeError} for ragged rows or a NaN / ±Infinity entry.
   * @example Matrix.from([[1, 2], [3, 4]]).cols; // 2
   */
  static from(rows: number[][], dtype: DType = 'float64'): Matrix {
    checkOneOf('Matrix.from', 'dtype', dtype, dtypes);
    if (!Array.isArray(rows)) throw invalidType('Matrix.from', 'rows', 'an array of rows', rows);
    const cols = rows.length === 0 ? 0 : rowLength(rows[0], 0);
    const out = Matrix.zeros(rows.length, cols, dtype);
    rows.forEach((row, i) => {
      assertRange(rowLength(row, i) === cols, 'Matrix.from',
        () => `expected row ${i} to have ${cols} entries like row 0 but it has ${row.length}`, 'ERR_ATTNSIM_SHAPE');
      row.forEach((value, j) => {
        if (typeof value !== 'number') throw invalidType('Matrix.from', `entry [${i}, ${j}]`, 'a number', value);
        if (!Number.isFinite(value)) throw nonFinite('Matrix.from', 'rows', i, j, value);
        out.data[i * cols + j] = value;
      });
    });
    return out;
  }

  /**
   * A rows×cols matrix of zeros.
   * @example Matrix.zeros(2, 3, 'float32').dtype; // 'float32'
   */
  static zeros(rows: number, cols: number, dtype: DType = 'float64'): Matrix {
    checkInteger('Matrix.zeros', 'rows', rows, 0, maxElements);
    checkInteger('Matrix.zeros', 'cols', cols, 0, maxElements);
    checkOneOf('Matrix.zeros', 'dtype', dtype, dtypes);
    assertRange(rows * cols <= maxElements, 'Matrix.zeros', () => `expected at most ${maxElements} elements but received ${rows}·${cols}`, 'ERR_ATTNSIM_SHAPE');
    return allocMatrix(rows, cols, dtype);
  }

  /**
   * A matrix of values uniform in [min, max) from a seeded generator: the same seed, the same matrix.
   * @param opts.seed the seed (default 0); opts.dtype (default 'float64'); opts.min and opts.max (default −1 and 1).
   * @example Matrix.random(3, 3, { seed: 7 }).get(0, 0) === Matrix.random(3, 3, { seed: 7 }).get(0, 0); // true
   */
  static random(rows: number, cols: number, opts?: { seed?: number; dtype?: DType; min?: number; max?: number }): Matrix {
    const o = checkOptions<{ seed: number; dtype: DType; min: number; max: number }>('Matrix.random', opts, ['seed', 'dtype', 'min', 'max']);
    const seed = checkInteger('Matrix.random', 'seed', o.seed ?? 0, -(2 ** 53), 2 ** 53);
    const min = o.min ?? -1, max = o.max ?? 1;
    assertRange(Number.isFinite(min) && Number.isFinite(max) && min <= max, 'Matrix.random',
      () => `expected finite min <= max but received min ${describe(min)} and max ${describe(max)}`);
    const out = Matrix.zeros(rows, cols, o.dtype ?? 'float64');
    const random = new Random(seed);
    for (let i = 0; i < out.data.length; i++) out.data[i] = random.uniform(min, max);
    return out;
  }

  /** The entry at row i, column j. */
  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  /** The entries as nested arrays of numbers. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  /** A copy in the given dtype (rounding to float32 where asked). */
  toDType(dtype: DType): Matrix {
    checkOneOf('Matrix.toDType', 'dtype', dtype, dtypes);
    const out = Matrix.zeros(this.rows, this.cols, dtype);
    out.data.set(this.data);
    return out;
  }

  /** `a 2×3 float64 Matrix`, as error messages show it. */
  describe(): string {
    return `a ${this.rows}×${this.cols} ${this.dtype} Matrix`;
  }
}

/** A zero matrix for sizes the caller has already checked (ops use it for their outputs). */
export function allocMatrix(rows: number, cols: number, dtype: DType): Matrix {
  return new Matrix(rows, cols, dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols));
}

function rowLength(row: unknown, i: number): number {
  if (!Array.isArray(row)) throw invalidType('Matrix.from', `row ${i}`, 'an array of numbers', row);
  return row.length;
}

function nonFinite(fn: string, name: string, i: number, j: number, value: number): RangeError {
  return invalidRange(fn, `expected finite values in ${name} but received ${value} at [${i}, ${j}]`, 'ERR_ATTNSIM_NON_FINITE');
}

/** Up to this many entries a scan in TypeScript is cheaper than a call into the addon. */
const smallScan = 256;

/**
 * A Matrix argument with only finite entries, or a TypeError / RangeError naming the argument.
 * Policy: attnsim computes only on finite inputs; NaN and ±Infinity are rejected, never propagated.
 */
export function checkMatrix(fn: string, name: string, value: unknown): Matrix {
  if (!(value instanceof Matrix)) throw invalidType(fn, name, 'a Matrix', value);
  const bad = value.data.length <= smallScan ? firstNonFiniteJs(value.data) : backend().firstNonFinite(value.data);
  if (bad >= 0) throw nonFinite(fn, name, Math.floor(bad / value.cols), bad % value.cols, value.data[bad]);
  return value;
}

/** A TypeError (code ERR_ATTNSIM_DTYPE) unless `other` has the dtype of `first`. */
export function checkSameDType(fn: string, firstName: string, first: Matrix, name: string, other: Matrix): DType {
  if (other.dtype !== first.dtype) {
    throw invalidType(fn, name, `${first.dtype} values like ${firstName}`, other, 'ERR_ATTNSIM_DTYPE');
  }
  return first.dtype;
}
