/** Call-overhead suite: a 4×4 matmul through the public API, per call, on the native backend. */
import { matmul, Matrix, setBackend } from '../src/index';
import { measure } from './measure';

/** Median seconds of one 4×4 float64 and float32 matmul() call on the native backend. */
export async function overheadSuite(log: (line: string) => void): Promise<{ dtype: string; median: number }[]> {
  setBackend('native');
  const out = [];
  for (const dtype of ['float64', 'float32'] as const) {
    const a = Matrix.random(4, 4, { seed: 1, dtype }), b = Matrix.random(4, 4, { seed: 2, dtype });
    const { median } = await measure(() => matmul(a, b));
    log(`overhead ${dtype} 4×4: ${(median * 1e6).toFixed(3)} µs`);
    out.push({ dtype, median });
  }
  return out;
}
