/**
 * Soft-attention suite: the hard stacks run with softmax heads at coldness c, for U and for a compiled RASP program;
 * the weight each head puts off its hard selection, the bound (m−1)·e^(−cΔ) beside it, and the output's error.
 */
import { buildSimulator, compile, Matrix, rasp, softError, SoftErrorReport } from '../src/index';

/** One model's measurements. */
export interface SoftErrorRow {
  model: string;
  file: string;
  report: SoftErrorReport;
}

export const coldnessValues = [1, 2, 5, 10, 20, 50, 100, 200];

/** Measures U at (4, 4, 2) and makeFracPrevs compiled at maxSeqLen 8. */
export function softErrorSuite(log: (line: string) => void): SoftErrorRow[] {
  const r = (rows: number, cols: number, seed: number) => Matrix.random(rows, cols, { seed, min: -1, max: 1 });
  const sim = buildSimulator({ seqLen: 4, dModel: 4, heads: 2 });
  const u = sim.softError({ x: r(4, 4, 1), wq: r(4, 4, 2), wk: r(4, 4, 3), wv: r(4, 4, 4), wo: r(4, 4, 5) }, coldnessValues);
  const isA = rasp.numerical(rasp.map((t) => (t === 'a' ? 1 : 0), rasp.tokens).named('is_a'));
  const fracPrevs = compile(rasp.lib.makeFracPrevs(isA), { vocab: 'ab', maxSeqLen: 8 });
  const rows = [
    { model: 'U (n, d, heads) = (4, 4, 2)', file: 'soft_error_simulator.svg', report: u },
    { model: 'makeFracPrevs on "abaabbab"', file: 'soft_error_compiler.svg', report: softError(fracPrevs, [...'abaabbab'], coldnessValues) },
  ];
  for (const row of rows) log(`soft error ${row.model}: m = ${row.report.keys}, Δ = ${row.report.gap}`);
  return rows;
}
