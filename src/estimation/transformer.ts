/**
 * Transformer ERM: a circular windowed encoder (vector tokens, softmax heads that see t−U…t+U with a learned logit bias
 * per head and relative offset, ReLU feed-forward blocks) trained by Adam on squared loss with early stopping, through
 * tfjs's autograd; the trained weights export to an EncoderModel whose native forward is the same function.
 *
 * Positions enter only through the relative bias (as in T5 or ALiBi), so the model is shift-equivariant and the same
 * for every N: no absolute code has to be learned, and none limits how sharply a head can pick one offset.
 *
 * A head's scores are e^c·(q_i·k_j + bq·k_j + r(j − i)): the query bias bq gives a score of the key's content alone (the
 * top-k construction's importance μ(x_j)), and the learned log-coldness c lets a head approach the hard selection the
 * theory's attention makes without Adam having to grow every logit one small step at a time. c, bq and r start at 0
 * (plain attention, no offset favoured).
 */
import { checkInteger, invalidType } from '../check';
import { Matrix } from '../linalg/matrix';
import { MAX_SEED, Random } from '../linalg/random';
import { TfjsBackendName, tfjsEngine } from '../reference/tfjs_attention';
import { checkTrainData, checkTrainOptions, fitByAdam, initialWeights, registerGradients, TrainData, TrainHistory } from './train';
import { exportTransformer, windowOffsets } from './transformer_export';
import type { EncoderModel } from '../encoder/model';

type Tf = typeof import('@tensorflow/tfjs-core');
type Tensor = import('@tensorflow/tfjs-core').Tensor;

/** The shape of the windowed transformer. */
export interface TransformerShape {
  /** Each head sees the tokens t−U … t+U. */
  window: number;
  heads: number;
  /** Width of each head's query, key and value. */
  headDim: number;
  /** Residual dimensions beyond the output (the stream has width + 1). */
  width: number;
  /** Hidden units of each feed-forward block. */
  ffnHidden: number;
  /** Encoder blocks (attention + feed-forward). */
  blocks: number;
}

/** How to train. */
export interface TrainOptions {
  /** Passes over the training sequences at most (default 200). */
  epochs?: number;
  /** Sequences per step (default 16; trainTransformer: about 128 labelled positions, round(128 / labelled per sequence)). */
  batchSize?: number;
  /** Adam's step size (default 0.01; trainTransformer: 0.005). */
  learningRate?: number;
  /** Stop after this many epochs without a better validation loss (default 20; trainTransformer: 10). */
  patience?: number;
  /**
   * How many times a stall of `patience` epochs cuts the step size to a third, from the best weights, before the next
   * stall stops training (default 0; trainTransformer: 2).
   */
  decays?: number;
  /** The fraction of sequences held out for early stopping (default 0.2). */
  holdout?: number;
  /** Seeds the initial weights and the batch order. */
  seed: number;
  /** A tfjs backend (default: tfjs-node when installed, else wasm, else cpu). */
  backend?: TfjsBackendName;
}

/** The trained weights as plain arrays (row-major), the loss curve, and the backend that trained them. */
export interface TrainedTransformer {
  shape: TransformerShape;
  /** The sequence length it was trained on (the weights do not depend on it). */
  N: number;
  /** Token coordinates d. */
  d: number;
  /**
   * E (S×d, S = width + 1) embeds a token; per block b: bB.wq/wk/wv (S×heads·headDim, head h in columns h·headDim …),
   * .wo (heads·headDim×S), .r (heads×offsets: each head's logit bias for the offsets −U … U), .c (heads×1: each head's
   * log-coldness), .bq (1×heads·headDim: the query bias) and .w1, .b1, .w2, .b2 (the feed-forward block). The output
   * is the last stream dimension.
   */
  weights: Record<string, Float32Array>;
  history: TrainHistory;
  /** The runs trained (1 unless the first stayed on the plateau; see trainTransformer). */
  attempts: number;
  backend: TfjsBackendName;
  /** The same function as an attnsim EncoderModel (circular, vector tokens; forwardVectors gives N×1). */
  toEncoderModel(): EncoderModel;
  /** The tfjs forward on N×d inputs: one value per position of each. */
  predict(inputs: readonly Matrix[]): Promise<Float64Array[]>;
}

/**
 * trainTransformer's defaults, chosen on held-out loss (n = 2048 positions, N = 64, W = 4 and 32, one seed): batches
 * of about 128 labelled positions (2 sequences of 64 labelled everywhere, 32 with 4 labelled each), so that a few hundred
 * labelled positions still give many steps; step size 0.005, cut to a third twice at stalls of 10 epochs before the third
 * stall stops training (a patience of 20 gave the same held-out loss at n = 2048, W = 32: 0.512 against 0.515).
 */
