/** Seeded attention instances shared by the attention, oracle and fixture tests. */
import { DType, Matrix } from '../../src/linalg/matrix';

/** A seeded attention instance with x n×dIn, dModel = dV, and wo dV×dOut (or none). */
export function instance(n: number, dIn: number, dModel: number, dOut: number | null, seed: number, dtype: DType = 'float64') {
  const r = (rows: number, cols: number, s: number) => Matrix.random(rows, cols, { seed: seed * 10 + s, dtype });
  return { x: r(n, dIn, 1), wq: r(dIn, dModel, 2), wk: r(dIn, dModel, 3), wv: r(dIn, dModel, 4), wo: dOut === null ? undefined : r(dModel, dOut, 5) };
}
