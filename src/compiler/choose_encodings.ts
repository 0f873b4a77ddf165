/**
 * choose_encodings (an optimisation stage, after infer_values): an s-op left unannotated whose values are finite
 * numbers is encoded numerically — one dimension instead of one per value — when every s-op that reads it accepts a
 * scalar: a map of that s-op alone (an exact ReLU lookup on its values), a numerical aggregate of it, a positional map
 * (computed into the embedding), an affine map folded into its readers (see affine_maps), or a selector that compares
 * it for equality with numbers (the score −(q − k)²/gap² is a bilinear form on (k, k², 1) and (q, q², 1); the square
 * of a selector width or lookup is written by the same MLP). Such a key needs more than two values (its square takes
 * a dimension too). Other selector keys and queries stay one-hot. A comparison such as `<` has no low-rank form
 * under average-hard attention: every selected key must score alike and the others lower, so the scores less each
 * query's selected score are 0 for k < q and negative for k ≥ q over the n values — a triangular matrix with a
 * non-zero diagonal, of rank n, which needs about n features of k. The program's output stays one-hot (read out
 * exactly). Annotations (rasp.numerical, rasp.categorical) are a floor: they are never changed. Readers are decided
 * before what they read, so an affine map is folded (recorded in `values.affine`) before its inputs are chosen.
 */
import {
  AggregateSOp, AndSelector, IndicesSOp, LengthSOp, MapSOp, Selector, SelectorWidthSOp, SelectSelector, SOp,
} from '../rasp/dsl';
import { affineForm } from './affine_maps';
import { isEmbedded } from './infer_values';
import { Values } from './stages';

/**
 * Switches to numerical the s-ops where a scalar serves every reader, and folds the affine maps among them.
 * @param nodes the program's s-ops, inputs before users.
 * @param output the program's output.
 * @param values the inferred encodings and value sets (changed in place; `affine` filled in).
 * @returns the s-ops it switched.
 * @example chooseEncodings(nodes, program, values); // [smaller_keys, ties_before, sorted_position]
 */
export function chooseEncodings(nodes: readonly SOp[], output: SOp, values: Values): SOp[] {
  const readers = readersOf(nodes), chosen: SOp[] = [];
  for (const node of [...nodes].reverse()) {
    const read = readers.get(node) ?? [];
    if (!candidate(node, output, values, read)) continue;
    if (read.every((r) => acceptsScalar(r, node, values))) {
      values.encodings.set(node, 'numerical');
      chosen.push(node);
      const affine = isEmbedded(node, values) ? null : affineForm(node, values);
      if (affine !== null) values.affine.set(node, affine);
    }
  }
  return chosen.reverse();
}

function candidate(node: SOp, output: SOp, values: Values, readers: SOp[]): boolean {
  if (node === output || node.annotated || values.encodings.get(node) !== 'categorical') return false;
  const kinds = [MapSOp, SelectorWidthSOp, LengthSOp, IndicesSOp];
  if (!kinds.some((kind) => node instanceof kind)) return false;
  const set = values.sets.get(node), keyed = readers.some((r) => selectorOf(r) !== null && selectorInputs(selectorOf(r)!).includes(node));
  return set !== null && set !== undefined && set.length > (keyed ? 2 : 1) && set.every((v) => typeof v === 'number');
}

/**
 * Whether `reader` can read `node` as a scalar: a one-input or positional map, a folded affine map, a numerical
 * aggregate that averages it, or a selector (of an aggregate or a width) that only compares it for equality.
 */
function acceptsScalar(reader: SOp, node: SOp, values: Values): boolean {
  if (reader instanceof MapSOp) {
    if (isEmbedded(reader, values) || values.affine.has(reader)) return true;
    return reader.inputs.length === 1 && reader.options.pointwise === undefined;
  }
  if (reader instanceof AggregateSOp) {
    if (reader.sop === node && values.encodings.get(reader) !== 'numerical') return false;
    return equalityOnly(reader.selector, node, values);
  }
  if (reader instanceof SelectorWidthSOp) return equalityOnly(reader.selector, node, values);
  return false;
}

/**
 * Whether every select() that reads `node` is an equality with numbers on the other side, in a conjunction at the
 * selector's top (each such conjunct becomes its own term, so the others keep their tables).
 */
function equalityOnly(selector: Selector, node: SOp, values: Values): boolean {
  if (selector instanceof AndSelector) return equalityOnly(selector.left, node, values) && equalityOnly(selector.right, node, values);
  if (!selectorInputs(selector).includes(node)) return true;
  if (!(selector instanceof SelectSelector) || selector.predicate.comparison !== 'EQ') return false;
  const other = values.sets.get(selector.keys === node ? selector.queries : selector.keys);
  return other !== null && other !== undefined && other.every((v) => typeof v === 'number');
}

/** The selector of an aggregate or a selector width; null for other s-ops. */
function selectorOf(node: SOp): Selector | null {
  return node instanceof AggregateSOp || node instanceof SelectorWidthSOp ? node.selector : null;
}

/** Every s-op's readers: maps, aggregates (source or selector) and selector widths (once per reading). */
export function readersOf(nodes: readonly SOp[]): Map<SOp, SOp[]> {
  const readers = new Map<SOp, SOp[]>();
  const add = (input: SOp, reader: SOp) => readers.set(input, [...(readers.get(input) ?? []), reader]);
  for (const node of nodes) {
    if (node instanceof MapSOp) for (const i of node.inputs) add(i, node);
    if (node instanceof AggregateSOp) add(node.sop, node);
    if (node instanceof AggregateSOp || node instanceof SelectorWidthSOp) for (const i of selectorInputs(node.selector)) add(i, node);
  }
  return readers;
}

/** The s-ops a selector tree reads (the keys and queries of its select() leaves). */
function selectorInputs(root: Selector): SOp[] {
  const out: SOp[] = [], stack: Selector[] = [root];
  while (stack.length > 0) {
    const s = stack.pop()!;
    for (const c of s.children()) {
      if (c instanceof SOp) out.push(c);
      else stack.push(c as Selector);
    }
  }
  return out;
}
