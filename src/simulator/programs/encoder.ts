/**
 * A whole L-layer transformer encoder as ONE RASP program: per layer, multi-head attention + residual, LayerNorm (pre,
 * post or none) and a ReLU feed-forward block + residual. Every weight is read from the input tokens, so one stack
 * serves every set of weights of its shape. Every step is a program of this folder.
 */
import { linear, relu } from '../../rasp/index';
import { attentionProgram } from './attention';
import { layerNormProgram } from './layer_norm';
import { addProgram } from './linear';
import { gather, MatrixSOp } from './matrix';
import { matmulProgram } from './matmul';

/** The architecture of the encoder. */
export interface EncoderShape {
  n: number;
  d: number;
  heads: number;
  causal: boolean;
  ffnHidden: number;
  layerNorm: 'pre' | 'post' | 'none';
  eps: number;
  /** The positions the products may use (encoderTokens). */
  budget: number;
}

/** One layer's weights as matrix s-ops, in the order of encoderOperands. */
export interface EncoderLayerSOps {
  wq: MatrixSOp; wk: MatrixSOp; wv: MatrixSOp; wo: MatrixSOp;
  w1: MatrixSOp; b1: MatrixSOp; w2: MatrixSOp; b2: MatrixSOp;
  gamma: MatrixSOp; beta: MatrixSOp;
}

/** The names and shapes of one layer's operands, in the order they sit in the input. */
export function layerOperands(d: number, h: number): [keyof EncoderLayerSOps, number, number][] {
  return [['wq', d, d], ['wk', d, d], ['wv', d, d], ['wo', d, d], ['w1', d, h], ['b1', 1, h], ['w2', h, d], ['b2', 1, d],
    ['gamma', 2, d], ['beta', 2, d]];
}

/**
 * The positions the encoder runs on: its operands, or its largest matrix (the heads' scores, heads·n², or the
 * feed-forward hidden layer, n·ffnHidden); every product is cut into chunks that fit (see contraction).
 */
export function encoderTokens(s: Omit<EncoderShape, 'budget'>, operandsLength: number): number {
  return Math.max(operandsLength, s.heads * s.n * s.n, s.n * s.ffnHidden);
}

/** x + bias row broadcast over x's rows. */
function addBias(x: MatrixSOp, bias: MatrixSOp, name: string): MatrixSOp {
  const size = x.rows * x.cols;
  const b = gather(bias.sop, `${name}:bias`, (p) => (p < size ? p % x.cols : -1));
  return { ...x, sop: linear([x.sop, b], [1, 1]).named(name) };
}

/** The encoder on x (n×d). */
export function encoderProgram(x: MatrixSOp, layers: EncoderLayerSOps[], s: EncoderShape): MatrixSOp {
  let h = x;
  layers.forEach((w, l) => {
    const ln = (m: MatrixSOp, i: number) => layerNormProgram(m, w.gamma, w.beta, i, s.eps, `layer${l}:ln${i + 1}`);
    const attend = (m: MatrixSOp) => attentionProgram(m, w.wq, w.wk, w.wv, w.wo,
      { n: s.n, d: s.d, heads: s.heads, causal: s.causal, budget: s.budget }, `layer${l}:`);
    const ffn = (m: MatrixSOp) => {
      const hidden = addBias(matmulProgram(m, w.w1, `layer${l}:ffn1`, 1, s.budget), w.b1, `layer${l}:ffn1+b`);
      const activated = { ...hidden, sop: relu(hidden.sop).named(`layer${l}:relu`) };
      return addBias(matmulProgram(activated, w.w2, `layer${l}:ffn2`, 1, s.budget), w.b2, `layer${l}:ffn2+b`);
    };
    if (s.layerNorm === 'pre') {
      h = addProgram(h, attend(ln(h, 0)), `layer${l}:residual1`);
      h = addProgram(h, ffn(ln(h, 1)), `layer${l}:residual2`);
    } else {
      h = addProgram(h, attend(h), `layer${l}:residual1`);
      if (s.layerNorm === 'post') h = ln(h, 0);
      h = addProgram(h, ffn(h), `layer${l}:residual2`);
      if (s.layerNorm === 'post') h = ln(h, 1);
    }
  });
  return h;
}
