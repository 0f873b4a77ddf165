/** `attnsim demo`: direct attention on a seeded instance, checked against the tfjs oracle. */
import { attention, backendInfo, Matrix, tfjsAttention } from '../index';
import { Command, CommandArgs, integerFlag, UsageError } from './command';
import { float32Tolerance, maxAbs } from './float32_tolerance';

const usage = `Usage: attnsim demo [--n 6] [--d 8] [--heads 2] [--seed 1] [--causal]

Computes multi-head attention directly on a seeded random instance and checks it against the
TensorFlow.js oracle (float32): the two agree when they differ by no more than float32 rounding explains
for this n, d and the outputs' scale. Exits 1 when they do not.

Options:
  --n N        sequence length, 1 to 4096 (default 6)
  --d D        model width, 1 to 4096 (default 8)
  --heads H    attention heads, dividing d (default 2)
  --seed S     seed of the random instance, an integer (default 1)
  --causal     causal attention (query i sees keys j ≤ i)
  -h, --help   print this help`;


/** `attnsim demo`. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'direct attention on a seeded random instance, checked against the tfjs oracle',
  usage,
  flags: {
    n: { type: 'string' }, d: { type: 'string' }, heads: { type: 'string' }, seed: { type: 'string' }, causal: { type: 'boolean' },
  },
  positionals: [],
  run: (args) => demo(args),
};

/** Runs the demo and prints the instance, both results and the largest difference. */
async function demo(args: CommandArgs): Promise<void> {
  const n = integerFlag(args, 'n', 6, { min: 1, max: 4096, usage }), d = integerFlag(args, 'd', 8, { min: 1, max: 4096, usage });
  const heads = integerFlag(args, 'heads', Math.min(2, d), { min: 1, max: d, usage });
  if (d % heads !== 0) throw new UsageError(`--heads (${heads}) must divide --d (${d})`, usage);
  const seed = integerFlag(args, 'seed', 1, { min: 0, max: 2 ** 31 - 1, usage }), causal = args.values.causal === true;
  const r = (rows: number, cols: number, s: number) => Matrix.random(rows, cols, { seed: seed * 10 + s });
  const input = { x: r(n, d, 1), wq: r(d, d, 2), wk: r(d, d, 3), wv: r(d, d, 4), heads, causal };
  const info = backendInfo();
  const direct = attention(input);
  const oracle = await tfjsAttention(input);
  let worst = 0;
  oracle.output.flat().forEach((v, i) => (worst = Math.max(worst, Math.abs(v - direct.data[i]))));
  console.log(`attention, n=${n} d=${d} heads=${heads}${causal ? ' causal' : ''}, seed ${seed}`);
  console.log(`attnsim (${info.native ? info.blas : 'pure-TypeScript fallback'}, float64), first rows:`);
  printRows(direct.toArray());
  console.log(`tfjs (${oracle.backend} backend, float32), first rows:`);
  printRows(oracle.output);
  const tolerance = float32Tolerance(n, d, maxAbs(direct.data));
  console.log(`max |attnsim − tfjs| = ${worst.toExponential(2)} (float32 rounding explains up to ${tolerance.toExponential(2)} here)`);
  if (!(worst <= tolerance)) {
    throw new Error(`attnsim and TensorFlow.js differ by ${worst.toExponential(2)}, more than float32 rounding explains (${tolerance.toExponential(2)})`);
  }
  console.log('The two agree to float32 precision: attnsim computes the same attention as TensorFlow.js.');
}

function printRows(rows: number[][]): void {
  for (const row of rows.slice(0, 3)) console.log('  ' + row.map((v) => v.toFixed(5).padStart(9)).join(' '));
  if (rows.length > 3) console.log(`  … ${rows.length - 3} more rows`);
}
