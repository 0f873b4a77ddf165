/**
 * Simulator suite: U (the structured executor) at three shapes against direct attention (native float64, plain-JS
 * loop) and the tfjs oracle; the dense executor where it fits; then the largest shape U runs in under 10 s.
 */
import { attention, buildSimulator, Matrix, setBackend, tfjsAttention, tfjsBackends, UniversalSimulator } from '../src/index';
import { measure } from './measure';

/** One simulated shape: U's build and run medians beside the peers'. */
export interface SimulatorRow {
  n: number;
  d: number;
  heads: number;
  tokens: number;
  layers: number;
  residualWidth: number;
  build: number;
  structured: number;
  dense: number | null;
  direct: number;
  plainJs: number;
  tfjs: number;
  tfjsBackend: string;
}

/** One step of the search for the largest shape: a single timed build and run. */
export interface LadderRow {
  n: number;
  d: number;
  heads: number;
  tokens: number;
  build: number;
  run: number;
  /** Why U could not be built at this shape. */
  refused?: string;
}

export const simulatorShapes: [number, number, number][] = [[16, 8, 2], [32, 16, 4], [64, 32, 4]];
/** Shapes (n, n/2, 4) tried in order until U's run takes 10 s or more, or U cannot be built. */
export const ladderSizes = [64, 96, 128];
/** The dense executor is O(T²) per head: it is timed only up to this many tokens. */
const DENSE_TOKENS = 4096;

function instance(n: number, d: number, seed: number) {
  const r = (rows: number, cols: number, s: number) => Matrix.random(rows, cols, { seed: seed + s, min: -1, max: 1 });
  return { x: r(n, d, 1), wq: r(d, d, 2), wk: r(d, d, 3), wv: r(d, d, 4), wo: r(d, d, 5) };
}

/** Times every shape of simulatorShapes, then walks ladderSizes. */
export async function simulatorSuite(log: (line: string) => void): Promise<{ rows: SimulatorRow[]; ladder: LadderRow[] }> {
  setBackend('native');
  const [tfjsBackend] = await tfjsBackends();
  const rows: SimulatorRow[] = [];
  for (const [n, d, heads] of simulatorShapes) {
    const input = instance(n, d, n), spec = { seqLen: n, dModel: d, heads };
    const build = (await measure(() => buildSimulator(spec), { maxTime: 5 })).median;
    const sim = buildSimulator(spec);
    const structured = (await measure(() => sim.run(input), { maxTime: 5 })).median;
    const dense = sim.cost.tokens <= DENSE_TOKENS ? (await measure(() => sim.run(input, { executor: 'dense' }), { maxTime: 5 })).median : null;
    const direct = (await measure(() => attention({ ...input, heads }))).median;
    setBackend('js');
    const plainJs = (await measure(() => attention({ ...input, heads }))).median;
    setBackend('native');
    const tfjs = (await measure(() => tfjsAttention({ ...input, heads }))).median;
    const { layers, residualWidth, tokens } = sim.cost;
    log(`simulator (${n}, ${d}, ${heads}): build ${(build * 1e3).toFixed(0)} ms, structured ${(structured * 1e3).toFixed(0)} ms, direct ${(direct * 1e6).toFixed(1)} µs`);
    rows.push({ n, d, heads, tokens, layers, residualWidth, build, structured, dense, direct, plainJs, tfjs, tfjsBackend });
  }
  return { rows, ladder: await ladderSuite(log) };
}

/** Builds and runs U once per ladder shape, stopping after the first run of 10 s or more. */
async function ladderSuite(log: (line: string) => void): Promise<LadderRow[]> {
  const ladder: LadderRow[] = [];
  for (const n of ladderSizes) {
    const d = n / 2, heads = 4, input = instance(n, d, 7);
    let start = process.hrtime.bigint(), sim: UniversalSimulator;
    try {
      sim = buildSimulator({ seqLen: n, dModel: d, heads });
    } catch (error) {
      log(`simulator ladder (${n}, ${d}, ${heads}): not built: ${(error as Error).message}`);
      ladder.push({ n, d, heads, tokens: 0, build: NaN, run: NaN, refused: (error as Error).message.split('\n')[0] });
      break;
    }
    const build = Number(process.hrtime.bigint() - start) / 1e9;
    start = process.hrtime.bigint();
    sim.run(input);
    const run = Number(process.hrtime.bigint() - start) / 1e9;
    log(`simulator ladder (${n}, ${d}, ${heads}): build ${build.toFixed(1)} s, run ${run.toFixed(1)} s`);
    ladder.push({ n, d, heads, tokens: sim.cost.tokens, build, run });
    if (run >= 10) break;
  }
  return ladder;
}
