/** Matrix: a row-major matrix that owns a Float32Array or Float64Array, and its argument checks. */
import {
  assertRange, checkFiniteNumber, checkFloat32, checkInteger, checkOneOf, checkOptions, describe, FLOAT32_MAX, invalidRange,
  invalidType,
} from '../check';
import { checkMemory, formatBytes } from '../budget';
import { TooLargeError } from '../errors';
import { firstNonFiniteJs } from '../backend/js';
import { backend } from '../backend/select';
import { formatMatrix } from './format_matrix';
import { MAX_SEED, Random } from './random';

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
    const buffer = data.buffer as { resizable?: boolean; growable?: boolean };
    if (buffer.resizable === true || buffer.growable === true) {
      throw invalidType('Matrix', 'data', 'data on a fixed-length ArrayBuffer (not resizable)', data);
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
   * @throws {ArgumentTypeError} for a hole (`[1, , 3]`).
   * @throws {ArgumentRangeError} for ragged rows, a NaN / ±Infinity entry, or (float32) an entry beyond ±3.4e38.
   * @example Matrix.from([[1, 2], [3, 4]]).cols; // 2
   */
  static from(rows: number[][], dtype: DType = 'float64'): Matrix {
    const fn = 'Matrix.from';
    checkOneOf(fn, 'dtype', dtype, dtypes);
    if (!Array.isArray(rows)) throw invalidType(fn, 'rows', 'an array of rows', rows);
    const cols = rows.length === 0 ? 0 : rowLength(rows[0], 0);
    const out = newMatrix(fn, rows.length, cols, dtype);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      assertRange(rowLength(row, i) === cols, fn,
        () => `expected row ${i} to have ${cols} entries like row 0 but it has ${row.length}`, 'ERR_ATTNSIM_SHAPE');
      for (let j = 0; j < cols; j++) {
        const value: unknown = row[j];
        if (typeof value !== 'number') throw invalidType(fn, `entry [${i}, ${j}]`, 'a number', value);
        if (!Number.isFinite(value)) throw nonFinite(fn, 'rows', i, j, value);
        if (dtype === 'float32' && !Number.isFinite(Math.fround(value))) throw beyondFloat32(fn, 'rows', i, j, value);
        out.data[i * cols + j] = value;
      }
    }
    return out;
  }

  /**
   * A rows×cols matrix of zeros.
   * @throws {ArgumentRangeError} for sizes that are not integers or exceed 2^31 − 1 entries.
   * @throws {TooLargeError} (ERR_ATTNSIM_TOO_LARGE) when the matrix exceeds the memory budget (setMemoryBudget).
   * @example Matrix.zeros(2, 3, 'float32').dtype; // 'float32'
   */
  static zeros(rows: number, cols: number, dtype: DType = 'float64'): Matrix {
    return newMatrix('Matrix.zeros', rows, cols, dtype);
  }

  /**
   * A matrix of values uniform in [min, max) from a seeded generator: the same seed, the same matrix.
   * @param opts.seed an integer from 0 to 2^53 − 1 (default 0; every bit counts); opts.dtype (default 'float64');
   * opts.min and opts.max (default −1 and 1; finite, and within ±3.4e38 for float32).
   * @throws {ArgumentRangeError} for a seed outside [0, 2^53 − 1], or bounds that are not finite, not in order or
   * outside the dtype's range.
   * @example Matrix.random(3, 3, { seed: 7 }).get(0, 0) === Matrix.random(3, 3, { seed: 7 }).get(0, 0); // true
   */
  static random(rows: number, cols: number, opts?: { seed?: number; dtype?: DType; min?: number; max?: number }): Matrix {
    const fn = 'Matrix.random';
    const o = checkOptions<{ seed: number; dtype: DType; min: number; max: number }>(fn, opts, ['seed', 'dtype', 'min', 'max']);
    const seed = checkInteger(fn, 'seed', o.seed ?? 0, 0, MAX_SEED);
    const min = o.min ?? -1, max = o.max ?? 1, dtype = o.dtype ?? 'float64';
    assertRange(Number.isFinite(min) && Number.isFinite(max) && min <= max, fn,
      () => `expected finite min <= max but received min ${describe(min)} and max ${describe(max)}`);
    assertRange(dtype !== 'float32' || (Math.abs(min) <= FLOAT32_MAX && Math.abs(max) <= FLOAT32_MAX), fn,
      () => `expected min and max within the float32 range (magnitude at most ${FLOAT32_MAX}) but received ` +
        `min ${describe(min)} and max ${describe(max)}`, 'ERR_ATTNSIM_NON_FINITE');
    const out = newMatrix(fn, rows, cols, dtype);
    const random = new Random(seed);
    for (let i = 0; i < out.data.length; i++) out.data[i] = random.uniform(min, max);
    return out;
  }

  /**
   * The entry at row i, column j.
   * @throws {ArgumentRangeError} unless 0 ≤ i < rows and 0 ≤ j < cols are integers.
   * @example Matrix.from([[1, 2], [3, 4]]).get(1, 0); // 3
   */
  get(i: number, j: number): number {
    return this.data[this.index('Matrix.get', i, j)];
  }

  /**
   * Writes `value` at row i, column j (rounded to float32 in a float32 matrix).
   * @throws {ArgumentRangeError} for indices outside the matrix, a NaN / ±Infinity value, or (float32) one beyond ±3.4e38.
   * @example const m = Matrix.zeros(2, 2); m.set(0, 1, 5); m.get(0, 1); // 5
   */
  set(i: number, j: number, value: number): void {
    const k = this.index('Matrix.set', i, j);
    checkFiniteNumber('Matrix.set', 'value', value);
    if (this.dtype === 'float32') checkFloat32('Matrix.set', 'value', value);
    this.data[k] = value;
  }

  /**
   * The shape, dtype and entries as aligned text; the middle rows and columns of large matrices are elided with `…`.
   * @example String(Matrix.from([[1, -2.5], [30, 4]])); // 'Matrix 2×2 float64\n[[ 1, -2.5],\n [30,    4]]'
   */
  toString(): string {
    checkLive('Matrix.toString', 'this matrix', this);
    return formatMatrix(this.rows, this.cols, this.dtype, (i, j) => this.data[i * this.cols + j]);
  }

  private index(fn: string, i: number, j: number): number {
    if (this.rows === 0 || this.cols === 0) {
      throw invalidRange(fn, `no entry (${String(i)}, ${String(j)}) in ${this.describe()}`);
    }
    checkInteger(fn, 'i', i, 0, this.rows - 1);
    checkInteger(fn, 'j', j, 0, this.cols - 1);
    return checkLive(fn, 'this matrix', this).cols * i + j;
  }

  /** The entries as nested arrays of numbers. */
  toArray(): number[][] {
    checkLive('Matrix.toArray', 'this matrix', this);
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  /**
   * A copy in the given dtype (rounding to float32 where asked).
   * @throws {ArgumentRangeError} (ERR_ATTNSIM_NON_FINITE) when a value is beyond the float32 range.
   * @example Matrix.from([[1 / 3]]).toDType('float32').get(0, 0); // 0.3333333432674408
   */
  toDType(dtype: DType): Matrix {
    const fn = 'Matrix.toDType';
    checkOneOf(fn, 'dtype', dtype, dtypes);
    checkLive(fn, 'this matrix', this);
    const out = newMatrix(fn, this.rows, this.cols, dtype);
    if (this.data.length > 0) out.data.set(this.data);
    const bad = firstNonFinite(out.data);
    if (bad >= 0) throw beyondFloat32(fn, 'this matrix', Math.floor(bad / this.cols), bad % this.cols, this.data[bad]);
    return out;
  }

  /** `a 2×3 float64 Matrix`, as error messages show it. */
  describe(): string {
    return `a ${this.rows}×${this.cols} ${this.dtype} Matrix`;
  }
}

