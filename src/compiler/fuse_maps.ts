/**
 * fuse_maps (an optimisation stage, after choose_encodings): a map whose input is another map becomes one map of the
 * inner map's inputs (g(f(a, b), c) over a, b, c), so the chain takes one MLP, and the inner map no dimensions once no
 * other s-op reads it. The fused map is one MLP (every input with finite values, all one-hot but at most one number;
 * its output one-hot or a number), and only where it takes no more hidden units than the
 * two maps apart (or, for a lookup table of one-hot inputs, than FUSED_TABLE). An inner map read by several s-ops is
 * fused into each reader that can take it (a copy) and stays for the others, so a copy may not make the reader
 * larger than it was or than FUSED_TABLE: only cheap maps are copied.
 */
import { MapSOp, SOp } from '../rasp/dsl';
import { Value } from '../rasp/values';
import { readersOf } from './choose_encodings';
import { isEmbedded } from './infer_values';
import { Fused, Values } from './stages';

/** The most input combinations a fused table may have when it is larger than the two tables it replaces. */
export const FUSED_TABLE = 256;

/**
 * Fuses map chains; the result goes into `values.fused` (read by program_to_graph and the MLP builders). An inner map
 * read by several s-ops is fused into each map that can take it (a copy of a cheap table), and kept for the others.
 * @param nodes the program's s-ops, inputs before users.
 * @param output the program's output.
 * @param values value sets and encodings; `fused` is filled in.
 * @returns the inner maps fused into every reader (no block reads them any more unless the output is one).
 */
export function fuseMaps(nodes: readonly SOp[], output: SOp, values: Values): SOp[] {
  const fusedInto = new Map<SOp, number>(), readers = readersOf(nodes);
  for (const node of nodes) {
    if (!fusable(node, values) || isEmbedded(node, values) || !node.inputs.every((s) => values.sets.get(s) !== null)) continue;
    let current: Fused = { f: node.f, inputs: node.inputs };
    const taken: SOp[] = [];
    for (let j = 0; j < current.inputs.length; j++) {
      const inner = current.inputs[j];
      if (!fusable(inner, values) || !tabular(values.fused.get(inner)?.inputs ?? inner.inputs, values)) continue;
      const innerMap = values.fused.get(inner) ?? { f: inner.f, inputs: inner.inputs }, candidate = compose(current, j, innerMap);
      const own = size(current.inputs, values), fused = size(candidate.inputs, values);
      const shared = (readers.get(inner) ?? []).length > 1, separate = own + size(innerMap.inputs, values);
      const limit = shared ? Math.max(FUSED_TABLE, own) : gated(candidate.inputs, values) ? separate : Math.max(FUSED_TABLE, separate);
      if (fused > limit) continue;
      current = candidate;
      taken.push(inner);
      j = -1;
    }
    if (current.inputs !== node.inputs && tabular(current.inputs, values)) {
      values.fused.set(node, current);
      for (const inner of taken) fusedInto.set(inner, (fusedInto.get(inner) ?? 0) + 1);
    }
  }
  return [...fusedInto].filter(([inner, count]) => inner !== output && (readers.get(inner) ?? []).length === count).map(([inner]) => inner);
}

/** A map that can be fused or fused into: an unannotated lookup (no ReLU form, no marked block), not folded into its readers. */
function fusable(node: SOp, values: Values): node is MapSOp {
  return node instanceof MapSOp && node.options.form === undefined && node.options.pointwise === undefined && !values.affine.has(node);
}

/**
 * Whether every input has finite values and at most one is numerical: the fused map is then one MLP, whatever its
 * output — a lookup table of one-hot inputs, or staircases on the number (gated by the one-hot others).
 */
function tabular(inputs: SOp[], values: Values): boolean {
  const finite = inputs.every((s) => values.sets.get(s) !== null && values.sets.get(s) !== undefined);
  return finite && inputs.filter((s) => values.encodings.get(s) === 'numerical').length <= 1;
}

/** outer with its j-th input replaced by inner's inputs (each distinct input once). */
function compose(outer: Fused, j: number, inner: Fused): Fused {
  const inputs = [...new Set([...outer.inputs.slice(0, j), ...inner.inputs, ...outer.inputs.slice(j + 1)])];
  const outerAt = outer.inputs.map((s, i) => (i === j ? -1 : inputs.indexOf(s))), innerAt = inner.inputs.map((s) => inputs.indexOf(s));
  const f = (...args: Value[]): Value => {
    const mid = inner.f(...innerAt.map((i) => args[i]));
    return outer.f(...outerAt.map((i) => (i < 0 ? mid : args[i])));
  };
  return { f, inputs };
}

/**
 * The hidden units a map over these inputs takes, about: one per combination of one-hot values, two per step of a
 * numerical input's staircase.
 */
function size(inputs: SOp[], values: Values): number {
  return inputs.reduce((p, s) => p * (values.encodings.get(s) === 'numerical' ? 2 * (values.sets.get(s)!.length - 1) : values.sets.get(s)!.length), 1);
}

/** Whether a map over these inputs is built as staircases on a numerical input (never allowed to grow by fusion). */
function gated(inputs: SOp[], values: Values): boolean {
  return inputs.some((s) => values.encodings.get(s) === 'numerical');
}
