/** encoderForward: an L-layer transformer encoder evaluated directly in float64 (fused attention and BLAS products). */
import { assertRange, checkBoolean, checkFiniteNumber, checkInteger, checkOneOf, checkOptions, invalidType } from '../check';
import { attention } from './attention';
import { checkMatrix, Matrix } from './matrix';
import { matmul } from './matmul';

/** Where LayerNorm sits: before each sub-block ('pre'), after each residual sum ('post'), or nowhere. */
export type LayerNormPlacement = 'pre' | 'post' | 'none';

/** One encoder layer's weights: attention (d×d each), the ReLU feed-forward block, and the two LayerNorms. */
export interface EncoderLayerWeights {
  wq: Matrix;
  wk: Matrix;
  wv: Matrix;
  wo: Matrix;
  /** d×h, 1×h, h×d, 1×d: FFN(x) = ReLU(x·w1 + b1)·w2 + b2. */
  w1: Matrix;
  b1: Matrix;
  w2: Matrix;
  b2: Matrix;
  /** 2×d each: row 0 for the LayerNorm around attention, row 1 around the FFN (default γ = 1, β = 0). */
  ln?: { gamma: Matrix; beta: Matrix };
}

/** An encoder run: x (n×d), the layers, and the architecture. */
export interface EncoderInput {
  x: Matrix;
  layers: EncoderLayerWeights[];
  heads?: number;
  causal?: boolean;
  layerNorm?: LayerNormPlacement;
  /** LayerNorm's ε (default 1e-5). */
  eps?: number;
}

/** An encoder run checked: float64 matrices, defaults filled in. */
export interface CheckedEncoder {
  x: Matrix;
  layers: Required<EncoderLayerWeights>[];
  heads: number;
  causal: boolean;
  layerNorm: LayerNormPlacement;
  eps: number;
  ffnHidden: number;
}

/** LayerNorm's default ε. */
export const LN_EPSILON = 1e-5;

/**
 * The encoder: per layer, pre-LN x + Attn(LN₁(x)) then x + FFN(LN₂(x)); post-LN LN₁(x + Attn(x)) then
 * LN₂(x + FFN(x)); or neither.
 * @param input x, layers, heads (1), causal (false), layerNorm ('pre'), eps (1e-5).
 * @returns n×d, float64.
 * @throws {ArgumentTypeError} / {ArgumentRangeError} (ERR_ATTNSIM_SHAPE) for missing weights or shapes that do not fit.
 * @example encoderForward({ x, layers: [{ wq, wk, wv, wo, w1, b1, w2, b2 }], heads: 2, layerNorm: 'post' });
 */
export function encoderForward(input: EncoderInput): Matrix {
  const c = checkEncoder('encoderForward', input);
  let x = c.x;
  for (const l of c.layers) {
    const ln = (m: Matrix, i: number) => layerNormRows(m, l.ln.gamma, l.ln.beta, i, c.eps);
    const attend = (m: Matrix) => attention({ x: m, wq: l.wq, wk: l.wk, wv: l.wv, wo: l.wo, heads: c.heads, causal: c.causal });
    const ffn = (m: Matrix) => addRow(matmul(relu(addRow(matmul(m, l.w1), l.b1)), l.w2), l.b2);
    if (c.layerNorm === 'pre') {
      x = add(x, attend(ln(x, 0)));
      x = add(x, ffn(ln(x, 1)));
    } else {
      x = add(x, attend(x));
      if (c.layerNorm === 'post') x = ln(x, 0);
      x = add(x, ffn(x));
      if (c.layerNorm === 'post') x = ln(x, 1);
    }
  }
  return x;
}

/**
 * LayerNorm of each row: (m − row mean) / √(row variance + ε) · γ[i] + β[i] (population variance, as tfjs and PyTorch).
 * @param m n×d; @param gamma, beta k×d (row i is used); @param i the row of gamma and beta; @param eps ε > 0.
 * @returns n×d, float64.
 * @example layerNormRows(Matrix.from([[1, 3]]), Matrix.from([[1, 1]]), Matrix.from([[0, 0]]), 0, 0).toArray(); // [[-1, 1]]
 */
