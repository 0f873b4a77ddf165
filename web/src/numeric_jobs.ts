/** The worker's numeric jobs: the universal simulator against direct attention, a token-selecting construction, rate plots. */
import {
  attention, buildSimulator, costTable, estimation, ProgressCallback, seededAttentionInstance, selection,
} from 'attnsim';
import { RatesResult, SelectRequest, SelectResult, SimulateRequest, SimulateResult } from './protocol';

/** Builds U for the shape, its cost table, and its largest errors against float64 attention on the seeded instance. */
export function simulateJob(r: SimulateRequest, onProgress: ProgressCallback): SimulateResult {
  const sim = buildSimulator({
    seqLen: r.n, dModel: r.d, heads: r.heads, causal: r.causal, attention: r.mode, onProgress,
    ...(r.mode === 'softmax' ? { coldness: r.coldness } : {}),
  });
  const input = seededAttentionInstance(r.n, r.d, r.seed);
  const simulated = sim.run(input, { onProgress }), direct = attention({ ...input, heads: r.heads, causal: r.causal });
  let maxAbsError = 0, maxRelError = 0;
  direct.data.forEach((ref, i) => {
    const e = Math.abs(simulated.data[i] - ref);
    maxAbsError = Math.max(maxAbsError, e);
    maxRelError = Math.max(maxRelError, e / Math.max(1e-12, Math.abs(ref)));
  });
  onProgress({ stage: 'cost table', done: 0, total: 1 });
  const table = costTable(r.n, r.d, r.heads).map((row) => ({
    operation: row.operation, shape: row.shape, layers: row.cost.layers, residualWidth: row.cost.residualWidth,
    tokens: row.cost.tokens, paper: row.paper,
  }));
  return { cost: sim.cost, table, maxAbsError, maxRelError };
}

/** The construction at the request's coldness: its gap, size, measured error and bound, and its picture. */
export async function selectJob(r: SelectRequest): Promise<SelectResult> {
  const demo = selection.selectionDemo({ target: r.target, N: r.N, seed: r.seed, coldness: r.coldness });
  const c = demo.construction;
  return {
    gap: c.gap, parameters: c.model.parameterCount, coldness: r.coldness, error: demo.error, bound: c.bound,
    curve: demo.curve, svg: await selection.drawSelection(demo),
  };
}

/** What a file must hold to be plotted: the fields of `attnsim rate --json` that plotRates reads. */
function readRateFile(text: string, file: string): estimation.RateExperimentResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message}); drop the output of attnsim rate --json`);
  }
  const d = data as Partial<estimation.RateExperimentResult>;
  const ok = typeof d === 'object' && d !== null && Array.isArray(d.points) && typeof d.theory?.slope === 'number'
    && typeof d.slopes === 'object' && d.slopes !== null
    && d.points.every((p) => typeof p?.n === 'number' && typeof p?.risk === 'number' && typeof p?.estimator === 'string');
  if (!ok) throw new Error(`${file}: expected the output of attnsim rate --json (points with n, risk and estimator; theory; slopes)`);
  return d as estimation.RateExperimentResult;
}

/** The log-log rate plot of a dropped `attnsim rate --json` file, with its fitted and theoretical slopes. */
export async function ratesJob(text: string, file: string): Promise<RatesResult> {
  const result = readRateFile(text, file);
  const slopes = Object.fromEntries(Object.entries(result.slopes).map(([name, fit]) => [name, fit.slope]));
  return { svg: await estimation.plotRates(result), slopes, theory: result.theory.slope };
}