/** Bytes per entry of a dtype: 4 for float32, 8 for float64. @example bytesPerEntry('float32'); // 4 */
export function bytesPerEntry(dtype: DType): number {
  return dtype === 'float32' ? 4 : 8;
}

/** Matrix.zeros for `fn`: checks the sizes, the entry count and the memory budget, then allocates. */
function newMatrix(fn: string, rows: number, cols: number, dtype: DType): Matrix {
  checkInteger(fn, 'rows', rows, 0, maxElements);
  checkInteger(fn, 'cols', cols, 0, maxElements);
  checkOneOf(fn, 'dtype', dtype, dtypes);
  checkMemory(fn, `a ${rows}×${cols} ${dtype} matrix`, rows * cols * bytesPerEntry(dtype));
  return allocMatrix(fn, rows, cols, dtype);
}

/**
 * A zero matrix for sizes the caller has already held against the memory budget (ops use it for their outputs).
 * @param fn the public function, named in errors.
 * @param fill 'zeros' (default), or 'none' when the caller's kernel overwrites every entry (see allocData).
 * @returns a new rows×cols matrix of zeros (or of what the kernel writes, with 'none').
 * @throws {TooLargeError} when it has more than 2^31 − 1 entries or the allocation fails.
 * @example allocMatrix('matmul', 2, 3, 'float64').cols; // 3
 */
export function allocMatrix(fn: string, rows: number, cols: number, dtype: DType, fill: Fill = 'zeros'): Matrix {
  return new Matrix(rows, cols, allocData(fn, `a ${rows}×${cols} ${dtype} matrix`, rows * cols, dtype, fill));
}

/** 'zeros', or 'none' for an output every entry of which the kernel writes before anyone reads it. */
export type Fill = 'zeros' | 'none';

/**
 * From this many entries on, 'none' skips zero-filling: a fresh, zeroed output costs a page fault per 4 KiB on every
 * call (plain matmul at 1024 float32 ran at 0.84 of OpenBLAS from C); the backend's unfilled memory faults less.
 */
const unfilledFrom = 1 << 14;

/**
 * A zeroed typed array of `length` entries for `fn` (`what` names it in the user's terms).
 * @param fill 'none' leaves arrays of 16,384 entries or more unfilled (own, unpooled memory from the backend's
 *   allocUnfilled): only for outputs the kernel overwrites entirely, so no stale bytes can be read.
 * @returns a Float32Array or Float64Array by dtype.
 * @throws {TooLargeError} when it has more than 2^31 − 1 entries or the allocation fails.
 * @example allocData('matmulBatched', '2 products of 3×3', 18, 'float32').length; // 18
 */
