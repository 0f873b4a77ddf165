/**
 * Simulator suite: U (the structured executor) at three shapes against direct attention (native float64, plain-JS
 * loop) and the tfjs oracle; the dense executor where it fits; then (n, n/2, 8) up to the target (128, 64, 8) and
 * 2-layer encoders, each in a fresh process (build, run, peak memory per token); and the event loop during async work.
 * `node dist/bench/simulator.js` runs this suite alone and prints its section of RESULTS.md.
 */
import { probe } from './async';
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { attention, buildSimulator, buildSimulatorAsync, Matrix, setBackend, tfjsAttention, tfjsBackends, UniversalSimulator } from '../src/index';
import { measure } from './measure';
import { simulatorSection } from './results';

const loadBefore = os.loadavg();

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

/** One shape built and run once in a fresh process: times and the process's peak resident memory. */
export interface LadderRow {
  n: number;
  d: number;
  heads: number;
  /** 0: one attention; L ≥ 1: an L-layer encoder (FFN width 2d, pre-LN). */
  layers: number;
  tokens: number;
  build: number;
  run: number;
  /** CPU seconds of the whole child process (user + system): less inflated by a loaded machine than wall time. */
  cpu: number;
  /** The peak resident memory above a process that only loaded attnsim, per token of the stack. */
  bytesPerToken: number;
  /** Why U could not be built at this shape. */
  refused?: string;
}

/** The event loop's longest stall (ms) while buildSimulatorAsync and runAsync work in the worker thread. */
export interface StallRow {
  n: number;
  d: number;
  heads: number;
  build: number;
  run: number;
}

/** Everything the simulator suite measured. */
export interface SimulatorResults {
  rows: SimulatorRow[];
  ladder: LadderRow[];
  encoder: LadderRow[];
  /** Absent when the suite did not run. */
  stall?: StallRow;
}

export const simulatorShapes: [number, number, number][] = [[16, 8, 2], [32, 16, 4], [64, 32, 4]];
/**
 * Shapes (n, n/2, 8) built and run once each, in order, up to (128, 64, 8) (the issue's target of 10 s for build plus
 * run) and beyond until one takes 10 s or more.
 */
export const ladderSizes = [64, 96, 128, 192, 256];
/** 2-layer encoders (n, d, heads), built and run once each. */
export const encoderShapes: [number, number, number][] = [[8, 4, 2], [16, 8, 2], [32, 16, 4]];
/** The dense executor is O(T²) per head: it is timed only up to this many tokens. */
const DENSE_TOKENS = 2048;

function instance(n: number, d: number, seed: number) {
  const r = (rows: number, cols: number, s: number) => Matrix.random(rows, cols, { seed: seed + s, min: -1, max: 1 });
  return { x: r(n, d, 1), wq: r(d, d, 2), wk: r(d, d, 3), wv: r(d, d, 4), wo: r(d, d, 5) };
}

/** Times every shape of simulatorShapes, the ladder, the 2-layer encoders and the event loop during async work. */
export async function simulatorSuite(log: (line: string) => void): Promise<SimulatorResults> {
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
  const ladder: LadderRow[] = [];
  for (const n of ladderSizes) {
    const row = shapeInChild(n, n / 2, 8, 0, log);
    ladder.push(row);
    if (n >= 128 && !(row.build + row.run < 10)) break;
  }
  const encoder = encoderShapes.map(([n, d, heads]) => shapeInChild(n, d, heads, 2, log));
  return { rows, ladder, encoder, stall: await stallSuite(32, 16, 4, log) };
}

/** Builds and runs one shape in a fresh process (so that its peak memory is its own). */
function shapeInChild(n: number, d: number, heads: number, layers: number, log: (line: string) => void): LadderRow {
  const script = path.join(__dirname, 'simulator_shape.js');
  const run = (args: number[]) => {
    const child = spawnSync(process.execPath, [script, ...args.map(String)], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr.split('\n').find((l) => l.includes('Error')) ?? `exit ${child.status}`);
    return JSON.parse(child.stdout) as { build: number; run: number; tokens: number; cpu: number; peakBytes: number };
  };
  try {
    const base = run([0]), r = run([n, d, heads, layers]);
    const row = { n, d, heads, layers, tokens: r.tokens, build: r.build, run: r.run, cpu: r.cpu, bytesPerToken: (r.peakBytes - base.peakBytes) / r.tokens };
    log(`simulator (${n}, ${d}, ${heads})${layers ? `, ${layers}-layer encoder` : ''}: build ${row.build.toFixed(1)} s, run ${row.run.toFixed(1)} s, ` +
      `${row.bytesPerToken.toFixed(0)} bytes per token`);
    return row;
  } catch (error) {
    log(`simulator (${n}, ${d}, ${heads}): not built: ${(error as Error).message}`);
    return { n, d, heads, layers, tokens: 0, build: NaN, run: NaN, cpu: NaN, bytesPerToken: NaN, refused: (error as Error).message };
  }
}

/** The longest gap between ticks of a 1 ms interval while buildSimulatorAsync, then runAsync, work. */
async function stallSuite(n: number, d: number, heads: number, log: (line: string) => void): Promise<StallRow> {
  const longestGap = async (work: () => Promise<unknown>) => (await probe(work)).gap;
  let sim: UniversalSimulator | undefined;
  const build = await longestGap(async () => { sim = await buildSimulatorAsync({ seqLen: n, dModel: d, heads }); });
  const run = await longestGap(() => sim!.runAsync(instance(n, d, 3)));
  log(`simulator async (${n}, ${d}, ${heads}): longest event-loop stall ${build.toFixed(1)} ms (build), ${run.toFixed(1)} ms (run)`);
  return { n, d, heads, build, run };
}

if (require.main === module) {
  simulatorSuite((line) => console.error(line)).then((r) => {
    console.log([`Load average before: ${loadBefore.map((l) => l.toFixed(2)).join(', ')}; after: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`,
      ...simulatorSection({ ...r, simulator: r.rows })].join('\n'));
  }).catch((error: Error) => {
    console.error(error.stack);
    process.exitCode = 1;
  });
}
