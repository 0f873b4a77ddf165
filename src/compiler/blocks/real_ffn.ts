/**
 * opts.realFFN: a map on real values, which would otherwise be a marked position-wise block, as a ReLU MLP that
 * interpolates it linearly between evenly spaced knots on `range`. Within the range the error is at most
 * `tolerance`: proved for products (x·y = ((x+y)² − (x−y)²)/4; interpolating u² with step h errs by h²/4) and for
 * exp (h²/8 · e^max); for any other one-input map, measured on 16 points per segment. Outside the range the network
 * continues its end segments linearly, and no bound holds. Division keeps its marked block.
 */
import { CompileError } from '../../errors';
import { MapSOp, ReluForm } from '../../rasp/dsl';
import { evaluateForm } from '../../rasp/numeric';

/** What the user asks for: the input range, and the largest error allowed on it. */
export interface RealFFN {
  range: [number, number];
  tolerance: number;
}

/** More hidden units than this for one map are refused. */
export const MAX_APPROXIMATION_UNITS = 4096;

/** The ReLU form approximating the map within the tolerance, or null for a map this cannot approximate (division). */
export function approximation(node: MapSOp, label: string, spec: RealFFN): ReluForm | null {
  const [lo, hi] = spec.range, tol = spec.tolerance;
  if (node.options.pointwise === 'product') {
    const h = Math.sqrt(8 * tol), half = (w: number[], a: number, b: number, s: number) => interpolate((u) => u * u, a, b, segments(b - a, h, label), w, s);
    return sum(half([1, 1], 2 * lo, 2 * hi, 0.25), half([1, -1], lo - hi, hi - lo, -0.25));
  }
  if (node.inputs.length !== 1 || node.options.pointwise === 'divide') return null;
  const f = (x: number) => Number(node.f(x));
  if (node.options.pointwise === 'exp') return interpolate(f, lo, hi, segments(hi - lo, Math.sqrt((8 * tol) / Math.exp(hi)), label), [1], 1);
  for (let n = 1; n <= MAX_APPROXIMATION_UNITS; n *= 2) {
    const form = interpolate(f, lo, hi, n, [1], 1);
    if (sampledError(f, form, lo, hi, n) <= tol) return form;
  }
  throw tooMany(label);
}

/** How many segments of at most h cover a width (at least one). */
function segments(width: number, h: number, label: string): number {
  const n = Math.max(1, Math.ceil(width / h));
  if (n > MAX_APPROXIMATION_UNITS) throw tooMany(label);
  return n;
}

function tooMany(label: string): CompileError {
  return new CompileError([{ sop: label, reason: `realFFN needs more than ${MAX_APPROXIMATION_UNITS} ReLU units for this range and tolerance: widen the tolerance or narrow the range` }]);
}

/** s·g(w·x), g interpolated at n + 1 even knots on [a, b]: g(a) + m₀(u − a) + Σ (mᵢ − mᵢ₋₁)·ReLU(u − kᵢ). */
function interpolate(g: (u: number) => number, a: number, b: number, n: number, w: number[], s: number): ReluForm {
  const knots = Array.from({ length: n + 1 }, (_, i) => a + ((b - a) * i) / n);
  const slopes = knots.slice(1).map((k, i) => (g(k) - g(knots[i])) / (k - knots[i]));
  return {
    units: slopes.slice(1).map((m, i) => ({ weights: w, bias: -knots[i + 1], scale: s * (m - slopes[i]) })),
    linear: w.map((x) => s * slopes[0] * x), bias: s * (g(a) - slopes[0] * a),
  };
}

function sum(a: ReluForm, b: ReluForm): ReluForm {
  return { units: [...a.units, ...b.units], linear: a.linear.map((x, i) => x + b.linear[i]), bias: a.bias + b.bias };
}

/** The largest |f − form| on 16 evenly spaced points per segment. */
function sampledError(f: (x: number) => number, form: ReluForm, lo: number, hi: number, n: number): number {
  let worst = 0;
  for (let i = 0; i <= 16 * n; i++) {
    const x = lo + ((hi - lo) * i) / (16 * n);
    worst = Math.max(worst, Math.abs(f(x) - evaluateForm(form, [x])));
  }
  return worst;
}
