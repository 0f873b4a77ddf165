/** EncoderLayer: attention heads in parallel, then the feed-forward blocks, each with a residual connection. */
import { Matrix } from '../linalg/matrix';
import { AttentionHead } from './attention_head';
import { MLP } from './mlp';
import { PointwiseBlock } from './pointwise';
import { ResidualSpace } from './residual';

/** What one layer did to the stream, for tracing. */
export interface LayerTrace {
  /** The stream after the attention sublayer (T×D). */
  afterAttention: Matrix;
  /** The stream after the feed-forward sublayer (T×D). */
  afterMlp: Matrix;
  /** One T×T weight matrix per head. */
  patterns: Matrix[];
}

/** One encoder layer. */
export class EncoderLayer {
  /**
   * @param heads the attention heads, applied in parallel to the same stream.
   * @param mlp the layer's ReLU MLP (all its s-ops' units side by side), or null.
   * @param pointwise marked position-wise blocks beside the MLP.
   */
  constructor(readonly heads: readonly AttentionHead[], readonly mlp: MLP | null, readonly pointwise: readonly PointwiseBlock[]) {}

  /** Runs the layer on the stream x (T×D) and returns the new stream and what happened. */
  forward(x: Matrix, residual: ResidualSpace, causal: boolean): LayerTrace {
    const patterns = this.heads.map((h) => h.pattern(x, causal));
    const afterAttention = copy(x);
    this.heads.forEach((h, i) => addInto(afterAttention, h.output(x, patterns[i])));
    return { afterAttention, afterMlp: this.feedForward(afterAttention, residual), patterns };
  }

  /** The stream after the layer, without the heads' T×T patterns (windowed heads score only the keys in view). */
  apply(x: Matrix, residual: ResidualSpace, causal: boolean): Matrix {
    const afterAttention = copy(x);
    for (const h of this.heads) addInto(afterAttention, h.contribution(x, causal));
    return this.feedForward(afterAttention, residual);
  }

  /** The feed-forward sublayer with its residual connection: x + MLP(x) + the marked blocks' values. */
  feedForward(x: Matrix, residual: ResidualSpace): Matrix {
    const out = copy(x);
    if (this.mlp !== null) addInto(out, this.mlp.output(x));
    for (const block of this.pointwise) block.addTo(x, out, residual);
    return out;
  }
}

/** A float64 copy of a matrix. */
export function copy(m: Matrix): Matrix {
  return new Matrix(m.rows, m.cols, Float64Array.from(m.data));
}

/** target += other, elementwise. */
export function addInto(target: Matrix, other: Matrix): void {
  const t = target.data, o = other.data;
  for (let i = 0; i < t.length; i++) t[i] += o[i];
}
