/**
 * The residual stream stored by dimension: one Float64Array of T values per dimension. A block that reads a few
 * dimensions and writes a few touches only those columns, so a layer costs O(T · dimensions touched), not O(T · D).
 */
import { Matrix } from '../../linalg/matrix';

/** A T×D stream held as D columns. */
export class ColumnStream {
  /** @param rows T, the positions (BOS included); @param columns one array of T values per dimension. */
  constructor(readonly rows: number, readonly columns: Float64Array[]) {}

  /** The columns of a row-major T×D matrix. */
  static fromMatrix(m: Matrix): ColumnStream {
    const t = m.rows, d = m.cols, columns = Array.from({ length: d }, () => new Float64Array(t));
    for (let r = 0; r < t; r++) for (let c = 0; c < d; c++) columns[c][r] = m.data[r * d + c];
    return new ColumnStream(t, columns);
  }

  /** The stream as a row-major T×D matrix. */
  toMatrix(): Matrix {
    const t = this.rows, d = this.columns.length, data = new Float64Array(t * d);
    this.columns.forEach((column, c) => { for (let r = 0; r < t; r++) data[r * d + c] = column[r]; });
    return new Matrix(t, d, data);
  }

  /** The dimensions `dims` side by side as a |dims|×T matrix (row i is dimension dims[i]). */
  stack(dims: readonly number[]): Matrix {
    const t = this.rows, data = new Float64Array(dims.length * t);
    dims.forEach((dim, i) => data.set(this.columns[dim], i * t));
    return new Matrix(dims.length, t, data);
  }

  /** Adds row i of `rows` (|dims|×T) to dimension dims[i]. */
  addRows(dims: readonly number[], rows: Float64Array): void {
    const t = this.rows;
    dims.forEach((dim, i) => {
      const column = this.columns[dim];
      for (let r = 0; r < t; r++) column[r] += rows[i * t + r];
    });
  }
}
