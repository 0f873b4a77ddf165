/** The TensorFlow.js encoder oracle: encoderForward's computation in float32 on the best tfjs backend that loads. */
import { checkOptions } from '../check';
import { CheckedEncoder, checkEncoder, EncoderInput } from '../linalg/encoder_forward';
import { Matrix } from '../linalg/matrix';
import { TfjsAttentionResult, TfjsBackendName, tfjsEngine } from './tfjs_attention';

type Tf = typeof import('@tensorflow/tfjs-core');
type Tensor2D = import('@tensorflow/tfjs-core').Tensor2D;

/**
 * The same encoder as encoderForward, computed by TensorFlow.js in float32 (backends loaded as for tfjsAttention).
 * @param input as for encoderForward.
 * @param opts.backend a tfjs backend to use instead of the best one that loads.
 * @returns the output rows and the name of the tfjs backend that answered.
 * @throws {BackendError} when the backend asked for does not load; argument errors as encoderForward.
 * @example const { output } = await tfjsEncoder({ x, layers, heads: 2, layerNorm: 'pre' });
 */
export async function tfjsEncoder(input: EncoderInput, opts?: { backend?: TfjsBackendName }): Promise<TfjsAttentionResult> {
  const c = checkEncoder('tfjsEncoder', input);
  const o = checkOptions<{ backend: TfjsBackendName }>('tfjsEncoder', opts, ['backend']);
  const { tf, name } = await tfjsEngine('tfjsEncoder', o.backend);
  const output = tf.tidy(() => encoderGraph(tf, c).arraySync() as number[][]);
  return { output, backend: name };
}

function encoderGraph(tf: Tf, c: CheckedEncoder): Tensor2D {
  const t = (m: Matrix) => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols], 'float32');
  const n = c.x.rows, d = c.x.cols, dh = d / c.heads, visible = tf.cast(tf.linalg.bandPart(tf.ones([n, n]), -1, 0), 'bool');
  let x = t(c.x);
  for (const l of c.layers) {
    const gamma = t(l.ln.gamma), beta = t(l.ln.beta);
    const ln = (m: Tensor2D, i: number): Tensor2D => {
      const { mean, variance } = tf.moments(m, 1, true);
      const normed = tf.div(tf.sub(m, mean), tf.sqrt(tf.add(variance, c.eps)));
      return tf.add(tf.mul(normed, tf.slice(gamma, [i, 0], [1, d])), tf.slice(beta, [i, 0], [1, d])) as Tensor2D;
    };
    const attend = (m: Tensor2D): Tensor2D => {
      const q = tf.matMul(m, t(l.wq)), k = tf.matMul(m, t(l.wk)), v = tf.matMul(m, t(l.wv));
      const heads = Array.from({ length: c.heads }, (_, h) => {
        const qh = tf.slice(q, [0, h * dh], [n, dh]), kh = tf.slice(k, [0, h * dh], [n, dh]);
        let scores = tf.mul(tf.matMul(qh, kh, false, true), 1 / Math.sqrt(dh));
        if (c.causal) scores = tf.where(visible, scores, tf.fill([n, n], -Infinity));
        return tf.matMul(tf.softmax(scores), tf.slice(v, [0, h * dh], [n, dh]));
      });
      return tf.matMul(c.heads === 1 ? heads[0] : tf.concat(heads, 1), t(l.wo));
    };
    const ffn = (m: Tensor2D): Tensor2D => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(m, t(l.w1)), t(l.b1))), t(l.w2)), t(l.b2));
    if (c.layerNorm === 'pre') {
      x = tf.add(x, attend(ln(x, 0)));
      x = tf.add(x, ffn(ln(x, 1)));
    } else {
      x = tf.add(x, attend(x));
      if (c.layerNorm === 'post') x = ln(x, 0);
      x = tf.add(x, ffn(x));
      if (c.layerNorm === 'post') x = ln(x, 1);
    }
  }
  return x;
}