const DEFAULTS = { learningRate: 0.005, patience: 10, decays: 2 }, BATCH_POSITIONS = 128;
/**
 * Restarts: a run whose best held-out loss is not below STUCK × the held-out loss of the constant (the training mean)
 * stayed on the plateau where attention is still flat; it is trained again from the next seed, at most ATTEMPTS runs
 * in all, and the run of the lowest held-out loss is kept.
 */
const ATTEMPTS = 3, STUCK = 0.9;

/**
 * Trains the windowed transformer on sequences and labels by Adam on the mean squared error, keeping the weights of
 * the best validation loss (early stopping).
 * @param data N×d input sequences and their labels: one per position, or with `labelled` one per labelled position (the
 *   same positions in every sequence; the loss and early stopping read only those).
 * @param shape the transformer's shape.
 * @param opts epochs, batch size, learning rate, patience, hold-out, seed, backend.
 * @returns the trained weights, the loss history, its EncoderModel and its tfjs forward.
 * @throws {ArgumentRangeError | ArgumentTypeError} for mismatched data or a bad shape.
 * @example const t = await trainTransformer({ inputs, labels }, shape, { seed: 1 }); t.toEncoderModel().forwardVectors(x);
 */
export async function trainTransformer(data: TrainData, shape: TransformerShape,
  opts: TrainOptions): Promise<TrainedTransformer> {
  const fn = 'estimation.trainTransformer';
  const { N, d } = checkTrainData(fn, data);
  checkShape(fn, shape, N);
  const o = checkTrainOptions(fn, opts);
  const { tf, name } = await tfjsEngine(fn, o.backend);
  registerGradients();
  const seed = checkInteger(fn, 'seed', o.seed, 0, MAX_SEED), shapes = weightShapes(shape, N, d), index = keyIndex(tf, N, shape.window);
  const at = data.labelled === undefined ? undefined : queriesAt(tf, data.labelled, N, shape.window);
  let best: { run: TrainedTransformer; validation: number } | undefined;
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const random = new Random((seed + attempt) % (MAX_SEED + 1));
      const variables = initialWeights(tf, shapes, random, (n, rows, cols) => (n === 'E' ? cols : rows), /\.(wo|w2)$/);
      try {
        const predict = (x: Tensor) => forward(tf, x, variables, index, shape, at);
        const batchSize = Math.max(1, Math.round(BATCH_POSITIONS / (data.labelled?.length ?? N)));
        const fit = fitByAdam(tf, { ...data, N, d, variables, random, o: { ...DEFAULTS, batchSize, ...o } }, predict);
        const weights = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, v.dataSync() as Float32Array]));
        const validation = Math.min(...fit.history.map((h) => h.validation));
        if (best === undefined || validation < best.validation) {
          best = { run: trained(shape, N, d, weights, fit.history, name, attempt + 1), validation };
        }
        if (validation < STUCK * fit.constantLoss) break;
      } finally {
        Object.values(variables).forEach((v) => v.dispose());
      }
    }
  } finally {
    index.dispose();
    at?.positions.dispose();
    at?.index.dispose();
  }
  return (best as { run: TrainedTransformer }).run;
}

/**
 * Names and shapes of the trainable weights; the stream has S = width + 1 dimensions (the free ones and the output), and
 * a block's heads sit side by side (head h in columns h·headDim … of wq, wk, wv and rows of wo, row h of r).
 */
function weightShapes(s: TransformerShape, N: number, d: number): Record<string, [number, number]> {
  const S = s.width + 1, Q = s.heads * s.headDim, shapes: Record<string, [number, number]> = { E: [S, d] };
  for (let b = 0; b < s.blocks; b++) {
    Object.assign(shapes, { [`b${b}.wq`]: [S, Q], [`b${b}.wk`]: [S, Q], [`b${b}.wv`]: [S, Q], [`b${b}.wo`]: [Q, S],
      [`b${b}.r`]: [s.heads, windowOffsets(s.window, N).length], [`b${b}.c`]: [s.heads, 1], [`b${b}.bq`]: [1, Q],
      [`b${b}.w1`]: [S, s.ffnHidden], [`b${b}.b1`]: [1, s.ffnHidden],
      [`b${b}.w2`]: [s.ffnHidden, S], [`b${b}.b2`]: [1, S] });
  }
  return shapes;
}

function checkShape(fn: string, s: TransformerShape, N: number): void {
  if (s === null || typeof s !== 'object') throw invalidType(fn, 'shape', 'an object', s);
  checkInteger(fn, 'shape.window', s.window, 0, Math.floor(N / 2));
  checkInteger(fn, 'shape.heads', s.heads, 1, 64);
  checkInteger(fn, 'shape.headDim', s.headDim, 1, 1024);
  checkInteger(fn, 'shape.width', s.width, 0, 4096);
  checkInteger(fn, 'shape.ffnHidden', s.ffnHidden, 1, 4096);
  checkInteger(fn, 'shape.blocks', s.blocks, 1, 16);
}

