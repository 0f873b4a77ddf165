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
    const d = residual.width, column = (dim: number) => Float64Array.from({ length: x.rows }, (_, t) => x.data[t * d + dim]);
    const values = this.values(this.inputs.map(column), column(residual.dim(ONE)));
    for (let t = 0; t < x.rows; t++) out.data[t * d + this.output] += values[t];
  }

  /**
   * The block's values at every position, from its input dimensions given as columns (one value per position).
   * @param inputs one column per dimension of `inputs`, in that order.
   * @param one the `one` dimension's column: where it is 0 (BOS) the value is 0.
   */
  values(inputs: readonly Float64Array[], one: Float64Array): Float64Array {
    const out = new Float64Array(one.length), args = new Array<number>(inputs.length);
    for (let t = 0; t < one.length; t++) {
      if (one[t] === 0) continue;
      for (let a = 0; a < args.length; a++) args[a] = inputs[a][t];
      out[t] = this.f(...args);
    }
    return out;
  }
}
