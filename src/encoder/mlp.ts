/** MLP: a real two-layer ReLU network on the residual stream, W2·ReLU(W1·x + b1) + b2 at every position. */
import { Matrix } from '../linalg/matrix';
import { matmul } from '../linalg/matmul';

/** A feed-forward block; `units` names, for each hidden unit, the s-op it serves. */
export class MLP {
  /**
   * @param w1 D×H; @param b1 H; @param w2 H×D; @param b2 D.
   * @param units the s-op label each hidden unit belongs to (length H).
   */
  constructor(readonly w1: Matrix, readonly b1: Float64Array, readonly w2: Matrix, readonly b2: Float64Array,
    readonly units: readonly string[]) {}

  /** The number of hidden units. */
  get hidden(): number {
    return this.w1.cols;
  }

  /** The block's contribution to the stream (T×D). */
  output(x: Matrix): Matrix {
    const h = matmul(x, this.w1), hd = h.data, hidden = this.hidden;
    for (let i = 0; i < hd.length; i++) hd[i] = Math.max(0, hd[i] + this.b1[i % hidden]);
    const out = matmul(h, this.w2), od = out.data, width = this.b2.length;
    for (let i = 0; i < od.length; i++) od[i] += this.b2[i % width];
    return out;
  }
}
