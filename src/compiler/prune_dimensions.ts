/**
 * prune_dimensions (an optimisation stage, after to_blocks): drops every residual dimension that no later block reads
 * and the model does not output — a one-hot value no selector row or column, no MLP unit and no copy ever looks at —
 * with the writes into it (a head's copies, an MLP unit's outputs; a unit left writing nothing goes too). Repeated
 * until nothing changes, since a dropped unit may leave its own inputs unread.
 */
import { DimLabel, valueKey } from '../encoder/residual';
import { bos, Context, one } from './blocks/context';
import { Blocks } from './stages';

const keys = new WeakMap<DimLabel, string>();

/** A label's text key, remembered per label object (a head's table repeats the same objects many times). */
function key(l: DimLabel): string {
  let k = keys.get(l);
  if (k === undefined) keys.set(l, (k = `${l.sop}\u0000${l.value === undefined ? '' : valueKey(l.value)}`));
  return k;
}

/**
 * The blocks without unread dimensions.
 * @param ctx the program (its output's dimensions are always kept).
 * @param blocks the blocks of to_blocks.
 * @returns the pruned blocks and labels (the input is not changed).
 */
export function pruneDimensions(ctx: Context, blocks: Blocks): Blocks {
  const fixed = new Set([one, bos, ...ctx.labels(ctx.graph.output)].map(key));
  for (const b of blocks.blocks) {
    if (b.kind === 'attention') {
      for (const e of b.qk) fixed.add(key(e.from)).add(key(e.to));
      for (const e of b.ov) fixed.add(key(e.from));
    }
    if (b.kind === 'pointwise') for (const l of [...b.inputs, b.output]) fixed.add(key(l));
  }
  let current = blocks;
  for (;;) {
    const read = new Set(fixed);
    for (const b of current.blocks) if (b.kind === 'mlp') for (const u of b.units) for (const [l] of u.input) read.add(key(l));
    const labels = current.labels.filter((l) => read.has(key(l)));
    if (labels.length === current.labels.length) return current;
    current = { labels, blocks: current.blocks.map((b) => {
      if (b.kind === 'attention') return { ...b, ov: b.ov.filter((e) => read.has(key(e.to))) };
      if (b.kind === 'mlp') {
        const units = b.units.map((u) => ({ ...u, output: u.output.filter(([l]) => read.has(key(l))) })).filter((u) => u.output.length > 0);
        return { ...b, units };
      }
      return b;
    }) };
  }
}
