/**
 * The head of an aggregate: the selector's scores; values copied from the source (one-hot to one-hot, one-hot to its
 * number, or scalar to scalar); BOS carries the default, so "nothing selected" gives the default, whatever it is.
 */
import { AggregateSOp, SOp } from '../../rasp/dsl';
import { isEmbedded } from '../infer_values';
import { AttentionBlock, Entry } from '../stages';
import { bos, Context } from './context';
import { selectorScores } from './scores';

/** The attention block of an aggregate in the given layer. */
export function aggregateBlock(node: AggregateSOp, ctx: Context, layer: number): AttentionBlock {
  const terms = ctx.graph.selectors.get(node)!, [source] = ctx.graph.inputs.get(node)!;
  const { qk } = selectorScores(terms, ctx, false);
  const ov: Entry[] = [];
  if (ctx.encoding(node) === 'categorical') {
    for (const l of ctx.labels(source)) for (const [to] of ctx.encode(node, l.value!)) ov.push({ from: l, to, weight: 1 });
  } else {
    for (const [l, w] of ctx.functional(source)) ov.push({ from: l, to: { sop: ctx.name(node) }, weight: w });
  }
  for (const [to, weight] of ctx.encode(node, node.fallback)) if (weight !== 0) ov.push({ from: bos, to, weight });
  const term = terms[0];
  const hint = terms.length === 1 && term.kind === 'equal' && exact(term.queries, ctx) && exact(term.keys, ctx)
    ? { kind: 'equal' as const, query: ctx.labels(term.queries)[0], key: ctx.labels(term.keys)[0] } : undefined;
  return { kind: 'attention', label: ctx.name(node), layer, qk, ov, ...(hint ? { hint } : {}) };
}

/**
 * Whether the head may carry an equality hint on the node's dimension (the structured executor groups keys by exact
 * value): a numerical s-op of the program (annotated, or a numerical aggregate) or from the embedding. Not one that
 * choose_encodings made numerical (a selector width read back from 1/(w+1) is an integer only within rounding), nor
 * a folded affine map (no dimension).
 */
function exact(node: SOp, ctx: Context): boolean {
  if (ctx.encoding(node) !== 'numerical' || ctx.values.affine.has(node)) return false;
  return isEmbedded(node, ctx.values) || node.annotated || node instanceof AggregateSOp;
}
