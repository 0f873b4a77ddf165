/** `attnsim select --target window|importance [--n 32] [--offsets -2,0,3] [--positional sin:6|onehot] [--u 4] [--k 2] [--margin 0.05] [--coldness 100] [--seed 1] [--svg out.svg]`. */
import * as fs from 'fs';
import { PositionalEncoding, selection } from '../index';
import { numberFlag, ParsedArgs } from './args';

/** Builds a construction on a seeded instance, prints its gap, bound and errors, and draws it. */
export async function selectCommand(args: ParsedArgs): Promise<void> {
  const target = args.flags.get('target');
  if (target !== 'window' && target !== 'importance') throw new Error('attnsim select needs --target window or --target importance');
  const offsets = args.flags.get('offsets'), positional = String(args.flags.get('positional') ?? 'sin:6');
  if (positional !== 'onehot' && !/^sin:\d+$/.test(positional)) throw new Error(`--positional expects onehot or sin:K but received '${positional}'`);
  const demo = selection.selectionDemo({
    target, N: numberFlag(args, 'n', 32), seed: numberFlag(args, 'seed', 1), coldness: numberFlag(args, 'coldness', 100),
    U: numberFlag(args, 'u', 4), k: numberFlag(args, 'k', 2), margin: numberFlag(args, 'margin', 0.05),
    offsets: typeof offsets === 'string' ? offsets.split(',').map(Number) : undefined,
    positional: (positional === 'onehot' ? 'onehot' : { sinusoidal: Number(positional.slice(4)) }) as PositionalEncoding,
  });
  const c = demo.construction;
  console.log(`${target}: gap Δ = ${c.gap.toPrecision(6)}, ${c.model.parameterCount} parameters, bound at c = ` +
    `${numberFlag(args, 'coldness', 100)}: ${c.bound.toExponential(3)}`);
  for (const r of demo.curve) console.log(`  c = ${r.coldness.toPrecision(4)}: worst error ${r.error.toExponential(3)}, bound ${r.bound.toExponential(3)}`);
  const svg = args.flags.get('svg');
  if (typeof svg === 'string') {
    fs.writeFileSync(svg, await selection.drawSelection(demo));
    console.log(`drawn to ${svg}`);
  }
}
