/** Positional encodings of circular sequences: one-hot (N dimensions) or sinusoidal with K frequencies (2K dimensions). */
import { Matrix } from '../linalg/matrix';
import { DimLabel } from './residual';

/** 'onehot': position t sets dimension t; `{ sinusoidal: K }`: (cos 2πkt/N, sin 2πkt/N) for k = 1..K. */
export type PositionalEncoding = 'onehot' | { sinusoidal: number };

/**
 * The labels and the table of a positional encoding; sinusoidal dimensions are pos_cos:k, pos_sin:k.
 * @param encoding 'onehot' or { sinusoidal: K }; @param n the sequence length N.
 * @returns one label per dimension and the N×width table (row t is position t's code).
 * @example positionalTable({ sinusoidal: 2 }, 8).table.cols; // 4
 */
export function positionalTable(encoding: PositionalEncoding, n: number): { labels: DimLabel[]; table: Matrix } {
  if (encoding === 'onehot') {
    const table = new Float64Array(n * n);
    for (let t = 0; t < n; t++) table[t * n + t] = 1;
    return { labels: Array.from({ length: n }, (_, t) => ({ sop: 'position', value: t })), table: new Matrix(n, n, table) };
  }
  const k = encoding.sinusoidal, table = new Float64Array(n * 2 * k), labels: DimLabel[] = [];
  for (let f = 1; f <= k; f++) labels.push({ sop: 'pos_cos', value: f }, { sop: 'pos_sin', value: f });
  for (let t = 0; t < n; t++) {
    for (let f = 1; f <= k; f++) {
      table[t * 2 * k + 2 * (f - 1)] = Math.cos((2 * Math.PI * f * t) / n);
      table[t * 2 * k + 2 * (f - 1) + 1] = Math.sin((2 * Math.PI * f * t) / n);
    }
  }
  return { labels, table: new Matrix(n, 2 * k, table) };
}
