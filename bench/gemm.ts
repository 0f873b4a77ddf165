/** GEMM suite: attnsim native against tfjs (tfjs-node, wasm, cpu), the plain-JS fallback and OpenBLAS from C. */
import * as tf from '@tensorflow/tfjs-core';
import { matmul, Matrix, setBackend, tfjsBackends } from '../src/index';
import { ceilingSeconds } from './ceiling';
import { measure } from './measure';

/** One timed GEMM: which peer, dtype and size, and its median seconds. */
export interface GemmRow {
  peer: string;
  dtype: 'float32' | 'float64';
  n: number;
  median: number;
  gflops: number;
}

export const gemmSizes = [64, 128, 256, 512, 1024, 2048];

/** Peers and the largest size each is timed at (slow peers stop early so the run stays short). */
const limits: Record<string, number> = { 'attnsim native': 2048, 'attnsim native, out reused': 2048, 'OpenBLAS from C': 2048, 'tfjs-node': 2048, 'tfjs wasm': 2048, 'tfjs cpu': 512, 'plain JS loop (attnsim fallback)': 256 };

/** Runs the suite; `ceiling` is the built C program, or null. */
export async function gemmSuite(ceiling: string | null, log: (line: string) => void): Promise<GemmRow[]> {
  const rows: GemmRow[] = [];
  const available = await tfjsBackends();
  for (const dtype of ['float32', 'float64'] as const) {
    for (const n of gemmSizes) {
      const a = Matrix.random(n, n, { seed: 1, dtype }), b = Matrix.random(n, n, { seed: 2, dtype });
      const add = (peer: string, median: number) => {
        rows.push({ peer, dtype, n, median, gflops: (2 * n ** 3) / median / 1e9 });
        log(`gemm ${dtype} ${n}: ${peer} ${(median * 1e3).toFixed(3)} ms`);
      };
      setBackend('native');
      const out = Matrix.zeros(n, n, dtype);
      const peers: Peer[] = [
        ['attnsim native', async () => (await measure(() => matmul(a, b), { maxTime: 0.5 })).median],
        ['attnsim native, out reused', async () => (await measure(() => matmul(a, b, { out }), { maxTime: 0.5 })).median],
      ];
      if (ceiling) peers.push(['OpenBLAS from C', async () => ceilingSeconds(ceiling, dtype, n)]);
      for (const [peer, median] of await inTurns(peers)) add(peer, median);
      if (n <= limits['plain JS loop (attnsim fallback)']) {
        setBackend('js');
        add('plain JS loop (attnsim fallback)', (await measure(() => matmul(a, b))).median);
        setBackend('native');
      }
      if (dtype === 'float32') {
        for (const name of ['tensorflow', 'wasm', 'cpu'] as const) {
          const peer = name === 'tensorflow' ? 'tfjs-node' : `tfjs ${name}`;
          if (!available.includes(name) || n > limits[peer]) continue;
          add(peer, await tfjsGemm(name, a, b));
        }
      }
    }
  }
  return rows;
}

/** A peer of the addon/C ratio: its name and one timing (median seconds). */
type Peer = [string, () => Promise<number>];

/** Each peer's median over `rounds` turns taken in rotation, so a burst of load from elsewhere hits them alike. */
async function inTurns(peers: Peer[], rounds = 3): Promise<[string, number][]> {
  const times = peers.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (const [i, [, time]] of peers.entries()) times[i].push(await time());
  }
  return peers.map(([name], i) => [name, times[i].sort((x, y) => x - y)[Math.floor(rounds / 2)]]);
}

async function tfjsGemm(backend: string, a: Matrix, b: Matrix): Promise<number> {
  await tf.setBackend(backend);
  const ta = tf.tensor2d(a.data as Float32Array, [a.rows, a.cols]), tb = tf.tensor2d(b.data as Float32Array, [b.rows, b.cols]);
  const result = await measure(() => {
    const c = tf.matMul(ta, tb);
    c.dataSync();
    c.dispose();
  });
  ta.dispose();
  tb.dispose();
  return result.median;
}
