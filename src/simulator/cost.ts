/** The simulator's cost: what the stack is made of, and the paper's figures for the elementary operations. */
import { EncoderModel } from '../encoder/model';

/** The size of a universal simulator. */
export interface SimulatorCost {
  layers: number;
  headsPerLayer: number[];
  residualWidth: number;
  /** The length of the token sequence the stack runs on (without BOS). */
  tokens: number;
  /** Marked position-wise blocks (products, exp, division): not neural networks. */
  pointwiseBlocks: number;
}

/** The cost of a compiled stack on `tokens` positions. */
export function costOf(model: EncoderModel, tokens: number): SimulatorCost {
  const c = model.config;
  return { layers: c.layers, headsPerLayer: c.headsPerLayer, residualWidth: c.residualWidth, tokens, pointwiseBlocks: c.pointwiseBlocks };
}

/** The paper's (Dutta et al., 2506.18739) figures for r×c operands, as functions of the shape. */
export const paperCost = {
  transpose: () => ({ layers: 2, heads: '1 per layer' }),
  matmul: (r: number, c: number) => ({ layers: 3, heads: `${r + c}, then ${r * c}` }),
  softmax: (r: number) => ({ layers: 2, heads: `${r}` }),
};
