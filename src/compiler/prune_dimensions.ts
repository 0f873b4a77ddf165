/**
 * prune_dimensions (an optimisation stage, after to_blocks): drops every residual dimension that no later block reads
 * and the model does not output — a one-hot value no selector row or column, no MLP unit and no copy ever looks at —
 * with the writes into it (a head's copies, an MLP unit's outputs; a unit left writing nothing goes too). Repeated
 * until nothing changes, since a dropped unit may leave its own inputs unread.
 */
import { DimLabel, valueKey } from '../encoder/residual';
import { bos, Context, one } from './blocks/context';
import { Blocks } from './stages';

const key = (l: DimLabel) => `${l.sop}\u0000${l.value === undefined ? '' : valueKey(l.value)}`;

/**
 * The blocks without unread dimensions.
 * @param ctx the program (its output's dimensions are always kept).
 * @param blocks the blocks of to_blocks.
 * @returns the pruned blocks and labels (the input is not changed).
 */
export function pruneDimensions(ctx: Context, blocks: Blocks): Blocks {
  const kept = new Set([one, bos, ...ctx.labels(ctx.graph.output)].map(key));
  let current = blocks;
  for (;;) {
    const read = new Set(kept);
    for (const b of current.blocks) {
      if (b.kind === 'attention') for (const e of [...b.qk.flatMap((x) => [x.from, x.to]), ...b.ov.map((x) => x.from)]) read.add(key(e));
      if (b.kind === 'mlp') for (const u of b.units) for (const [l] of u.input) read.add(key(l));
      if (b.kind === 'pointwise') for (const l of [...b.inputs, b.output]) read.add(key(l));
    }
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
