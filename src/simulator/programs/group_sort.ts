/**
 * A GroupSort (MaxMin) network as one RASP program: each layer h ↦ h·Wᵀ + b, then MaxMin on pairs of columns after
 * every layer but the last (Anil et al. 2019; the paper's route to Lipschitz functions). Weights are input tokens.
 */
import { linear } from '../../rasp/index';
import { gather, MatrixSOp } from './matrix';
import { matmulTransBProgram } from './matmul';
import { maxminProgram } from './maxmin';

/** One affine layer's weights as matrix s-ops: w is out×in, b is 1×out. */
export interface AffineSOps {
  w: MatrixSOp;
  b: MatrixSOp;
}

/** The positions the network needs for x (m×in): its largest layer's products. */
export function groupSortTokens(m: number, shapes: { out: number; in: number }[]): number {
  return Math.max(...shapes.map((s) => m * s.out * s.in));
}

/** The network on the rows of x. */
export function groupSortProgram(x: MatrixSOp, layers: AffineSOps[]): MatrixSOp {
  let h = x;
  layers.forEach(({ w, b }, l) => {
    const product = matmulTransBProgram(h, w, `layer${l}:product`), size = product.rows * product.cols;
    const bias = gather(b.sop, `layer${l}:bias`, (p) => (p < size ? p % product.cols : -1));
    h = { ...product, sop: linear([product.sop, bias], [1, 1]).named(`layer${l}`) };
    if (l < layers.length - 1) h = maxminProgram(h, `layer${l}:maxmin`);
  });
  return h;
}