export function layerNormRows(m: Matrix, gamma: Matrix, beta: Matrix, i: number, eps: number): Matrix {
  const fn = 'layerNormRows';
  checkMatrix(fn, 'm', m);
  checkMatrix(fn, 'gamma', gamma);
  checkMatrix(fn, 'beta', beta);
  checkInteger(fn, 'i', i, 0, Math.max(0, gamma.rows - 1));
  assertRange(gamma.cols === m.cols && beta.cols === m.cols && beta.rows === gamma.rows, fn,
    () => `expected gamma and beta of one shape with m.cols (${m.cols}) columns but received ${gamma.describe()} and ${beta.describe()}`,
    'ERR_ATTNSIM_SHAPE');
  checkFiniteNumber(fn, 'eps', eps);
  const d = m.cols, out = new Float64Array(m.data.length);
  for (let r = 0; r < m.rows; r++) {
    const row = Float64Array.from(m.data.subarray(r * d, (r + 1) * d));
    const mean = row.reduce((s, v) => s + v, 0) / d;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / d, std = Math.sqrt(variance + eps);
    for (let j = 0; j < d; j++) out[r * d + j] = ((row[j] - mean) / std) * gamma.data[i * d + j] + beta.data[i * d + j];
  }
  return new Matrix(m.rows, d, out);
}

const add = (a: Matrix, b: Matrix) => new Matrix(a.rows, a.cols, a.data.map((v, i) => v + b.data[i]));
const addRow = (a: Matrix, row: Matrix) => new Matrix(a.rows, a.cols, a.data.map((v, i) => v + row.data[i % a.cols]));
const relu = (a: Matrix) => new Matrix(a.rows, a.cols, a.data.map((v) => Math.max(0, v)));

/** Checks an encoder run (every matrix, every shape) and fills in the defaults. */
export function checkEncoder(fn: string, input: EncoderInput): CheckedEncoder {
  if (typeof input !== 'object' || input === null) throw invalidType(fn, 'input', 'an object { x, layers, ... }', input);
  const o = checkOptions<EncoderInput>(fn, input, ['x', 'layers', 'heads', 'causal', 'layerNorm', 'eps']);
  const x = checkMatrix(fn, 'x', o.x).toDType('float64'), d = x.cols;
  if (!Array.isArray(o.layers) || o.layers.length === 0) throw invalidType(fn, 'layers', 'a non-empty array of layer weights', o.layers);
  const heads = checkInteger(fn, 'heads', o.heads ?? 1, 1, Math.max(1, d));
  assertRange(d % heads === 0, fn, () => `expected heads (${heads}) to divide dModel = x.cols (${d})`, 'ERR_ATTNSIM_SHAPE');
  const eps = checkFiniteNumber(fn, 'eps', o.eps ?? LN_EPSILON);
  assertRange(eps > 0, fn, () => `expected a positive eps but received ${eps}`);
  const first = o.layers[0] as EncoderLayerWeights | undefined, ffnHidden = first?.w1 instanceof Matrix ? first.w1.cols : 0;
  const layers = o.layers.map((layer, l) => checkLayer(fn, layer, l, d, ffnHidden));
  return {
    x, layers, heads, ffnHidden, eps, causal: checkBoolean(fn, 'causal', o.causal ?? false),
    layerNorm: checkOneOf(fn, 'layerNorm', o.layerNorm ?? 'pre', ['pre', 'post', 'none'] as const),
  };
}

function checkLayer(fn: string, layer: EncoderLayerWeights, l: number, d: number, h: number): Required<EncoderLayerWeights> {
  if (typeof layer !== 'object' || layer === null) {
    throw invalidType(fn, `layers[${l}]`, 'an object { wq, wk, wv, wo, w1, b1, w2, b2, ln? }', layer);
  }
  const shapes: [keyof EncoderLayerWeights, number, number][] = [
    ['wq', d, d], ['wk', d, d], ['wv', d, d], ['wo', d, d], ['w1', d, h], ['b1', 1, h], ['w2', h, d], ['b2', 1, d],
  ];
  const out = Object.fromEntries(shapes.map(([name, rows, cols]) => [name, shaped(fn, `layers[${l}].${name}`, layer[name], rows, cols)]));
  const ln = layer.ln ?? { gamma: new Matrix(2, d, new Float64Array(2 * d).fill(1)), beta: new Matrix(2, d, new Float64Array(2 * d)) };
  if (typeof ln !== 'object' || ln === null) throw invalidType(fn, `layers[${l}].ln`, 'an object { gamma, beta }', ln);
  return {
    ...out, ln: { gamma: shaped(fn, `layers[${l}].ln.gamma`, ln.gamma, 2, d), beta: shaped(fn, `layers[${l}].ln.beta`, ln.beta, 2, d) },
  } as Required<EncoderLayerWeights>;
}

function shaped(fn: string, name: string, value: unknown, rows: number, cols: number): Matrix {
  const m = checkMatrix(fn, name, value);
  assertRange(m.rows === rows && m.cols === cols, fn, () => `expected ${name} to be ${rows}×${cols} but received ${m.describe()}`,
    'ERR_ATTNSIM_SHAPE');
  return m.toDType('float64');
}
