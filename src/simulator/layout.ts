/**
 * Matrices ↔ token sequences. The input sequence is the operands flattened row-major and placed side by side
 * (X | Wq | Wk | Wv | Wo), padded with zeros to the stack's length. Every intermediate matrix is an s-op of its own
 * (its own residual dimension), held at positions 0 … rows·cols − 1, so the sequence only needs to be as long as the
 * largest set of products, not the sum of all intermediates.
 */
import { Matrix } from '../linalg/matrix';
import { MatrixSOp, gather } from './programs/matrix';
import { numerical, tokens } from '../rasp/index';

/** The real-valued input tokens. */
export const inputTokens = numerical(tokens).named('input');

/** Operand shapes in the order they appear in the sequence. */
export interface Operand {
  name: string;
  rows: number;
  cols: number;
}

/** Each operand as a matrix s-op read from its slice of the input, and the slices' total length. */
export function readOperands(operands: Operand[]): { matrices: MatrixSOp[]; length: number } {
  let offset = 0;
  const matrices = operands.map(({ name, rows, cols }) => {
    const start = offset, size = rows * cols;
    offset += size;
    return { sop: gather(inputTokens, name, (p) => (p < size ? start + p : -1)), rows, cols };
  });
  return { matrices, length: offset };
}

/** The token sequence of the operands, padded with zeros to `length`. */
export function encodeOperands(values: Matrix[], length: number): number[] {
  const out = new Array<number>(length).fill(0);
  let offset = 0;
  for (const m of values) {
    for (let i = 0; i < m.data.length; i++) out[offset + i] = m.data[i];
    offset += m.data.length;
  }
  return out;
}

/** The matrix held at positions 0 … rows·cols − 1 of an output sequence. */
export function decodeMatrix(values: ArrayLike<number>, rows: number, cols: number): Matrix {
  return new Matrix(rows, cols, Float64Array.from({ length: rows * cols }, (_, i) => values[i]));
}
