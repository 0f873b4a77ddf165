/**
 * The structured executor: the same weights, but a head whose hint says "equality on a dimension" finds its keys by
 * hashing that dimension's values, and the BOS clean-up head by its fixed pattern, so a layer costs O(T·D) rather
 * than O(T²). MLPs and marked blocks run as in the dense executor. Softmax heads have no such structure: use dense.
 */
import { AttentionHead } from '../../encoder/attention_head';
import { addInto, copy, EncoderLayer } from '../../encoder/layer';
import { EncoderModel } from '../../encoder/model';
import { Matrix } from '../../linalg/matrix';
import { matmul } from '../../linalg/matmul';

/** The final stream of the model on the tokens. */
export function runStructured(model: EncoderModel, tokens: number[]): Matrix {
  let x = model.embed(tokens);
  for (const layer of model.layers) x = structuredLayer(model, layer, x);
  return x;
}

/** As runStructured, yielding to the event loop between layers. */
export async function runStructuredAsync(model: EncoderModel, tokens: number[]): Promise<Matrix> {
  let x = model.embed(tokens);
  for (const layer of model.layers) {
    await new Promise((resolve) => setImmediate(resolve));
    x = structuredLayer(model, layer, x);
  }
  return x;
}

/** One layer on the stream x: the heads as below, then the layer's own feed-forward sublayer. */
function structuredLayer(model: EncoderModel, layer: EncoderLayer, x: Matrix): Matrix {
  const afterAttention = copy(x);
  for (const head of layer.heads) addHead(head, x, afterAttention, model.settings.causal);
  return layer.feedForward(afterAttention, model.residual);
}

/** Adds the head's output: for each query, the mean over its selected keys of x·Wv, times Wo. */
function addHead(head: AttentionHead, x: Matrix, out: Matrix, causal: boolean): void {
  if (head.kind !== 'hard' || head.hint === undefined) {
    addInto(out, head.output(x, head.pattern(x, causal)));
    return;
  }
  const t = x.rows, v = matmul(x, head.weights.wv), dv = v.cols, mixed = new Float64Array(t * dv);
  const add = (q: number, k: number, w: number) => { for (let c = 0; c < dv; c++) mixed[q * dv + c] += w * v.data[k * dv + c]; };
  add(0, 0, 1);
  if (head.hint.kind === 'bos-cleanup') {
    for (let k = 1; k < t; k++) for (let c = 0; c < dv; c++) mixed[(causal ? k : 1) * dv + c] += v.data[k * dv + c];
    spreadMeans(mixed, t, dv, causal);
  } else {
    const d = x.cols, { query, key } = head.hint, byValue = new Map<number, number[]>();
    for (let k = 1; k < t; k++) {
      const value = x.data[k * d + key], list = byValue.get(value);
      if (list) list.push(k); else byValue.set(value, [k]);
    }
    for (let q = 1; q < t; q++) {
      const keys = (byValue.get(x.data[q * d + query]) ?? []).filter((k) => !causal || k <= q);
      if (keys.length === 0) add(q, 0, 1);
      for (const k of keys) add(q, k, 1 / keys.length);
    }
  }
  addInto(out, matmul(new Matrix(t, dv, mixed), head.weights.wo));
}

/** The clean-up pattern's means: row 1 holds the sum over all non-BOS keys (or rows hold single keys when causal). */
function spreadMeans(mixed: Float64Array, t: number, dv: number, causal: boolean): void {
  if (!causal) {
    for (let c = 0; c < dv; c++) {
      const mean = mixed[dv + c] / (t - 1);
      for (let q = 1; q < t; q++) mixed[q * dv + c] = mean;
    }
    return;
  }
  for (let c = 0; c < dv; c++) {
    let sum = 0;
    for (let q = 1; q < t; q++) {
      sum += mixed[q * dv + c];
      mixed[q * dv + c] = sum / q;
    }
  }
}
