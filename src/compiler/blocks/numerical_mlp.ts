/**
 * MLPs on numerical inputs: a map with a known ReLU form (linear, ReLU, max, min) exactly for all reals; any other map
 * of one input with a finite value set as an exact ReLU lookup (a staircase that is exact on the set).
 */
import { ReluForm } from '../../rasp/dsl';
import { DimLabel } from '../../encoder/residual';
import { MlpUnit } from '../stages';
import { one } from './context';

type Functional = [DimLabel, number][];

/** Hidden units for f = Σ scale·ReLU(w·x + b) + linear·x + bias, each input x a linear function of the stream. */
export function formUnits(form: ReluForm, inputs: Functional[], output: Functional): MlpUnit[] {
  const combine = (weights: number[], bias: number): [DimLabel, number][] => [
    ...weights.flatMap((w, i) => inputs[i].map(([l, c]): [DimLabel, number] => [l, w * c])), [one, bias],
  ];
  const scaled = (s: number): [DimLabel, number][] => output.map(([l, c]) => [l, s * c]);
  const units = form.units.map((u) => ({ input: combine(u.weights, u.bias), output: scaled(u.scale) }));
  const linear = combine(form.linear, form.bias);
  if (linear.some(([, w]) => w !== 0)) {
    units.push({ input: linear, output: scaled(1) }, { input: linear.map(([l, w]) => [l, -w]), output: scaled(-1) });
  }
  return units;
}

/**
 * Hidden units that map x ∈ points (sorted ascending) to outputs[i] exactly: outputs[0]·one plus, for each step i,
 * (outputs[i] − outputs[i−1]) times a ramp that is 0 at points[i−1] and below and 1 at points[i] and above.
 * A `gate` (0 where the units should act, at most minus the largest ramp elsewhere) is added to every unit's input.
 */
export function lookupUnits(input: Functional, points: number[], outputs: Functional[], gate: Functional = []): MlpUnit[] {
  const units: MlpUnit[] = [];
  if (points.length === 0) return units;
  if (outputs[0].some(([, w]) => w !== 0)) units.push({ input: [[one, 1], ...gate], output: outputs[0] });
  for (let i = 1; i < points.length; i++) {
    const diff = difference(outputs[i], outputs[i - 1]);
    if (diff.length === 0) continue;
    const g = points[i] - points[i - 1];
    const ramp = (at: number): [DimLabel, number][] => [...input.map(([l, c]): [DimLabel, number] => [l, c / g]), [one, -at / g], ...gate];
    units.push({ input: ramp(points[i - 1]), output: diff }, { input: ramp(points[i]), output: diff.map(([l, w]) => [l, -w]) });
  }
  return units;
}

function difference(a: Functional, b: Functional): Functional {
  const out = new Map<string, [DimLabel, number]>();
  for (const [l, w] of a) out.set(JSON.stringify(l), [l, w]);
  for (const [l, w] of b) {
    const key = JSON.stringify(l), cur = out.get(key);
    out.set(key, [l, (cur?.[1] ?? 0) - w]);
  }
  return [...out.values()].filter(([, w]) => w !== 0);
}