/** The key of every query t in `queries` (default 0 … N−1) and offset, (t + o) mod N, flattened (queries·offsets). */
function keyIndex(tf: Tf, N: number, U: number, queries?: Int32Array): Tensor {
  const offsets = windowOffsets(U, N), at = queries ?? Int32Array.from({ length: N }, (_, t) => t);
  const index = new Int32Array(at.length * offsets.length);
  at.forEach((t, j) => offsets.forEach((o, i) => { index[j * offsets.length + i] = (((t + o) % N) + N) % N; }));
  return tf.tensor1d(index, 'int32');
}

/** The labelled positions, and their windows' keys: where training needs the last block's output. */
interface Queries {
  positions: Tensor;
  index: Tensor;
}

function queriesAt(tf: Tf, labelled: Int32Array, N: number, U: number): Queries {
  return { positions: tf.tensor1d(labelled, 'int32'), index: keyIndex(tf, N, U, labelled) };
}

/**
 * The forward pass on B sequences [B, N, d] → [B, N], or [B, M] at M positions `at` (the last block runs only there):
 * each query scores only the L keys of its window, as one batched product per block over (sequence, position, head).
 */
function forward(tf: Tf, x: Tensor, w: Record<string, Tensor>, index: Tensor, s: TransformerShape, at?: Queries): Tensor {
  const [B, N, d] = x.shape, S = s.width + 1, L = index.shape[0] / N, { heads, headDim } = s;
  let h = tf.matMul(tf.reshape(x, [B * N, d]) as never, w.E as never, false, true) as Tensor, M = N;
  for (let b = 0; b < s.blocks; b++) {
    const project = (from: Tensor, m: string, count: number) =>
      tf.reshape(tf.matMul(from as never, w[`b${b}.${m}`] as never), [B, count, heads * headDim]);
    const last = b === s.blocks - 1 && at !== undefined, keys = last ? at.index : index;
    const from = last ? tf.reshape(tf.gather(tf.reshape(h, [B, N, S]), at.positions, 1), [-1, S]) : h;
    M = last ? at.positions.shape[0] : N;
    const rows = B * M * heads;
    // [B, N, heads·hd] → the window's keys of each of the M queries, [B·M·heads, L, hd].
    const windowed = (t: Tensor) => tf.reshape(tf.transpose(tf.reshape(tf.gather(t, keys, 1), [B, M, L, heads, headDim]),
      [0, 1, 3, 2, 4]), [rows, L, headDim]);
    const q = tf.reshape(tf.add(project(from, 'wq', M), w[`b${b}.bq`]), [rows, 1, headDim]);
    const scores = tf.mul(tf.add(tf.reshape(tf.matMul(q as never, windowed(project(h, 'wk', N)) as never, false, true),
      [B * M, heads, L]), w[`b${b}.r`]), tf.exp(w[`b${b}.c`]));
    const mixed = tf.matMul(tf.reshape(tf.softmax(scores), [rows, 1, L]) as never, windowed(project(h, 'wv', N)) as never);
    const attended = tf.add(from, tf.matMul(tf.reshape(mixed, [B * M, heads * headDim]) as never, w[`b${b}.wo`] as never));
    const hidden = tf.relu(tf.add(tf.matMul(attended as never, w[`b${b}.w1`] as never), w[`b${b}.b1`]));
    h = tf.add(attended, tf.add(tf.matMul(hidden as never, w[`b${b}.w2`] as never), w[`b${b}.b2`]));
  }
  return tf.reshape(tf.slice(h, [0, S - 1], [B * M, 1]), [B, M]);
}

/** The trained result: plain weights, the EncoderModel built from them, and the tfjs forward on new inputs. */
function trained(shape: TransformerShape, N: number, d: number, weights: Record<string, Float32Array>,
  history: TrainHistory, backend: TfjsBackendName, attempts: number): TrainedTransformer {
  const shapes = weightShapes(shape, N, d);
  return {
    shape, N, d, weights, history, attempts, backend,
    toEncoderModel: () => exportTransformer(shape, N, d, weights),
    predict: async (inputs) => {
      const { tf } = await tfjsEngine('TrainedTransformer.predict', backend);
      const out = tf.tidy(() => {
        const w = Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, tf.tensor2d(v, shapes[k])]));
        const x = tf.tensor3d(Float32Array.from(inputs.flatMap((m) => Array.from(m.data))), [inputs.length, N, d]);
        return forward(tf, x, w, keyIndex(tf, N, shape.window), shape);
      });
      const values = out.dataSync();
      out.dispose();
      return inputs.map((_, i) => Float64Array.from(values.subarray(i * N, (i + 1) * N)));
    },
  };
}
