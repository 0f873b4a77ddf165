/** The simulator's cost: what the stack is made of. */
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
