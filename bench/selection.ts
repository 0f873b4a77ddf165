/**
 * Selection suite: a γ-smooth target over 10^6 points (batched GEMM path against the per-point loop, the loop timed
 * on 10^4 points and scaled), and the constructions' forward at N = 256, 1024, 4096. Runs alone:
 * `node dist/bench/selection.js`.
 */
import { Matrix, selection, smoothness } from '../src/index';

/** One timed case. */
export interface SelectionRow {
  case: string;
  seconds: number;
}

/** The median of three timed calls, in seconds. */
function time(fn: () => unknown): number {
  const runs = [0, 1, 2].map(() => {
    const start = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - start) / 1e9;
  });
  return runs.sort((a, b) => a - b)[1];
}

/** Times target evaluation and the constructions' forward. */
export function selectionSuite(log: (line: string) => void): SelectionRow[] {
  const rows: SelectionRow[] = [], add = (name: string, seconds: number) => {
    rows.push({ case: name, seconds });
    log(`selection ${name}: ${seconds.toFixed(3)} s`);
  };
  const f = smoothness.sampleTarget({ a: [1, 2, 4, 8], kind: 'anisotropic', T: 7, seed: 1 });
  const points = Matrix.random(1e6, 4, { seed: 2, min: 0 }), few = Matrix.random(1e4, 4, { seed: 3, min: 0 });
  add(`target (G = ${f.coefficients.length}) at 10^6 points, batched GEMM`, time(() => f.evaluate(points)));
  add('target at 10^6 points, per-point loop (10^4 timed, ×100)', 100 * time(() => f.evaluateDirect(few)));
  for (const N of [256, 1024, 4096]) {
    const x = Matrix.random(N, 2, { seed: N, min: 0 });
    const w = selection.buildWindowExtractor({ N, d: 2, offsets: [-2, 0, 3], positional: { sinusoidal: 8 }, coldness: 20 }).model;
    add(`window extractor forward N = ${N} (3 heads, sinusoidal K = 8)`, time(() => w.forwardVectors(x)));
    const s = selection.buildTopKSelector({ N, U: 4, k: 2, importance: [1, 0.5], margin: 0.05, coldness: 400 }).model;
    add(`top-2 selector forward N = ${N} (window 9)`, time(() => s.forwardVectors(x)));
  }
  for (const N of [16, 256, 4096]) {
    const w = selection.buildWindowExtractor({ N, d: 2, offsets: [-3, 0, 2], positional: { sinusoidal: 4 }, coldness: 20 });
    log(`selection window extractor N = ${N}: period ${w.period}, Δ ${w.gap.toFixed(4)}, ` +
      `${w.model.parameterCount} parameters, largest weight ${w.model.largestWeight}, bound ${w.bound.toExponential(2)}`);
  }
  return rows;
}

/** The suite's section of RESULTS.md. */
export function selectionSection(rows: SelectionRow[]): string[] {
  if (rows.length === 0) return [];
  return ['', '## Selection: target evaluation and the token-selecting constructions', '',
    'Median of three calls. The per-point loop is the definition Σ_l c_l ψ_l(x) one point at a time.', '',
    '| case | seconds |', '|---|---|', ...rows.map((r) => `| ${r.case} | ${r.seconds.toFixed(3)} |`)];
}

if (require.main === module) selectionSuite((line) => console.log(line));
