/**
 * The MLP of a map of one numerical input with a finite value set and one-hot inputs: for each combination of the
 * one-hot inputs' values, an exact ReLU staircase on the number, switched on by that combination alone (no one-hot
 * view of the number, and so no extra layer for it).
 */
import { MapSOp, SOp } from '../../rasp/dsl';
import { Value } from '../../rasp/values';
import { combinations } from '../infer_values';
import { MlpUnit } from '../stages';
import { Context, one } from './context';
import { lookupUnits } from './numerical_mlp';

/**
 * Units of f(…, x, …) with x the numerical input at `at`: per combination c of the others, the staircase of
 * f(c, x) over x's values, each unit's input lowered by M·(k − Σ [input = c]) so that only c's units can fire.
 */
export function gatedUnits(node: MapSOp, inputs: SOp[], at: number, ctx: Context): MlpUnit[] {
  const set = ctx.set(inputs[at]), points = set.map(Number), others = inputs.filter((_, i) => i !== at);
  let gap = Infinity;
  for (let i = 1; i < points.length; i++) gap = Math.min(gap, points[i] - points[i - 1]);
  const span = points.length > 1 ? (points[points.length - 1] - points[0]) / gap : 0, big = Math.max(1, span) + 1;
  const f = ctx.mapFunction(node), units: MlpUnit[] = [];
  for (const combo of combinations(others.map((s) => ctx.set(s)))) {
    const gate: [{ sop: string; value?: Value }, number][] = others.map((s, i) => [{ sop: ctx.name(s), value: combo[i] }, big]);
    gate.push([one, -big * others.length]);
    const outputs = set.map((v) => {
      const args = [...combo.slice(0, at), v, ...combo.slice(at)];
      try {
        return ctx.writes(node, f(...args));
      } catch {
        return [];
      }
    });
    units.push(...lookupUnits(ctx.functional(inputs[at]), points, outputs, gate));
  }
  return units;
}
