/**
 * Async suite: matmulAsync and attentionAsync against their sync forms (time ratio), and the event loop's longest
 * gap while each runs (a 1 ms interval's ticks), beside the gap of an idle event loop over the same time.
 */
import { performance } from 'perf_hooks';
import { attention, attentionAsync, matmul, matmulAsync, Matrix, setBackend } from '../src/index';

/** One async call measured: medians over `runs` interleaved sync/async pairs. */
export interface AsyncRow {
  call: string;
  shape: string;
  runs: number;
  /** Median seconds of the sync and the async form. */
  sync: number;
  async: number;
  /** The longest event-loop gap (ms) during the async call: the median over runs, and the worst. */
  gapMedian: number;
  gapWorst: number;
  /** The longest gap (ms) of an idle event loop over the same time (the machine's own floor). */
  idleGap: number;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/** Runs `work` with a 1 ms interval ticking; returns its seconds and the longest gap between ticks (ms). */
export async function probe(work: () => Promise<unknown>): Promise<{ seconds: number; gap: number }> {
  const start = performance.now();
  let last = start, gap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 1);
  await work();
  const end = performance.now();
  clearInterval(timer);
  return { seconds: (end - start) / 1e3, gap: Math.max(gap, end - last) };
}

/** Interleaves `runs` sync and async calls (after one warm-up of each) and an idle probe of the same length. */
async function pair(call: string, shape: string, sync: () => unknown, async: () => Promise<unknown>, runs: number): Promise<AsyncRow> {
  sync();
  await async();
  const s: number[] = [], a: number[] = [], gaps: number[] = [], idle: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    sync();
    s.push((performance.now() - t0) / 1e3);
    const r = await probe(async);
    a.push(r.seconds);
    gaps.push(r.gap);
    idle.push((await probe(() => new Promise((resolve) => setTimeout(resolve, r.seconds * 1e3)))).gap);
  }
  return { call, shape, runs, sync: median(s), async: median(a), gapMedian: median(gaps), gapWorst: Math.max(...gaps), idleGap: median(idle) };
}

/** matmulAsync 1536² float64 (the case) and float32, attentionAsync (2048, 64, 8) float32. */
export async function asyncSuite(log: (line: string) => void): Promise<AsyncRow[]> {
  setBackend('native');
  const rows: AsyncRow[] = [];
  for (const dtype of ['float64', 'float32'] as const) {
    const a = Matrix.random(1536, 1536, { seed: 1, dtype }), b = Matrix.random(1536, 1536, { seed: 2, dtype });
    rows.push(await pair('matmul', `1536² ${dtype}`, () => matmul(a, b), () => matmulAsync(a, b), 9));
  }
  const r = (rows: number, cols: number, s: number) => Matrix.random(rows, cols, { seed: s, dtype: 'float32' });
  const input = { x: r(2048, 64, 1), wq: r(64, 64, 2), wk: r(64, 64, 3), wv: r(64, 64, 4), wo: r(64, 64, 5), heads: 8 };
  rows.push(await pair('attention', '(2048, 64, 8) float32', () => attention(input), () => attentionAsync(input), 9));
  for (const row of rows) {
    log(`async ${row.call} ${row.shape}: sync ${(row.sync * 1e3).toFixed(1)} ms, async ${(row.async * 1e3).toFixed(1)} ms ` +
      `(${(row.async / row.sync).toFixed(2)}×); longest event-loop gap ${row.gapMedian.toFixed(1)} ms median, ` +
      `${row.gapWorst.toFixed(1)} ms worst (idle loop ${row.idleGap.toFixed(1)} ms)`);
  }
  return rows;
}

/** The targets (issue 20): async ≤ 1.1× sync, the median longest gap ≤ 15 ms. */
export function asyncTargets(rows: AsyncRow[]): string[] {
  const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
  return rows.flatMap((row) => [
    `| ${row.call}Async ${row.shape} within 1.1× of ${row.call} | ${(row.async / row.sync).toFixed(2)}× | ${check(row.async <= 1.1 * row.sync)} |`,
    `| ${row.call}Async ${row.shape}: longest event-loop gap ≤ 15 ms (median of ${row.runs} calls) | ${row.gapMedian.toFixed(1)} ms | ${check(row.gapMedian <= 15)} |`,
  ]);
}

/** The RESULTS.md section. */
export function asyncSection(rows: AsyncRow[]): string[] {
  if (rows.length === 0) return [];
  const ms = (s: number) => (s * 1e3).toFixed(1);
  return ['', '## Async calls: time and event-loop gaps', '',
    'Sync and async calls interleaved, one warm-up each; a 1 ms interval ticks during each async call, and again over ' +
      'an idle wait of the same length (the gap an idle loop shows on this shared machine). Medians over the runs.', '',
    '| call | shape | runs | sync ms | async ms | async / sync | longest gap, median ms | worst ms | idle loop ms |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.call}Async | ${r.shape} | ${r.runs} | ${ms(r.sync)} | ${ms(r.async)} | ${(r.async / r.sync).toFixed(2)} | ` +
      `${r.gapMedian.toFixed(1)} | ${r.gapWorst.toFixed(1)} | ${r.idleGap.toFixed(1)} |`)];
}

if (require.main === module) {
  asyncSuite((line) => console.log(line)).catch((error: Error) => {
    console.error(error.stack);
    process.exitCode = 1;
  });
}
