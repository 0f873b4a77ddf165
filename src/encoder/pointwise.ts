/**
 * PointwiseBlock: a position-wise map that is NOT a neural network. It stands in for a map that has no exact ReLU
 * network (a product of two real-valued s-ops, exp on the reals) and is marked as such in counts, exports and drawings.
 */
import { Matrix } from '../linalg/matrix';
import { ONE, ResidualSpace } from './residual';

/** The named maps a pointwise block may compute; a name makes the block exportable. */
export const POINTWISE_FUNCTIONS: Readonly<Record<string, (...args: number[]) => number>> = {
  product: (a, b) => a * b,
  exp: (a) => Math.exp(a),
  reciprocal: (a) => 1 / a,
  divide: (a, b) => a / b,
};

/** A marked position-wise block: out[output] += f(x[inputs]) at every position but BOS. */
export class PointwiseBlock {
  /** Always true: this block is a function call, not weights. */
  readonly pointwise = true;

  /**
   * @param label the s-op it writes.
   * @param fn the name of the map (a key of POINTWISE_FUNCTIONS, or a name given to fromJSON).
   * @param f the map itself.
   * @param inputs the residual dimensions it reads.
   * @param output the residual dimension it writes.
   */
  constructor(readonly label: string, readonly fn: string, readonly f: (...args: number[]) => number,
    readonly inputs: readonly number[], readonly output: number) {}

  /** Adds the block's values into `out` (T×D), reading `x`; BOS (where the `one` dimension is 0) is left alone. */
  addTo(x: Matrix, out: Matrix, residual: ResidualSpace): void {
    const d = residual.width, one = residual.dim(ONE), xs = x.data, os = out.data;
    const args = new Array<number>(this.inputs.length);
    for (let t = 0; t < x.rows; t++) {
      if (xs[t * d + one] === 0) continue;
      for (let a = 0; a < args.length; a++) args[a] = xs[t * d + this.inputs[a]];
      os[t * d + this.output] += this.f(...args);
    }
  }
}
