/**
 * Positional encodings of circular sequences: one-hot (P dimensions) or sinusoidal with K frequencies (2K dimensions),
 * periodic with a period P that divides N (P = N unless a construction ties the code to its window).
 */
import { Matrix } from '../linalg/matrix';
import { DimLabel } from './residual';

/** 'onehot': position t sets dimension t mod P; `{ sinusoidal: K }`: (cos 2πkt/P, sin 2πkt/P) for k = 1..K. */
export type PositionalEncoding = 'onehot' | { sinusoidal: number };

/**
 * The labels and the table of a positional encoding; sinusoidal dimensions are pos_cos:k, pos_sin:k.
 * @param encoding 'onehot' or { sinusoidal: K }; @param n the sequence length N; @param period the code's period P
 *   (default N; a divisor of N, so that the code wraps with the circular sequence).
 * @returns one label per dimension and the N×width table (row t is position t's code).
 * @example positionalTable({ sinusoidal: 2 }, 8).table.cols; // 4
 */
export function positionalTable(encoding: PositionalEncoding, n: number, period = n): { labels: DimLabel[]; table: Matrix } {
  if (encoding === 'onehot') {
    const table = new Float64Array(n * period);
    for (let t = 0; t < n; t++) table[t * period + (t % period)] = 1;
    const labels = Array.from({ length: period }, (_, t) => ({ sop: 'position', value: t }));
    return { labels, table: new Matrix(n, period, table) };
  }
  const k = encoding.sinusoidal, table = new Float64Array(n * 2 * k), labels: DimLabel[] = [];
  for (let f = 1; f <= k; f++) labels.push({ sop: 'pos_cos', value: f }, { sop: 'pos_sin', value: f });
  for (let t = 0; t < n; t++) {
    for (let f = 1; f <= k; f++) {
      table[t * 2 * k + 2 * (f - 1)] = Math.cos((2 * Math.PI * f * t) / period);
      table[t * 2 * k + 2 * (f - 1) + 1] = Math.sin((2 * Math.PI * f * t) / period);
    }
  }
  return { labels, table: new Matrix(n, 2 * k, table) };
}
