/** to_blocks: every s-op as attention, MLP or marked blocks over labelled residual dimensions, in its layer. */
import { DimLabel } from '../encoder/residual';
import { AggregateSOp, MapSOp, SOp } from '../rasp/dsl';
import { Value } from '../rasp/values';
import { aggregateBlock } from './blocks/categorical_attn';
import { tableUnits } from './blocks/categorical_mlp';
import { bos, Context, one } from './blocks/context';
import { approximation } from './blocks/real_ffn';
import { gatedUnits } from './blocks/gated_mlp';
import { formUnits, lookupUnits } from './blocks/numerical_mlp';
import { scratchLabel, selectorWidthBlocks } from './blocks/selector_width';
import { Allocation, Blocks, MlpBlock, PointwiseSpec, Values } from './stages';

/**
 * How a map is built: a lookup table of one-hot inputs, a ReLU form, a lookup on a finite numerical input, staircases
 * on one finite numerical input gated by the one-hot others, or a marked block.
 */
export type MapStrategy = 'table' | 'form' | 'lookup' | 'gated' | 'pointwise';

/**
 * The strategy for a map with the given (lowered) inputs. A ReLU form writes a scalar, so a one-hot map with a form
 * (`rasp.categorical(rasp.relu(x))`) is a lookup or gated staircase on its finite values instead.
 */
export function mapStrategy(node: MapSOp, inputs: SOp[], values: Values): MapStrategy {
  if (inputs.every((s) => values.encodings.get(s) === 'categorical')) return 'table';
  const form = node.options.form !== undefined;
  if (form && values.encodings.get(node) === 'numerical') return 'form';
  if (inputs.length === 1 && node.options.pointwise === undefined && values.sets.get(inputs[0]) !== null) return 'lookup';
  if (gatedInput(node, inputs, values) >= 0) return 'gated';
  return form ? 'form' : 'pointwise';
}

/** The index of the one numerical input of a map whose other inputs are one-hot, all with finite values; else −1. */
export function gatedInput(node: MapSOp, inputs: SOp[], values: Values): number {
  if (node.options.pointwise !== undefined || inputs.some((s) => values.sets.get(s) === null)) return -1;
  const numerical = inputs.map((s, i) => (values.encodings.get(s) === 'numerical' ? i : -1)).filter((i) => i >= 0);
  return numerical.length === 1 ? numerical[0] : -1;
}

/**
 * The blocks of every s-op and the residual dimensions: one, bos, scratch ones, and each s-op's own — except
 * embedded s-ops that no block reads (the one-hot indices behind a positional map need no dimensions) and folded
 * affine maps (read through their inputs). Hosted squares have dimensions but no blocks (their host writes them).
 */
export function toBlocks(ctx: Context, allocation: Allocation): Blocks {
  const out: Blocks = { blocks: [], labels: [one, bos] }, read = new Set<SOp>([ctx.graph.output]);
  for (const node of ctx.graph.nodes) {
    if (allocation.realisation.get(node) !== 'embedding') for (const input of ctx.graph.inputs.get(node)!) read.add(input);
  }
  for (const node of ctx.graph.nodes) {
    const r = allocation.realisation.get(node)!, layer = allocation.layer.get(node)!;
    if (r !== 'folded' && (r !== 'embedding' || read.has(node) || node.kind === 'tokens')) for (const l of ctx.labels(node)) out.labels.push(l);
    if (r === 'attention') out.blocks.push(aggregateBlock(node as AggregateSOp, ctx, layer));
    if (r === 'attention+mlp') {
      out.labels.push(scratchLabel(ctx, node));
      out.blocks.push(...selectorWidthBlocks(node, ctx, layer));
    }
    if (r === 'mlp') out.blocks.push(mapBlock(node as MapSOp, ctx, layer));
  }
  return out;
}

function mapBlock(node: MapSOp, ctx: Context, layer: number): MlpBlock | PointwiseSpec {
  const inputs = ctx.graph.inputs.get(node)!, label = ctx.name(node);
  switch (mapStrategy(node, inputs, ctx.values)) {
    case 'table':
      return { kind: 'mlp', label, layer, units: tableUnits(node, inputs, ctx) };
    case 'form':
      return { kind: 'mlp', label, layer, units: formUnits(node.options.form!, inputs.map((s) => ctx.functional(s)), [[{ sop: label }, 1]]) };
    case 'lookup': {
      const { points, outputs } = steps(node, ctx.set(inputs[0]), ctx);
      return { kind: 'mlp', label, layer, units: lookupUnits(ctx.functional(inputs[0]), points, outputs) };
    }
    case 'gated':
      return { kind: 'mlp', label, layer, units: gatedUnits(node, inputs, gatedInput(node, inputs, ctx.values), ctx) };
    case 'pointwise': {
      const form = ctx.settings.realFFN === null ? null : approximation(node, label, ctx.settings.realFFN);
      if (form !== null) return { kind: 'mlp', label, layer, units: formUnits(form, inputs.map((s) => ctx.functional(s)), [[{ sop: label }, 1]]) };
      const labels: DimLabel[] = inputs.map((s) => ({ sop: ctx.name(s) }));
      return {
        kind: 'pointwise', label, layer, fn: node.options.pointwise ?? label,
        f: (...x: number[]) => Number(node.f(...x)), inputs: labels, output: { sop: label },
      };
    }
  }
}

/**
 * The points a lookup's staircase needs, with what the map writes there: the first value, and the two values on each
 * side of every change of the map's value (between changes the staircase is flat, so a set of a million numbers whose
 * comparison changes once takes two ramps). A value where the map fails writes nothing, as before.
 */
function steps(node: MapSOp, set: Value[], ctx: Context): { points: number[]; outputs: [DimLabel, number][][] } {
  const f = ctx.mapFunction(node), results = set.map((v): Value | undefined => {
    try {
      return f(v);
    } catch {
      return undefined;
    }
  });
  const keep = set.map((_, i) => i === 0 || i === set.length - 1 || results[i] !== results[i - 1] || results[i] !== results[i + 1]);
  const at = set.map((_, i) => i).filter((i) => keep[i]);
  return {
    points: at.map((i) => Number(set[i])),
    outputs: at.map((i) => (results[i] === undefined ? [] : ctx.writes(node, results[i] as Value))),
  };
}