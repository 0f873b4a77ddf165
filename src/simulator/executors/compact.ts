/**
 * Compact forms of a layer's blocks for the structured executor: each block restricted to the dimensions it reads
 * (non-zero rows of its input weights) and writes (non-zero columns of its output weights). The weights are the
 * model's own, only with the zero rows and columns dropped.
 */
import { AttentionHead } from '../../encoder/attention_head';
import { MLP } from '../../encoder/mlp';
import { Matrix } from '../../linalg/matrix';
import { matmul } from '../../linalg/matmul';

/** A head's value path: the dimensions it reads, those it writes, and Wv·Wo restricted to them (|reads|×|writes|). */
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

/** The head's Wv·Wo without its zero rows and columns. */
export function compactHead(head: AttentionHead): CompactHead {
  const full = matmul(head.weights.wv, head.weights.wo);
  const reads = nonZeroRows(full), writes = nonZeroColumns(full, new Float64Array(full.cols));
  return { reads, writes, valueMap: submatrix(full, reads, writes) };
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
  return [...Array(m.rows).keys()].filter((r) => m.data.subarray(r * m.cols, (r + 1) * m.cols).some((v) => v !== 0));
}

function nonZeroColumns(m: Matrix, bias: Float64Array): number[] {
  return [...Array(m.cols).keys()].filter((c) => bias[c] !== 0 || [...Array(m.rows).keys()].some((r) => m.data[r * m.cols + c] !== 0));
}

function submatrix(m: Matrix, rows: readonly number[], cols: readonly number[]): Matrix {
  return new Matrix(rows.length, cols.length, Float64Array.from({ length: rows.length * cols.length },
    (_, i) => m.data[rows[Math.floor(i / cols.length)] * m.cols + cols[i % cols.length]]));
}
