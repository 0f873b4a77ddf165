/**
 * `attnsim simulate --n 8 --d 4 --heads 2 --seed 1 [--causal] [--attention softmax --coldness 50] [--json] [--report]`:
 * builds U, runs it on a seeded instance, and compares it with direct attention (float64) and the tfjs oracle;
 * --report prints the cost table instead.
 */
import { attention, buildSimulator, COST_FORMULAS, costTable, costTableMarkdown, Matrix, tfjsAttention } from '../index';
import { numberFlag, ParsedArgs } from './args';

/** Builds and runs the simulator; prints its cost and errors (one JSON object with --json). */
export async function simulateCommand(args: ParsedArgs): Promise<void> {
  const n = numberFlag(args, 'n', 8), d = numberFlag(args, 'd', 4), heads = numberFlag(args, 'heads', 2), seed = numberFlag(args, 'seed', 1);
  if (args.flags.has('report')) {
    console.log(`Cost of U and of its operations for n=${n}, d=${d}, heads=${heads} (attnsim, beside Dutta et al.'s figures):\n`);
    console.log(costTableMarkdown(costTable(n, d, heads)));
    console.log(`\nFor any shape, non-causal U has ${COST_FORMULAS}.`);
    return;
  }
  const causal = args.flags.has('causal'), mode = String(args.flags.get('attention') ?? 'hard') as 'hard' | 'softmax';
  const started = process.hrtime.bigint();
  const sim = buildSimulator({ seqLen: n, dModel: d, heads, causal, attention: mode, coldness: numberFlag(args, 'coldness', 100) });
  const r = (rows: number, cols: number, s: number) => Matrix.random(rows, cols, { seed: seed * 10 + s, min: -1, max: 1 });
  const input = { x: r(n, d, 1), wq: r(d, d, 2), wk: r(d, d, 3), wv: r(d, d, 4), wo: r(d, d, 5) };
  const simulated = sim.run(input);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const direct = attention({ ...input, heads, causal });
  const oracle = await tfjsAttention({ ...input, heads, causal });
  const errors = (ref: ArrayLike<number>) => {
    let abs = 0, rel = 0;
    for (let i = 0; i < ref.length; i++) {
      const e = Math.abs(simulated.data[i] - ref[i]);
      abs = Math.max(abs, e);
      rel = Math.max(rel, e / Math.max(1e-12, Math.abs(ref[i])));
    }
    return { abs, rel };
  };
  const vsDirect = errors(direct.data), vsTfjs = errors(oracle.output.flat());
  const c = sim.cost;
  if (args.flags.has('json')) {
    console.log(JSON.stringify({
      layers: c.layers, heads: c.headsPerLayer, residualWidth: c.residualWidth, tokens: c.tokens, pointwiseBlocks: c.pointwiseBlocks,
      maxAbsErrDirect: vsDirect.abs, maxRelErrDirect: vsDirect.rel, maxAbsErrTfjs: vsTfjs.abs, maxRelErrTfjs: vsTfjs.rel, tfjsBackend: oracle.backend, seconds,
    }));
    return;
  }
  console.log(`U for attention n=${n} d=${d} heads=${heads}${causal ? ' causal' : ''} (${mode} attention), seed ${seed}`);
  console.log(`cost: ${c.layers} layers, heads per layer [${c.headsPerLayer.join(', ')}], residual width ${c.residualWidth}, ${c.tokens} tokens, ${c.pointwiseBlocks} marked pointwise blocks`);
  console.log(`max error against direct attention (float64): abs ${vsDirect.abs.toExponential(2)}, rel ${vsDirect.rel.toExponential(2)}`);
  console.log(`max error against tfjs (${oracle.backend} backend, float32): abs ${vsTfjs.abs.toExponential(2)}, rel ${vsTfjs.rel.toExponential(2)}`);
  console.log(`built and run in ${seconds.toFixed(2)} s`);
  console.log('One stack of encoder layers, compiled from RASP, reproduced softmax(X·Wq·(X·Wk)ᵀ/√d)·X·Wv·Wo for this X and these weights;');
  console.log('the error against float64 attention is rounding only, and against tfjs it is float32 precision.');
}
