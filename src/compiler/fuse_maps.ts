/**
 * fuse_maps (an optimisation stage, after choose_encodings): a map whose input is another map that nothing else reads
 * becomes one map of the inner map's inputs (g(f(a, b), c) over a, b, c), so the chain takes one MLP and the inner
 * map no dimensions. Only one-hot lookup tables are fused (every input categorical with finite values), and only where
 * the fused table is no larger than FUSED_TABLE or the two tables together.
 */
import { MapSOp, SOp } from '../rasp/dsl';
import { Value } from '../rasp/values';
import { readersOf } from './choose_encodings';
import { Fused, Values } from './stages';

/** The most input combinations a fused table may have when it is larger than the two tables it replaces. */
export const FUSED_TABLE = 256;

/**
 * Fuses map chains; the result goes into `values.fused` (read by program_to_graph and the MLP builders).
 * @param nodes the program's s-ops, inputs before users.
 * @param output the program's output (never fused away).
 * @param values value sets and encodings; `fused` is filled in.
 * @returns the inner maps fused away.
 */
export function fuseMaps(nodes: readonly SOp[], output: SOp, values: Values): SOp[] {
  const readers = readersOf(nodes), gone: SOp[] = [];
  for (const node of nodes) {
    if (!tabular(node, values)) continue;
    let current: Fused = { f: node.f, inputs: node.inputs };
    for (let j = 0; j < current.inputs.length; j++) {
      const inner = current.inputs[j];
      if (inner === output || !tabular(inner, values) || (readers.get(inner) ?? []).length !== 1) continue;
      const candidate = compose(current, j, values.fused.get(inner) ?? { f: inner.f, inputs: inner.inputs });
      if (size(candidate.inputs, values) > Math.max(FUSED_TABLE, size(current.inputs, values) + size(inner.inputs, values))) continue;
      current = candidate;
      gone.push(inner);
      j = -1;
    }
    if (current.inputs !== node.inputs) values.fused.set(node, current);
  }
  return gone;
}

/** A map realised as a one-hot lookup table: unannotated numerics aside, every input categorical and finite. */
function tabular(node: SOp, values: Values): node is MapSOp {
  if (!(node instanceof MapSOp) || values.positional.has(node) || node.options.form !== undefined || node.options.pointwise !== undefined) return false;
  if (values.encodings.get(node) !== 'categorical') return false;
  const inputs = values.fused.get(node)?.inputs ?? node.inputs;
  return inputs.every((s) => values.encodings.get(s) === 'categorical' && values.sets.get(s) !== null && values.sets.get(s) !== undefined);
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

function size(inputs: SOp[], values: Values): number {
  return inputs.reduce((p, s) => p * values.sets.get(s)!.length, 1);
}