export function allocData(fn: string, what: string, length: number, dtype: DType, fill: Fill = 'zeros'): Float32Array | Float64Array {
  const bytes = length * bytesPerEntry(dtype);
  const refuse = (why: string) => new TooLargeError(`${fn}: ${what} ${why}`, bytes, maxElements * bytesPerEntry(dtype));
  if (length > maxElements) throw refuse(`has more than ${maxElements} entries`);
  try {
    if (fill === 'none' && length >= unfilledFrom) {
      const memory = backend().allocUnfilled(bytes);
      return dtype === 'float32' ? new Float32Array(memory, 0, length) : new Float64Array(memory, 0, length);
    }
    return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  } catch {
    throw refuse(`(${formatBytes(bytes)}) could not be allocated`);
  }
}

function rowLength(row: unknown, i: number): number {
  if (!Array.isArray(row)) throw invalidType('Matrix.from', `row ${i}`, 'an array of numbers', row);
  return row.length;
}

function nonFinite(fn: string, name: string, i: number, j: number, value: number): RangeError {
  return invalidRange(fn, `expected finite values in ${name} but received ${value} at [${i}, ${j}]`, 'ERR_ATTNSIM_NON_FINITE');
}

function beyondFloat32(fn: string, name: string, i: number, j: number, value: number): RangeError {
  return invalidRange(fn, `expected values within the float32 range in ${name} but received ${value} at [${i}, ${j}]`,
    'ERR_ATTNSIM_NON_FINITE');
}

/** Up to this many entries a scan in TypeScript is cheaper than a call into the addon. */
const smallScan = 256;

/**
 * The index of the first NaN or ±Infinity in data, or -1 (scanned on the backend for large arrays).
 * @example firstNonFinite(new Float64Array([1, NaN])); // 1
 */
export function firstNonFinite(data: Float32Array | Float64Array): number {
  return data.length <= smallScan ? firstNonFiniteJs(data) : backend().firstNonFinite(data);
}

/** The matrix, unless its data no longer holds rows·cols values (its buffer was detached or resized). */
function checkLive(fn: string, name: string, m: Matrix): Matrix {
  assertRange(m.data.length === m.rows * m.cols, fn, () => `expected ${name}'s data to hold ${m.rows}·${m.cols} values ` +
    `but it holds ${m.data.length} (its buffer was detached or resized)`);
  return m;
}

/**
 * Throws a RangeError (ERR_ATTNSIM_NON_FINITE) when a result overflowed to ±Infinity or NaN.
 * @param fn the public function; @param what the result in the user's terms ('the product', 'the output');
 * @param m the result; @param advice what to do about it.
 * @returns m when every entry is finite.
 * @throws {ArgumentRangeError} naming the first entry that is not.
 * @example checkFiniteResult('matmul', 'the product', c, 'scale the operands down');
 */
export function checkFiniteResult(fn: string, what: string, m: Matrix, advice: string): Matrix {
  const bad = firstNonFinite(m.data);
  if (bad >= 0) throw overflowed(fn, what, m, bad, advice);
  return m;
}

/** The RangeError (ERR_ATTNSIM_NON_FINITE) for a result whose entry `bad` overflowed, as checkFiniteResult throws it. */
export function overflowed(fn: string, what: string, m: Matrix, bad: number, advice: string): RangeError {
  const at = `[${Math.floor(bad / m.cols)}, ${bad % m.cols}]`;
  return invalidRange(fn, `${what} overflowed the ${m.dtype} range at ${at}; ${advice}`, 'ERR_ATTNSIM_NON_FINITE');
}

/**
 * A Matrix argument with only finite entries, or a TypeError / RangeError naming the argument.
 * Policy: attnsim computes only on finite inputs; NaN and ±Infinity are rejected, never propagated.
 */
export function checkMatrix(fn: string, name: string, value: unknown): Matrix {
  const m = checkMatrixObject(fn, name, value);
  const bad = firstNonFinite(m.data);
  if (bad >= 0) throw nonFinite(fn, name, Math.floor(bad / m.cols), bad % m.cols, m.data[bad]);
  return m;
}

/** checkMatrix without the scan for NaN and ±Infinity: a live Matrix, or a TypeError / RangeError naming it. */
export function checkMatrixObject(fn: string, name: string, value: unknown): Matrix {
  if (!(value instanceof Matrix)) throw invalidType(fn, name, 'a Matrix', value);
  return checkLive(fn, name, value);
}

/** A TypeError (code ERR_ATTNSIM_DTYPE) unless `other` has the dtype of `first`. */
export function checkSameDType(fn: string, firstName: string, first: Matrix, name: string, other: Matrix): DType {
  if (other.dtype !== first.dtype) {
    throw invalidType(fn, name, `${first.dtype} values like ${firstName}`, other, 'ERR_ATTNSIM_DTYPE');
  }
  return first.dtype;
}
