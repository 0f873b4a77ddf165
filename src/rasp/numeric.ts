/**
 * Numerical maps with a known shape, for programs on real values: linear maps and ReLU networks (the compiler builds
 * them as exact MLPs), and the product, exp and division (the compiler builds them as marked position-wise blocks).
 */
import { invalidType } from '../check';
import { MapSOp, numerical, ReluForm, SOp, toSOp } from './dsl';
import { Value } from './values';

/** The value of a ReLU form at the inputs x. */
export function evaluateForm(form: ReluForm, x: number[]): number {
  let out = form.bias;
  form.linear.forEach((c, i) => { out += c * x[i]; });
  for (const u of form.units) {
    let pre = u.bias;
    u.weights.forEach((w, i) => { pre += w * x[i]; });
    out += u.scale * Math.max(0, pre);
  }
  return out;
}

function formMap(fn: string, inputs: (SOp | Value)[], form: ReluForm): MapSOp {
  const sops = inputs.map((s, i) => toSOp(fn, `input ${i}`, s));
  return numerical(new MapSOp((...x: Value[]) => evaluateForm(form, x.map(Number)), sops, { form }));
}

function checkNumbers(fn: string, name: string, xs: unknown, length: number): number[] {
  if (!Array.isArray(xs) || xs.length !== length || !xs.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw invalidType(fn, name, `an array of ${length} finite numbers`, xs);
  }
  return xs as number[];
}

/**
 * The numerical s-op Σ coeffs[i]·inputs[i] + bias; compiled exactly for any real inputs.
 * @example rasp.linear([x, y], [1, -1]); // x − y
 */
export function linear(inputs: (SOp | Value)[], coeffs: number[], bias = 0): MapSOp {
  if (!Array.isArray(inputs) || inputs.length === 0) throw invalidType('linear', 'inputs', 'a non-empty array of s-ops', inputs);
  checkNumbers('linear', 'coeffs', coeffs, inputs.length);
  checkNumbers('linear', 'bias', [bias], 1);
  return formMap('linear', inputs, { units: [], linear: [...coeffs], bias });
}

/** max(x, 0) elementwise; compiled exactly. @example rasp.relu(x) */
export function relu(x: SOp): MapSOp {
  return formMap('relu', [x], { units: [{ weights: [1], bias: 0, scale: 1 }], linear: [0], bias: 0 });
}

/** max(a, b) = a + ReLU(b − a) elementwise, right for every sign; compiled exactly. @example rasp.maximum(a, b) */
export function maximum(a: SOp, b: SOp): MapSOp {
  return formMap('maximum', [a, b], { units: [{ weights: [-1, 1], bias: 0, scale: 1 }], linear: [1, 0], bias: 0 });
}

/** min(a, b) = a − ReLU(a − b) elementwise, right for every sign; compiled exactly. @example rasp.minimum(a, b) */
export function minimum(a: SOp, b: SOp): MapSOp {
  return formMap('minimum', [a, b], { units: [{ weights: [1, -1], bias: 0, scale: -1 }], linear: [1, 0], bias: 0 });
}

function pointwiseMap(name: string, f: (...x: number[]) => number, inputs: SOp[]): MapSOp {
  return numerical(new MapSOp((...x: Value[]) => f(...x.map(Number)), inputs.map((s, i) => toSOp(name, `input ${i}`, s)), { pointwise: name }));
}

/** a·b elementwise; on real values the compiler makes it a marked position-wise block. @example rasp.product(a, b) */
export function product(a: SOp, b: SOp): MapSOp {
  return pointwiseMap('product', (x, y) => x * y, [a, b]);
}

/** e^x elementwise (a marked position-wise block on real values). @example rasp.exp(x) */
export function exp(x: SOp): MapSOp {
  return pointwiseMap('exp', Math.exp, [x]);
}

/** a / b elementwise (a marked position-wise block on real values). @example rasp.divide(a, b) */
export function divide(a: SOp, b: SOp): MapSOp {
  return pointwiseMap('divide', (x, y) => x / y, [a, b]);
}
