/**
 * `attnsim simulate`: builds U for a shape, runs it on a seeded instance and compares it with direct attention
 * (float64) and the tfjs oracle; `--report` prints the cost table instead.
 */
import {
  attention, buildSimulator, COST_FORMULAS, costTable, costTableMarkdown, CostRow, seededAttentionInstance, tfjsAttention,
  UniversalSimulator,
} from '../index';
import { choiceFlag, Command, CommandArgs, integerFlag, positiveFlag, UsageError } from './command';
import { float32Tolerance, maxAbs } from './float32_tolerance';
import { ProgressBar, progressBar } from './progress_bar';

/** The largest --coldness: the seeded instance's scores times it stay finite in float64 (a run above it would overflow). */
const MAX_COLDNESS = 1e100;

const usage = `Usage: attnsim simulate [--n 8] [--d 4] [--heads 2] [--seed 1] [--causal]
                        [--attention hard|softmax] [--coldness 100] [--json] [--report]

Builds the universal simulator U (one stack of encoder layers compiled from RASP) for attention with
sequence length n, model width d and the given heads, runs it on a seeded random instance, and prints
its size and its error against float64 attention and the TensorFlow.js oracle.

Options:
  --n N              sequence length, 1 to 4096 (default 8)
  --d D              model width, 1 to 4096 (default 4)
  --heads H          attention heads, dividing d (default 2)
  --seed S           seed of the random instance, an integer (default 1)
  --causal           causal attention (query i sees keys j ≤ i)
  --attention MODE   hard (default): U's heads select exactly; softmax: U's heads are softmax at --coldness
  --coldness C       softmax heads' coldness, a positive number up to 1e100 (default 100); only with --attention softmax
  --json             print one JSON object (the parameters, U's size and the errors)
  --report           print U's cost and its operations' cost beside the paper's figures, and run nothing
  -h, --help         print this help`;

/** The parameters of one run, as read from the command line. */
interface SimulateParams {
  n: number;
  d: number;
  heads: number;
  seed: number;
  causal: boolean;
  mode: 'hard' | 'softmax';
  coldness: number | null;
}

/** `attnsim simulate`. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'build the universal simulator U, run it, compare with direct attention and the tfjs oracle',
  usage,
  flags: {
    n: { type: 'string' }, d: { type: 'string' }, heads: { type: 'string' }, seed: { type: 'string' },
    causal: { type: 'boolean' }, attention: { type: 'string' }, coldness: { type: 'string' },
    json: { type: 'boolean' }, report: { type: 'boolean' },
  },
  positionals: [],
  terms: { 'buildSimulator: ': '', seqLen: '--n', dModel: '--d' },
  run: async (args) => {
    const p = readParams(args);
    if (args.values.report === true) return report(p, args.values.json === true);
    const bar = progressBar();
    try {
      const started = process.hrtime.bigint();
      const sim = buildSimulator({
        seqLen: p.n, dModel: p.d, heads: p.heads, causal: p.causal, attention: p.mode, onProgress: bar.onProgress,
        ...(p.coldness === null ? {} : { coldness: p.coldness }),
      });
      await compare(p, sim, Number(process.hrtime.bigint() - started) / 1e9, args.values.json === true, bar);
    } finally {
      bar.stop();
    }
  },
};

function readParams(args: CommandArgs): SimulateParams {
  const n = integerFlag(args, 'n', 8, { min: 1, max: 4096, usage }), d = integerFlag(args, 'd', 4, { min: 1, max: 4096, usage });
  const heads = integerFlag(args, 'heads', Math.min(2, d), { min: 1, max: d, usage });
  if (d % heads !== 0) throw new UsageError(`--heads (${heads}) must divide --d (${d})`, usage);
  const seed = integerFlag(args, 'seed', 1, { min: 0, max: 2 ** 31 - 1, usage });
  const mode = choiceFlag(args, 'attention', ['hard', 'softmax'] as const, usage);
  if (args.values.coldness !== undefined && mode !== 'softmax') throw new UsageError('--coldness needs --attention softmax', usage);
  const coldness = mode === 'softmax' ? positiveFlag(args, 'coldness', 100, usage, MAX_COLDNESS) : null;
  return { n, d, heads, seed, causal: args.values.causal === true, mode, coldness };
}

/** Runs U on the seeded instance and prints its errors against direct attention and tfjs (one JSON object with --json). */
async function compare(
  p: SimulateParams, sim: UniversalSimulator, buildSeconds: number, json: boolean, bar: ProgressBar,
): Promise<void> {
  const input = seededAttentionInstance(p.n, p.d, p.seed);
  const started = process.hrtime.bigint();
  const simulated = sim.run(input, { onProgress: bar.onProgress });
  const runSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  bar.stop();
  const direct = attention({ ...input, heads: p.heads, causal: p.causal });
  const oracle = await tfjsAttention({ ...input, heads: p.heads, causal: p.causal });
  const vsDirect = maxErrors(simulated.data, direct.data), vsTfjs = maxErrors(simulated.data, oracle.output.flat());
  const c = sim.cost;
  if (json) {
    console.log(JSON.stringify({
      ...p, dHead: p.d / p.heads, layers: c.layers, headsPerLayer: c.headsPerLayer, residualWidth: c.residualWidth, tokens: c.tokens,
      pointwiseBlocks: c.pointwiseBlocks, maxAbsErrDirect: vsDirect.abs, maxRelErrDirect: vsDirect.rel, maxAbsErrTfjs: vsTfjs.abs,
      maxRelErrTfjs: vsTfjs.rel, tfjsBackend: oracle.backend, buildSeconds, runSeconds,
    }));
    disagreement(p, vsDirect.abs, vsTfjs.abs, float32Tolerance(p.n, p.d, maxAbs(direct.data)));
    return;
  }
  const mode = p.mode === 'hard' ? 'hard attention heads' : `softmax heads at coldness ${p.coldness}`;
  console.log(`U for attention n=${p.n} d=${p.d} heads=${p.heads}${p.causal ? ' causal' : ''} (${mode}), seed ${p.seed}`);
  console.log(`cost: ${c.layers} layers, heads per layer [${c.headsPerLayer.join(', ')}], residual width ${c.residualWidth}, ` +
    `${c.tokens} tokens, ${c.pointwiseBlocks} marked pointwise blocks`);
  console.log(`max error against direct attention (float64): abs ${vsDirect.abs.toExponential(2)}, ` +
    `rel ${vsDirect.rel.toExponential(2)}`);
  console.log(`max error against tfjs (${oracle.backend} backend, float32): abs ${vsTfjs.abs.toExponential(2)}, ` +
    `rel ${vsTfjs.rel.toExponential(2)}`);
  console.log(`built in ${buildSeconds.toFixed(2)} s, run in ${runSeconds.toFixed(2)} s`);
  const tolerance = float32Tolerance(p.n, p.d, maxAbs(direct.data));
  console.log(conclusion(p, vsDirect.abs, vsTfjs.abs, tolerance));
  disagreement(p, vsDirect.abs, vsTfjs.abs, tolerance);
}

