/** What the token-selecting constructions share: the stream's layout, the vector embedding, sparse weight matrices. */
import { EncoderModel } from '../encoder/model';
import { EncoderLayer } from '../encoder/layer';
import { PositionalEncoding, positionalTable } from '../encoder/positional';
import { DimLabel, ONE, ResidualSpace } from '../encoder/residual';
import { Matrix } from '../linalg/matrix';

/** A construction's stream: one, the d token coordinates, the positional code, then the construction's own dimensions. */
export interface Stream {
  residual: ResidualSpace;
  /** The dimensions of the token's coordinates. */
  token: number[];
  /** The dimensions of the positional code. */
  position: number[];
}

/**
 * The stream's layout for d-dimensional tokens, a positional encoding of N positions with period P (or none) and
 * `extra` dimensions.
 */
export function layout(d: number, n: number, encoding: PositionalEncoding | null, extra: DimLabel[], period = n):
  Stream & { table: Matrix } {
  const pos = encoding === null ? { labels: [], table: new Matrix(n, 0, new Float64Array(0)) }
    : positionalTable(encoding, n, period);
  const tokens = Array.from({ length: d }, (_, i) => ({ sop: 'token', value: i }));
  const labels: DimLabel[] = [{ sop: ONE }, ...tokens, ...pos.labels, ...extra];
  return {
    residual: new ResidualSpace(labels), token: range(1, d), position: range(1 + d, pos.labels.length), table: pos.table,
  };
}

/** [start, start + count). */
export function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}

/** A rows×cols matrix with the given (row, column, value) entries. */
export function sparse(rows: number, cols: number, entries: [number, number, number][]): Matrix {
  const data = new Float64Array(rows * cols);
  for (const [r, c, v] of entries) data[r * cols + c] += v;
  return new Matrix(rows, cols, data);
}

/** A circular model over the stream: N positions (one = 1 plus the code), E copies the token (plus `embed`'s entries). */
export function circularModel(s: Stream & { table: Matrix }, n: number, layers: EncoderLayer[],
  readout: { sop: string; dims: number[]; encoding?: 'numerical' }, embed: [number, number, number][] = []): EncoderModel {
  const width = s.residual.width, positions = new Float64Array(n * width);
  for (let t = 0; t < n; t++) {
    positions[t * width] = 1;
    s.position.forEach((dim, i) => { positions[t * width + dim] = s.table.data[t * s.position.length + i]; });
  }
  const embedding = sparse(width, s.token.length, [...s.token.map((dim, i): [number, number, number] => [dim, i, 1]), ...embed]);
  return new EncoderModel(s.residual, { encoding: 'vector', matrix: embedding }, new Matrix(n, width, positions), layers,
    { sop: readout.sop, encoding: readout.encoding ?? 'vector', dims: readout.dims, values: [] },
    { bos: 'bos', maxSeqLen: n, causal: false, circular: true });
}
