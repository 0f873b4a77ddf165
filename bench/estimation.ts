/**
 * Estimation suite: measured convergence rates beside the theory (Takakura & Suzuki 2023). On a window target the
 * transformer, the MLP on the flattened window and the sieve told the offsets, over five doublings of n; then the
 * MLP's risk as the window grows, with the transformer's beside it. Slopes, not times: load does not change them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { estimation } from '../src/index';

/** One estimator's fitted slope on the window target. */
export interface RateRow {
  estimator: string;
  slope: number;
  ci: [number, number];
  theory: number;
  seconds: number;
}

/** The risks at one window radius U (offsets −1 and U), one n. */
export interface WindowRow {
  U: number;
  n: number;
  transformer: number;
  mlp: number;
}

/**
 * The window target of the rate measurement: d = 1, offsets −2 and 1, anisotropic a = (1, 2), T = 8 (3,825 basis
 * functions: no n here reaches them all, so the rate is the nonparametric one), σ = 0.2, N = 8.
 */
const rateTarget: estimation.RateTarget = {
  kind: 'anisotropic', a: [1, 2], T: 8, noise: 0.2, seed: 11, window: { N: 8, d: 1, offsets: [-2, 1] },
};
const rateNs = [64, 128, 256, 512, 1024];
const dir = path.resolve(__dirname, '..', '..', 'bench');

/** Runs the suite, writes bench/estimation_rates.svg, and returns the slopes and the window rows. */
export async function estimationSuite(log: (line: string) => void): Promise<{ rates: RateRow[]; importance: RateRow[]; windows: WindowRow[] }> {
  const started = Date.now();
  const result = await estimation.rateExperiment({
    target: rateTarget, ns: rateNs, reps: 2, estimators: ['sieve', 'transformer', 'mlp'], jobs: 2,
    onProgress: (e) => e.done === e.total && log(`estimation: ${e.done} trials`),
  });
  fs.writeFileSync(path.join(dir, 'estimation_rates.svg'), await estimation.plotRates(result));
  const rates = Object.entries(result.slopes).map(([estimator, fit]) => ({
    estimator, slope: fit.slope, ci: fit.ci, theory: result.theory.slope,
    seconds: result.points.filter((p) => p.estimator === estimator).reduce((s, p) => s + p.seconds, 0),
  }));
  for (const r of rates) log(`estimation: ${r.estimator} slope ${r.slope.toFixed(3)} (theory ${r.theory.toFixed(3)})`);
  const importance = await importanceRates(log);
  const windows: WindowRow[] = [];
  for (const U of [1, 3, 6]) {
    const target = { ...rateTarget, window: { N: 16, d: 1, offsets: [-1, U] } };
    const r = await estimation.rateExperiment({ target, ns: [512, 512], reps: 1, estimators: ['transformer', 'mlp'], jobs: 2 });
    const risk = (name: string) => r.points.filter((p) => p.estimator === name).reduce((s, p) => s + p.risk, 0) / 2;
    windows.push({ U, n: 512, transformer: risk('transformer'), mlp: risk('mlp') });
    log(`estimation: U = ${U}: transformer ${risk('transformer').toExponential(2)}, mlp ${risk('mlp').toExponential(2)}`);
  }
  log(`estimation: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { rates, importance, windows };
}

/** The same doublings on an importance target: which two tokens matter changes with the input. */
async function importanceRates(log: (line: string) => void): Promise<RateRow[]> {
  const target: estimation.RateTarget = { ...rateTarget, window: undefined, importance: { N: 8, d: 1, U: 2, k: 2, w: [1] } };
  const result = await estimation.rateExperiment({ target, ns: rateNs, reps: 2, estimators: ['transformer', 'mlp'], jobs: 2 });
  return Object.entries(result.slopes).map(([estimator, fit]) => {
    log(`estimation (importance): ${estimator} slope ${fit.slope.toFixed(3)}`);
    return { estimator, slope: fit.slope, ci: fit.ci, theory: result.theory.slope,
      seconds: result.points.filter((p) => p.estimator === estimator).reduce((s, p) => s + p.seconds, 0) };
  });
}

/** The suite's section of RESULTS.md. */
export function estimationMarkdown(r: { rates: RateRow[]; importance: RateRow[]; windows: WindowRow[] }): string {
  const table = (rows: RateRow[]) => rows.map((x) => `| ${x.estimator} | ${x.slope.toFixed(3)} | ${x.ci[0].toFixed(3)} … ` +
    `${x.ci[1].toFixed(3)} | ${x.theory.toFixed(3)} | ${x.seconds.toFixed(0)} |`);
  return [
    '## Estimation: convergence rates (Takakura & Suzuki 2023)', '',
    `Window target: d = 1, offsets −2 and 1, anisotropic a = (1, 2), T = 8, σ = 0.2, N = 8; n = ${rateNs.join(', ')} sequences,`,
    '2 repetitions each; risk is ‖f̂ − f‖² (sieve, exact) or the mean (F̂ − F)² over 128 fresh sequences (trained estimators).',
    'The expectation for the transformer is a slope in [−1, −0.25]. Plot: `bench/estimation_rates.svg`.', '',
    '| estimator | slope | 95 % interval | theory | seconds (all trials) |', '|---|---|---|---|---|',
    ...table(r.rates),
    '', 'The same on an importance target (in each window t−2 … t+2 the two tokens of largest value, then f of them):', '',
    '| estimator | slope | 95 % interval | theory | seconds (all trials) |', '|---|---|---|---|---|', ...table(r.importance),
    '', 'As the window grows (offsets −1 and U, N = 16, n = 512 sequences), the MLP reads 2U + 1 tokens while the transformer',
    'picks two:', '', '| U | transformer risk | MLP risk |', '|---|---|---|',
    ...r.windows.map((w) => `| ${w.U} | ${w.transformer.toExponential(2)} | ${w.mlp.toExponential(2)} |`), '',
  ].join('\n');
}

if (require.main === module) {
  estimationSuite(console.log).then((r) => console.log(`\n${estimationMarkdown(r)}`)).catch((error: Error) => {
    console.error(error.stack);
    process.exitCode = 1;
  });
}
