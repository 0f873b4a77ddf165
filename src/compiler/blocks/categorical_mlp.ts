/** The MLP of a map whose inputs are all one-hot: one hidden unit per input combination, a lookup table in weights. */
import { MapSOp, SOp } from '../../rasp/dsl';
import { Value } from '../../rasp/values';
import { MlpUnit } from '../stages';
import { combinations } from '../infer_values';
import { Context, one } from './context';

/**
 * Unit ReLU(Σᵢ [xᵢ = vᵢ] − (k − 1)) is 1 exactly when every input holds its value; it writes f(v₁, …, v_k).
 * Combinations where f fails write nothing.
 */
export function tableUnits(node: MapSOp, inputs: SOp[], ctx: Context): MlpUnit[] {
  const units: MlpUnit[] = [];
  for (const args of combinations(inputs.map((s) => ctx.set(s)))) {
    let out: Value;
    try {
      out = ctx.mapFunction(node)(...args);
    } catch {
      continue;
    }
    if (out === undefined || (typeof out === 'number' && !Number.isFinite(out))) continue;
    const output = ctx.writes(node, out).filter(([, w]) => w !== 0);
    if (output.length === 0) continue;
    const input: MlpUnit['input'] = inputs.map((s, i) => [{ sop: ctx.name(s), value: args[i] }, 1]);
    if (inputs.length > 1) input.push([one, -(inputs.length - 1)]);
    units.push({ input, output });
  }
  return units;
}
