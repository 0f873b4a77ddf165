/** createAttentionLayer: attention with its weights checked and kept once, for many inputs. */
import { Backend, Floats } from '../backend/backend';
import { backend } from '../backend/select';
import { checkOptions } from '../check';
import { ArgumentRangeError } from '../errors';
import { AttentionInput, checkAttentionWeights, CheckedWeights, checkTokens, runAttention, runAttentionAsync } from './attention';
import { checkMatrix, checkMatrixObject, checkSameDType, DType, Matrix } from './matrix';

/** The weights and options of an attention layer: attention's input without x. */
export type AttentionLayerWeights = Omit<AttentionInput, 'x'>;

/** Multi-head attention with fixed weights, applied to one input at a time (createAttentionLayer). */
export interface AttentionLayer {
  /** Columns of an input (wq.rows). */
  readonly dIn: number;
  /** Columns of an output (wo.cols, or wv.cols without wo). */
  readonly dOut: number;
  /** The dtype of the weights, which inputs must share. */
  readonly dtype: DType;
  /**
   * attention({ x, ...weights }): the same kernel on the kept weights, so the same output; x alone is checked.
   * @throws as attention does for x, and ERR_ATTNSIM_DISPOSED after dispose().
   */
  forward(x: Matrix): Matrix;
  /** attentionAsync({ x, ...weights }) on the kept weights; do not modify x until the promise settles. */
  forwardAsync(x: Matrix): Promise<Matrix>;
  /** Lets the kept weights go; forward and forwardAsync then throw ERR_ATTNSIM_DISPOSED. */
  dispose(): void;
}

const weightKeys = ['wq', 'wk', 'wv', 'wo', 'heads', 'causal', 'scale'] as const;

/**
 * An attention layer: checks the weights and options once (shapes, dtypes, finite values, heads, scale), keeps copies
 * of the weights (later changes to the given matrices do not reach it), and then checks only each input x. On the
 * native backend it also keeps the weights packed as the kernel reads them (packed at its first call), which
 * attention packs anew on every call. Its outputs are attention's on the same weights, bit for bit.
 * @throws {ArgumentTypeError} for a non-Matrix, mixed dtypes or an unknown option; {ArgumentRangeError} for weights
 * that do not fit together, heads that do not divide, non-finite values.
 * @example const layer = createAttentionLayer({ wq: w, wk: w, wv: w, heads: 2 }); const y = layer.forward(x);
 */
export function createAttentionLayer(weights: AttentionLayerWeights): AttentionLayer {
  const fn = 'createAttentionLayer', o = checkOptions<AttentionLayerWeights>(fn, weights, weightKeys);
  const wq = checkMatrix(fn, 'wq', o.wq);
  const checked = checkAttentionWeights(fn, o, { name: 'wq', m: wq, dIn: wq.rows, dInFrom: 'wq.rows' }, checkMatrix);
  const copy = (m: Matrix) => new Matrix(m.rows, m.cols, m.data.slice());
  let kept: CheckedWeights | null = {
    ...checked, wq: copy(checked.wq), wk: copy(checked.wk), wv: copy(checked.wv), wo: checked.wo ? copy(checked.wo) : null,
  };
  const { dIn, dOut } = checked, dtype = wq.dtype;
  /** The kept weights packed by the backend that packs them (native), made at its first call and kept with the layer. */
  let packed: { on: Backend; data: Floats | null } | null = null;
  const packedFor = (w: CheckedWeights): Floats | null => {
    const on = backend();
    if (packed === null || packed.on !== on) {
      packed = { on, data: on.packAttention?.({ wq: w.wq.data, wk: w.wk.data, wv: w.wv.data, wo: w.wo ? w.wo.data : null,
        dIn: w.dIn, dModel: w.dModel, dV: w.dV, dOut: w.dOut }) ?? null };
    }
    return packed.data;
  };
  /** The layer's weights with x, checked (its values when `scan`) against them. */
  const instance = (method: string, value: unknown, scan: boolean) => {
    const call = `attentionLayer.${method}`;
    if (kept === null) {
      throw new ArgumentRangeError(`${call}: the layer was disposed (dispose() was called); create another with createAttentionLayer`,
        'ERR_ATTNSIM_DISPOSED');
    }
    const x = (scan ? checkMatrix : checkMatrixObject)(call, 'x', value);
    checkSameDType(call, 'the layer\'s weights', kept.wq, 'x', x);
    if (x.cols !== dIn) {
      throw new ArgumentRangeError(`${call}: expected x to have ${dIn} columns (the layer's dIn = wq.rows) but received ` +
        `${x.describe()}`, 'ERR_ATTNSIM_SHAPE');
    }
    checkTokens(call, 'x', x.rows);
    return { call, c: { ...kept, x, n: x.rows }, packed: packedFor(kept) };
  };
  return {
    dIn, dOut, dtype,
    forward(x: Matrix): Matrix {
      const { call, c, packed } = instance('forward', x, true);
      return runAttention(call, c, packed);
    },
    forwardAsync(x: Matrix): Promise<Matrix> {
      const { call, c, packed } = instance('forwardAsync', x, false);
      return runAttentionAsync(call, c, { x: c.x }, packed);
    },
    dispose(): void {
      kept = null;
      packed = null;
    },
  };
}
