/**
 * Affine maps: a map whose value is bias + Σ wᵢ·xᵢ on every combination of its inputs' (finite, numeric) values, found
 * by trying them all. choose_encodings folds such a map into its readers when it is numerical: a sum of two selector
 * widths (sort's target position) then needs no MLP over their combinations and no dimension of its own.
 */
import { MapSOp, SOp } from '../rasp/dsl';
import { Value } from '../rasp/values';
import { combinations, SAME_NUMBER } from './infer_values';
import { Affine, Values } from './stages';

/** Maps over more input combinations than this are not tried (they are not recognised as affine). */
export const MAX_AFFINE_PROBES = 100_000;

/**
 * The affine form of a map, when it has one on its inputs' values.
 * @param node the s-op (only a map of inputs with finite sets of numbers can be affine).
 * @param values the inferred value sets.
 * @returns bias and weights (one per input of the map), or null when the map is not affine there, fails somewhere,
 * gives a non-number, or has more than MAX_AFFINE_PROBES combinations.
 * @example affineForm(sequenceMap((a, b) => a + 2 * b, x, y), values); // { bias: 0, weights: [1, 2] }
 */
export function affineForm(node: SOp, values: Values): Affine | null {
  if (!(node instanceof MapSOp) || node.options.pointwise !== undefined) return null;
  const sets = node.inputs.map((s) => values.sets.get(s));
  const numeric = (x: Value[] | null | undefined): x is Value[] => x !== null && x !== undefined && x.length > 0 && x.every((v) => typeof v === 'number');
  if (!sets.every(numeric)) return null;
  if (sets.reduce((p, x) => p * x.length, 1) > MAX_AFFINE_PROBES) return null;
  const numbers = sets as number[][], base = numbers.map((x) => x[0]), at0 = apply(node, base);
  if (at0 === null) return null;
  const weights: number[] = [];
  for (let i = 0; i < numbers.length; i++) {
    if (numbers[i].length === 1) {
      weights.push(0);
      continue;
    }
    const moved = apply(node, base.map((v, j) => (j === i ? numbers[i][1] : v)));
    if (moved === null) return null;
    weights.push((moved - at0) / (numbers[i][1] - numbers[i][0]));
  }
  const bias = at0 - weights.reduce((s, w, i) => s + w * base[i], 0);
  for (const args of combinations(numbers)) {
    const got = apply(node, args as number[]), expected = bias + weights.reduce((s, w, i) => s + w * (args[i] as number), 0);
    if (got === null || Math.abs(got - expected) > SAME_NUMBER * (1 + Math.abs(got))) return null;
  }
  return { bias: bias === 0 ? 0 : bias, weights: weights.map((w) => (w === 0 ? 0 : w)) };
}

function apply(node: MapSOp, args: number[]): number | null {
  try {
    const out = node.f(...args);
    return typeof out === 'number' && Number.isFinite(out) ? out : null;
  } catch {
    return null;
  }
}
