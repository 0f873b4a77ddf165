/** Attention suite: attnsim's direct attention against the tfjs oracle at three sizes. */
import { attention, Matrix, setBackend, tfjsAttention, tfjsBackends } from '../src/index';
import { measure } from './measure';

/** One attention size with its medians. */
export interface AttentionRow {
  n: number;
  d: number;
  heads: number;
  native32: number;
  native64: number;
  tfjs: number;
  tfjsBackend: string;
}

export const attentionShapes: [number, number, number][] = [[128, 64, 4], [512, 64, 8], [1024, 128, 8]];

/** Times attention() in float32 and float64 and tfjsAttention() (float32, best tfjs backend) per shape. */
export async function attentionSuite(log: (line: string) => void): Promise<AttentionRow[]> {
  setBackend('native');
  const [tfjsBackend] = await tfjsBackends();
  const rows: AttentionRow[] = [];
  for (const [n, d, heads] of attentionShapes) {
    const make = (dtype: 'float32' | 'float64') => {
      const r = (rows: number, cols: number, s: number) => Matrix.random(rows, cols, { seed: s, dtype });
      return { x: r(n, d, 1), wq: r(d, d, 2), wk: r(d, d, 3), wv: r(d, d, 4), wo: r(d, d, 5), heads };
    };
    const in32 = make('float32'), in64 = make('float64');
    const native32 = (await measure(() => attention(in32))).median;
    const native64 = (await measure(() => attention(in64))).median;
    const tfjs = (await measure(() => tfjsAttention(in32))).median;
    log(`attention (${n}, ${d}, ${heads}): native f32 ${(native32 * 1e3).toFixed(2)} ms, f64 ${(native64 * 1e3).toFixed(2)} ms, tfjs ${tfjsBackend} ${(tfjs * 1e3).toFixed(2)} ms`);
    rows.push({ n, d, heads, native32, native64, tfjs, tfjsBackend });
  }
  return rows;
}
