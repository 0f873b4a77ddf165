/**
 * choose_encodings (an optimisation stage, after infer_values): an s-op left unannotated whose values are finite
 * numbers is encoded numerically — one dimension instead of one per value — when every s-op that reads it accepts a
 * scalar: a map of that s-op alone (an exact ReLU lookup on its values) or a numerical aggregate of it. Selector keys
 * and queries stay one-hot (their tables need them), as does the program's output (read out exactly). Annotations
 * (rasp.numerical, rasp.categorical) are a floor: they are never changed.
 */
import { AggregateSOp, LengthSOp, MapSOp, Selector, SelectorWidthSOp, SOp } from '../rasp/dsl';
import { Values } from './stages';

/**
 * Switches to numerical the s-ops where a scalar serves every reader.
 * @param nodes the program's s-ops, inputs before users.
 * @param output the program's output.
 * @param values the inferred encodings and value sets (changed in place).
 * @returns the s-ops it switched.
 */
export function chooseEncodings(nodes: readonly SOp[], output: SOp, values: Values): SOp[] {
  const readers = readersOf(nodes), chosen: SOp[] = [];
  for (const node of nodes) {
    if (!candidate(node, output, values)) continue;
    if ((readers.get(node) ?? []).every((r) => acceptsScalar(r, node, values))) {
      values.encodings.set(node, 'numerical');
      chosen.push(node);
    }
  }
  return chosen;
}

function candidate(node: SOp, output: SOp, values: Values): boolean {
  if (node === output || node.annotated || values.positional.has(node) || values.encodings.get(node) !== 'categorical') return false;
  if (!(node instanceof MapSOp || node instanceof SelectorWidthSOp || node instanceof LengthSOp)) return false;
  const set = values.sets.get(node);
  return set !== null && set !== undefined && set.length > 1 && set.every((v) => typeof v === 'number');
}

/** Whether `reader` can read `node` as a scalar: a one-input map, or a numerical aggregate that averages it. */
function acceptsScalar(reader: SOp, node: SOp, values: Values): boolean {
  if (reader instanceof MapSOp) return reader.inputs.length === 1 && reader.options.pointwise === undefined && !values.positional.has(reader);
  if (reader instanceof AggregateSOp) return reader.sop === node && !selectorReads(reader.selector, node) && values.encodings.get(reader) === 'numerical';
  return false;
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

function selectorReads(selector: Selector, node: SOp): boolean {
  return selectorInputs(selector).includes(node);
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
