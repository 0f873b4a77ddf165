/** allocate_layers: each s-op's layer, as early as its inputs allow (independent heads and MLPs share a layer). */
import { AggregateSOp, LengthSOp, MapSOp, SelectorWidthSOp, SOp } from '../rasp/dsl';
import { isEmbedded } from './infer_values';
import { Allocation, Graph, Realisation, Values } from './stages';

/** How an s-op is realised: positional s-ops and tokens come from the embedding; folded affine maps from their inputs. */
export function realisationOf(node: SOp, values: Values): Realisation {
  if (isEmbedded(node, values)) return 'embedding';
  if (values.affine.has(node)) return 'folded';
  if (node instanceof AggregateSOp) return 'attention';
  if (node instanceof SelectorWidthSOp || node instanceof LengthSOp) return 'attention+mlp';
  if (node instanceof MapSOp) return 'mlp';
  return 'embedding';
}

/**
 * Sublayers are numbered 2L (attention of layer L) and 2L+1 (its feed-forward). Each s-op takes the first sublayer
 * of its kind after all its inputs are ready; the longest chain sets the number of layers, which is the fewest possible.
 * A folded affine map is ready with its inputs; a hosted square with its host (whose MLP writes it).
 */
export function allocateLayers(graph: Graph, values: Values): Allocation {
  const realisation = new Map<SOp, Realisation>(), layer = new Map<SOp, number>(), ready = new Map<SOp, number>();
  let layers = 0;
  for (const node of graph.nodes) {
    const host = graph.hosts.get(node), r = host !== undefined ? 'hosted' : realisationOf(node, values);
    realisation.set(node, r);
    if (r === 'embedding') { ready.set(node, -1); continue; }
    const after = Math.max(-1, ...(graph.inputs.get(node) ?? []).map((s) => ready.get(s)!));
    if (r === 'folded' || host !== undefined) {
      ready.set(node, host !== undefined ? ready.get(host)! : after);
      if (host !== undefined) layer.set(node, layer.get(host)!);
      continue;
    }
    const first = r === 'mlp' ? (after % 2 === 0 ? after + 1 : after + 2) : (after % 2 === 0 ? after + 2 : after + 1);
    const last = r === 'attention+mlp' ? first + 1 : first;
    layer.set(node, Math.floor(first / 2));
    ready.set(node, last);
    layers = Math.max(layers, Math.floor(last / 2) + 1);
  }
  return { realisation, layer, layers };
}
