/**
 * Compact forms of a layer's blocks for the structured executor: each block restricted to the dimensions it reads
 * (non-zero rows of its input weights) and writes (non-zero columns of its output weights). The weights are the
 * model's own, only with the zero rows and columns dropped.
 */
import { AttentionHead } from '../../encoder/attention_head';
import { MLP } from '../../encoder/mlp';
import { Matrix } from '../../linalg/matrix';
import { matmul } from '../../linalg/matmul';

/** A head's value path: the dimensions it reads, those it writes, and Wv·Wo restricted to them (|reads|×|writes|; none if it is 0). */
export interface CompactHead {
  reads: number[];
  writes: number[];
  valueMap: Matrix;
}

/** An MLP restricted to its inputs and outputs: W1 is |reads|×H, W2 is H×|writes|, b2 has one entry per write. */
export interface CompactMlp {
  reads: number[];
  writes: number[];
  w1: Matrix;
  b1: Float64Array;
  w2: Matrix;
  b2: Float64Array;
}

/** The head's Wv·Wo on the rows where Wv is not zero and the columns where Wo is not (a superset of its support). */
export function compactHead(head: AttentionHead): CompactHead {
  const { wv, wo } = head.weights;
  const reads = nonZeroRows(wv), writes = nonZeroColumns(wo, new Float64Array(wo.cols));
  const inner = [...Array(wv.cols).keys()];
  if (reads.length === 0 || writes.length === 0 || inner.length === 0) return { reads: [], writes: [], valueMap: new Matrix(0, 0, new Float64Array(0)) };
  return { reads, writes, valueMap: matmul(submatrix(wv, reads, inner), submatrix(wo, inner, writes)) };
}

/** The MLP without the dimensions it neither reads nor writes. */
export function compactMlp(mlp: MLP): CompactMlp {
  const reads = nonZeroRows(mlp.w1), writes = nonZeroColumns(mlp.w2, mlp.b2), hidden = [...Array(mlp.hidden).keys()];
  return {
    reads, writes, w1: submatrix(mlp.w1, reads, hidden), b1: mlp.b1,
    w2: submatrix(mlp.w2, hidden, writes), b2: Float64Array.from(writes, (c) => mlp.b2[c]),
  };
}

function nonZeroRows(m: Matrix): number[] {
  const rows: number[] = [];
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      if (m.data[r * m.cols + c] !== 0) {
        rows.push(r);
        break;
      }
    }
  }
  return rows;
}

function nonZeroColumns(m: Matrix, bias: Float64Array): number[] {
  const used = Uint8Array.from(bias, (b) => (b !== 0 ? 1 : 0));
  for (let i = 0; i < m.data.length; i++) if (m.data[i] !== 0) used[i % m.cols] = 1;
  const cols: number[] = [];
  used.forEach((u, c) => { if (u === 1) cols.push(c); });
  return cols;
}

function submatrix(m: Matrix, rows: readonly number[], cols: readonly number[]): Matrix {
  const out = new Float64Array(rows.length * cols.length);
  rows.forEach((r, i) => { cols.forEach((c, j) => { out[i * cols.length + j] = m.data[r * m.cols + c]; }); });
  return new Matrix(rows.length, cols.length, out);
}