/** Exit 1 (an error after the report) when U misses where it should be exact, or U and tfjs differ beyond float32 rounding. */
function disagreement(p: SimulateParams, errDirect: number, errTfjs: number, tolerance: number): void {
  if (p.mode === 'hard' && !(errDirect <= ROUNDING)) {
    throw new Error(`U with hard attention differs from float64 attention by ${errDirect.toExponential(2)}, more than rounding (${ROUNDING})`);
  }
  if (errDirect <= ROUNDING && !(errTfjs <= tolerance)) {
    throw new Error(`U and TensorFlow.js differ by ${errTfjs.toExponential(2)}, more than float32 rounding explains (${tolerance.toExponential(2)})`);
  }
}

/** Rounding-level agreement with float64 attention: anything larger is reported as an error, not as exactness. */
const ROUNDING = 1e-9;

/** What the run showed, in words that hold for it: exact up to rounding, or off by the error it measured. */
function conclusion(p: SimulateParams, errDirect: number, errTfjs: number, tolerance: number): string {
  const scores = p.causal ? 'softmax(mask(S_h))' : 'softmax(S_h)';
  const formula = `  attention(X) = concat_h(${scores}·X·Wv_h)·Wo,  S_h = X·Wq_h·(X·Wk_h)ᵀ/√dHead,  ` +
    `dHead = d/heads = ${p.d / p.heads}` +
    (p.causal ? ',\n  mask: query i sees keys j ≤ i' : '');
  const exact = errDirect <= ROUNDING;
  const head = `U, one stack of encoder layers compiled from RASP, ${exact ? 'computed' : 'approximated'} attention ` +
    'for this X and these weights:';
  if (exact) {
    const tfjs = errTfjs <= tolerance ? `float32 rounding (≤ ${tolerance.toExponential(1)} here)`
      : `${errTfjs.toExponential(2)}, more than float32 rounding explains (${tolerance.toExponential(1)})`;
    return `${head}\n${formula}\nIts error against float64 attention is rounding only (≤ ${ROUNDING}); against tfjs it is ${tfjs}.`;
  }
  const why = p.mode === 'softmax'
    ? `its softmax heads at coldness ${p.coldness} only approximate hard selection (raise --coldness to shrink the error)`
    : 'more than rounding';
  return `${head}\n${formula}\nIts output is off by up to ${errDirect.toExponential(2)} from float64 attention: ${why}.`;
}

/** The largest absolute and relative differences between the simulated output and a reference. */
function maxErrors(simulated: ArrayLike<number>, ref: ArrayLike<number>): { abs: number; rel: number } {
  let abs = 0, rel = 0;
  for (let i = 0; i < ref.length; i++) {
    const e = Math.abs(simulated[i] - ref[i]);
    abs = Math.max(abs, e);
    rel = Math.max(rel, e / Math.max(1e-12, Math.abs(ref[i])));
  }
  return { abs, rel };
}

/** The cost table of U and of its operations (U built causal with --causal), as markdown or JSON. */
function report(p: SimulateParams, json: boolean): void {
  const causalU = () => buildSimulator({ seqLen: p.n, dModel: p.d, heads: p.heads, causal: true }).cost;
  const rows = costTable(p.n, p.d, p.heads).map((row): CostRow => (p.causal && row.operation === 'attention (U)'
    ? { ...row, shape: `${row.shape}, causal`, cost: causalU() } : row));
  const formulas = `non-causal U has ${COST_FORMULAS}; causal U adds one layer and two residual dimensions`;
  if (json) {
    console.log(JSON.stringify({ n: p.n, d: p.d, heads: p.heads, causal: p.causal, rows, formulas }));
    return;
  }
  console.log(`Cost of U${p.causal ? ' (causal)' : ''} and of its operations for n=${p.n}, d=${p.d}, heads=${p.heads} ` +
    '(attnsim, beside Dutta et al.\'s figures):\n');
  console.log(costTableMarkdown(rows));
  console.log(`\nFor any shape, ${formulas}.`);
}
