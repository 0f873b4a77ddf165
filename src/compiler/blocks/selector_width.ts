/**
 * Selector width (and length): a head where BOS is always selected puts weight 1/(w+1) on BOS and copies it to a
 * scratch dimension; an exact ReLU lookup turns 1/(w+1) back into w.
 */
import { SOp } from '../../rasp/dsl';
import { AttentionBlock, MlpBlock } from '../stages';
import { bos, Context } from './context';
import { lookupUnits } from './numerical_mlp';
import { selectorScores } from './scores';

/** The scratch dimension of a selector width. */
export function scratchLabel(ctx: Context, node: SOp): { sop: string } {
  return { sop: `${ctx.name(node)}:1/(w+1)` };
}

/** The head (in `layer`) and the MLP (in the same layer's feed-forward) of a selector width or length. */
export function selectorWidthBlocks(node: SOp, ctx: Context, layer: number): [AttentionBlock, MlpBlock] {
  const { qk } = selectorScores(ctx.graph.selectors.get(node)!, ctx, true), scratch = scratchLabel(ctx, node);
  const widths = ctx.set(node).map(Number).sort((a, b) => b - a);
  const units = lookupUnits([[scratch, 1]], widths.map((w) => 1 / (w + 1)), widths.map((w) => ctx.writes(node, w)));
  return [
    { kind: 'attention', label: ctx.name(node), layer, qk, ov: [{ from: bos, to: scratch, weight: 1 }] },
    { kind: 'mlp', label: ctx.name(node), layer, units },
  ];
}
