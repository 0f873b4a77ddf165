/**
 * Attention suite: attnsim's direct attention (float32, float64) against every tfjs oracle backend that loads
 * (tfjs-node, wasm) and against a float32 GEMM of the same FLOP count, in one run.
 */
import { attention, matmul, Matrix, setBackend, tfjsAttention, tfjsBackends } from '../src/index';
import { measure } from './measure';

/** One attention size with its medians (seconds); tfjs holds one median per oracle backend timed. */
export interface AttentionRow {
  n: number;
  d: number;
  heads: number;
  native32: number;
  native64: number;
  /** A float32 n×k·k×n GEMM with the attention's FLOP count (k = 4d²/n + 2d, rounded). */
  gemm32: number;
  gemmK: number;
  tfjs: { backend: string; median: number }[];
}

export const attentionShapes: [number, number, number][] = [[128, 64, 4], [512, 64, 8], [1024, 128, 8], [4096, 64, 8]];

/** The oracle backends timed, and the largest n each is timed at (wasm at 4096 would take minutes). */
const tfjsLimits: Record<string, number> = { tensorflow: 4096, wasm: 1024 };

/**
 * FLOPs of one attention with wo and dModel = dV = dOut = d: four d×d projections (8nd²), scores and the
 * weighted V (4n²d). A GEMM n×k·k×n costs 2n²k, hence k.
 */
export function sameFlopsK(n: number, d: number): number {
  return Math.round((8 * n * d * d + 4 * n * n * d) / (2 * n * n));
}

/** Times attention() in both dtypes, the same-FLOP GEMM, and tfjsAttention() on each oracle backend, per shape. */
export async function attentionSuite(log: (line: string) => void): Promise<AttentionRow[]> {
  setBackend('native');
  const available = await tfjsBackends();
  const rows: AttentionRow[] = [];
  for (const [n, d, heads] of attentionShapes) {
    const make = (dtype: 'float32' | 'float64') => {
      const r = (rows: number, cols: number, s: number) => Matrix.random(rows, cols, { seed: s, dtype });
      return { x: r(n, d, 1), wq: r(d, d, 2), wk: r(d, d, 3), wv: r(d, d, 4), wo: r(d, d, 5), heads };
    };
    const in32 = make('float32'), in64 = make('float64');
    const maxTime = n >= 4096 ? 4 : 1.5;
    const native32 = (await measure(() => attention(in32), { maxTime })).median;
    const native64 = (await measure(() => attention(in64), { maxTime })).median;
    const gemmK = sameFlopsK(n, d);
    const a = Matrix.random(n, gemmK, { seed: 6, dtype: 'float32' }), b = Matrix.random(gemmK, n, { seed: 7, dtype: 'float32' });
    const gemm32 = (await measure(() => matmul(a, b))).median;
    const tfjs: AttentionRow['tfjs'] = [];
    for (const backend of ['tensorflow', 'wasm'] as const) {
      if (!available.includes(backend) || n > tfjsLimits[backend]) continue;
      tfjs.push({ backend, median: (await measure(() => tfjsAttention(in32, { backend }), { maxTime })).median });
    }
    const ms = (s: number) => `${(s * 1e3).toFixed(2)} ms`;
    log(`attention (${n}, ${d}, ${heads}): native f32 ${ms(native32)}, f64 ${ms(native64)}, GEMM ${n}×${gemmK}·${gemmK}×${n} f32 ${ms(gemm32)}, ` +
      tfjs.map((t) => `tfjs ${t.backend} ${ms(t.median)}`).join(', '));
    rows.push({ n, d, heads, native32, native64, gemm32, gemmK, tfjs });
  }
  return rows;
}
