/**
 * One simulator shape in a fresh process (`node dist/bench/simulator_shape.js n d heads [layers]`): builds U, runs it
 * once and prints { build, run, tokens, cpu, peakBytes } as JSON: seconds of wall time, the process's CPU seconds
 * (user + system, all threads; less sensitive to a loaded machine) and its largest resident size.
 * With n = 0 it only loads attnsim (the baseline the bench subtracts).
 */
import { buildSimulator, Matrix } from '../src/index';

function main(): void {
  const [n, d, heads, layers] = process.argv.slice(2).map(Number);
  if (n === 0) return report({ build: 0, run: 0, tokens: 0 });
  const r = (rows: number, cols: number, s: number) => Matrix.random(rows, cols, { seed: s, min: -1, max: 1 });
  let start = process.hrtime.bigint();
  const sim = buildSimulator({ seqLen: n, dModel: d, heads, layers: layers || 0, ffnHidden: 2 * d });
  const build = Number(process.hrtime.bigint() - start) / 1e9;
  const input = layers ? { x: r(n, d, 1), layers: Array.from({ length: layers }, (_, l) => encoderLayer(d, 10 * l, r)) }
    : { x: r(n, d, 1), wq: r(d, d, 2), wk: r(d, d, 3), wv: r(d, d, 4), wo: r(d, d, 5) };
  start = process.hrtime.bigint();
  sim.run(input);
  report({ build, run: Number(process.hrtime.bigint() - start) / 1e9, tokens: sim.cost.tokens });
}

function encoderLayer(d: number, s: number, r: (rows: number, cols: number, seed: number) => Matrix) {
  return { wq: r(d, d, s + 1), wk: r(d, d, s + 2), wv: r(d, d, s + 3), wo: r(d, d, s + 4), w1: r(d, 2 * d, s + 5), b1: r(1, 2 * d, s + 6),
    w2: r(2 * d, d, s + 7), b2: r(1, d, s + 8) };
}

function report(times: { build: number; run: number; tokens: number }): void {
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ ...times, cpu: (cpu.user + cpu.system) / 1e6, peakBytes: process.resourceUsage().maxRSS * 1024 }));
}

main();
