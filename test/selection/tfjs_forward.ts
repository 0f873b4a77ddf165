/** A tfjs (float32) forward of circular models of windowed softmax heads and ReLU MLPs, the oracle of the constructions' forward. */
import { EncoderModel } from '../../src/encoder/model';
import { visibility } from '../../src/encoder/attention_head';
import { Matrix } from '../../src/linalg/matrix';
import { tfjsBackends } from '../../src/reference/tfjs_attention';

type Tf = typeof import('@tensorflow/tfjs-core');
type Tensor2D = import('@tensorflow/tfjs-core').Tensor2D;

/** The final stream of `model` on x computed by tfjs on its best backend: every head as scores, mask, softmax, values. */
export async function tfjsForward(model: EncoderModel, x: Matrix): Promise<{ stream: Float32Array; backend: string }> {
  const backend = (await tfjsBackends())[0];
  const tf = require('@tensorflow/tfjs-core') as Tf;
  if (tf.getBackend() !== backend) await tf.setBackend(backend);
  const t = (m: Matrix) => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols]);
  const stream = tf.tidy(() => {
    let h: import('@tensorflow/tfjs-core').Tensor = t(model.embed(x));
    const n = h.shape[0];
    for (const layer of model.layers) {
      const updates = layer.heads.map((head) => {
        const visible = visibility(n, false, head.window), mask = new Float32Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) mask[i * n + j] = visible(i, j) ? 0 : -Infinity;
        const q = tf.matMul(h as Tensor2D, t(head.weights.wq)), k = tf.matMul(h as Tensor2D, t(head.weights.wk));
        const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), head.coldness), tf.tensor2d(mask, [n, n]));
        return tf.matMul(tf.softmax(scores), tf.matMul(tf.matMul(h as Tensor2D, t(head.weights.wv)), t(head.weights.wo)));
      });
      h = updates.reduce((acc, u) => tf.add(acc, u), h);
      if (layer.mlp !== null) {
        const hidden = tf.relu(tf.add(tf.matMul(h as Tensor2D, t(layer.mlp.w1)), tf.tensor1d(Float32Array.from(layer.mlp.b1))));
        h = tf.add(h, tf.add(tf.matMul(hidden, t(layer.mlp.w2)), tf.tensor1d(Float32Array.from(layer.mlp.b2))));
      }
    }
    return h.dataSync() as Float32Array;
  });
  return { stream, backend };
}
