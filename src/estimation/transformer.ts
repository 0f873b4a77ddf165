/**
 * Transformer ERM: a circular windowed encoder (vector tokens, sinusoidal positions, softmax heads that see t−U…t+U,
 * ReLU feed-forward blocks) trained by Adam on squared loss with early stopping, through tfjs's autograd; the trained
 * weights export to an EncoderModel whose native forward is the same function.
 */
import { checkInteger, checkOptions, invalidRange, invalidType } from '../check';
import { AttentionHead, visibility } from '../encoder/attention_head';
import { EncoderLayer } from '../encoder/layer';
import { EncoderModel } from '../encoder/model';
import { MLP } from '../encoder/mlp';
import { positionalTable } from '../encoder/positional';
import { DimLabel, ONE, ResidualSpace } from '../encoder/residual';
import { Matrix } from '../linalg/matrix';
import { MAX_SEED, Random } from '../linalg/random';
import { TfjsBackendName, tfjsEngine } from '../reference/tfjs_attention';
import { fitByAdam, initialWeights, registerGradients, TrainHistory } from './train';

type Tf = typeof import('@tensorflow/tfjs-core');
type Tensor = import('@tensorflow/tfjs-core').Tensor;

/** The shape of the windowed transformer. */
export interface TransformerShape {
  /** Each head sees the tokens t−U … t+U. */
  window: number;
  heads: number;
  /** Width of each head's query, key and value. */
  headDim: number;
  /** Residual dimensions beyond the constant, the positional code and the output. */
  width: number;
  /** Hidden units of each feed-forward block. */
  ffnHidden: number;
  /** Encoder blocks (attention + feed-forward). */
  blocks: number;
  /** Sinusoidal positional frequencies K (2K dimensions). */
  frequencies: number;
}

/** How to train. */
export interface TrainOptions {
  /** Passes over the training sequences at most (default 200). */
  epochs?: number;
  /** Sequences per step (default 16). */
  batchSize?: number;
  /** Adam's step size (default 0.01). */
  learningRate?: number;
  /** Stop after this many epochs without a better validation loss (default 20). */
  patience?: number;
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
  /** The sequence length the positional code was made for. */
  N: number;
  /** Token coordinates d. */
  d: number;
  weights: Record<string, Float32Array>;
  history: TrainHistory;
  backend: TfjsBackendName;
  /** The same function as an attnsim EncoderModel (circular, vector tokens; forwardVectors gives N×1). */
  toEncoderModel(): EncoderModel;
  /** The tfjs forward on N×d inputs: one value per position of each. */
  predict(inputs: readonly Matrix[]): Promise<Float64Array[]>;
}

/** Names and shapes of the trainable weights. */
function weightShapes(s: TransformerShape, D: number, d: number): Record<string, [number, number]> {
  const shapes: Record<string, [number, number]> = { E: [D, d] };
  for (let b = 0; b < s.blocks; b++) {
    for (let h = 0; h < s.heads; h++) {
      for (const w of ['wq', 'wk', 'wv']) shapes[`b${b}.h${h}.${w}`] = [D, s.headDim];
      shapes[`b${b}.h${h}.wo`] = [s.headDim, D];
    }
    Object.assign(shapes, { [`b${b}.w1`]: [D, s.ffnHidden], [`b${b}.b1`]: [1, s.ffnHidden], [`b${b}.w2`]: [s.ffnHidden, D],
      [`b${b}.b2`]: [1, D] });
  }
  return shapes;
}

/** The residual layout: the constant, the positional code, the free dimensions, the output (last). */
function residualLabels(s: TransformerShape, N: number): DimLabel[] {
  const pos = positionalTable({ sinusoidal: s.frequencies }, N).labels;
  return [{ sop: ONE }, ...pos, ...Array.from({ length: s.width }, (_, i) => ({ sop: 'hidden', value: i })), { sop: 'out' }];
}

/** N×D: 1 in the constant dimension and the sinusoidal code of each position; 0 elsewhere. */
function positionRows(s: TransformerShape, N: number, D: number): Float64Array {
  const code = positionalTable({ sinusoidal: s.frequencies }, N).table, k = 2 * s.frequencies, rows = new Float64Array(N * D);
  for (let t = 0; t < N; t++) {
    rows[t * D] = 1;
    for (let i = 0; i < k; i++) rows[t * D + 1 + i] = code.data[t * k + i];
  }
  return rows;
}

/**
 * Trains the windowed transformer on sequences and labels by Adam on the mean squared error, keeping the weights of
 * the best validation loss (early stopping).
 * @param data N×d input sequences and their labels (one per position).
 * @param shape the transformer's shape.
 * @param opts epochs, batch size, learning rate, patience, hold-out, seed, backend.
 * @returns the trained weights, the loss history, its EncoderModel and its tfjs forward.
 * @throws {ArgumentRangeError | ArgumentTypeError} for mismatched data or a bad shape.
 * @example const t = await trainTransformer({ inputs, labels }, shape, { seed: 1 }); t.toEncoderModel().forwardVectors(x);
 */
export async function trainTransformer(data: { inputs: readonly Matrix[]; labels: readonly Float64Array[] }, shape: TransformerShape,
  opts: TrainOptions): Promise<TrainedTransformer> {
  const fn = 'estimation.trainTransformer';
  const { N, d } = checkData(fn, data);
  checkShape(fn, shape, N);
  const o = checkOptions<TrainOptions>(fn, opts, ['epochs', 'batchSize', 'learningRate', 'patience', 'holdout', 'seed', 'backend']);
  const { tf, name } = await tfjsEngine(fn, o.backend);
  registerGradients();
  const D = residualLabels(shape, N).length, random = new Random(checkInteger(fn, 'seed', o.seed, 0, MAX_SEED));
  const variables = initialWeights(tf, weightShapes(shape, D, d), random, (n, rows, cols) => (n === 'E' ? cols : rows), /\.(wo|w2)$/);
  const constants = { positions: tf.tensor2d(Float32Array.from(positionRows(shape, N, D)), [N, D]), mask: windowMask(tf, N, shape.window) };
  try {
    const predict = (x: Tensor) => forward(tf, x, variables, constants, shape);
    const history = fitByAdam(tf, { ...data, N, d, variables, random, o }, predict);
    const weights = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, v.dataSync() as Float32Array]));
    return trained(shape, N, d, weights, history, name);
  } finally {
    Object.values(variables).forEach((v) => v.dispose());
    Object.values(constants).forEach((c) => c.dispose());
  }
}

function checkData(fn: string, data: { inputs: readonly Matrix[]; labels: readonly Float64Array[] }): { N: number; d: number } {
  if (!Array.isArray(data?.inputs) || data.inputs.length < 5 || !Array.isArray(data.labels) || data.labels.length !== data.inputs.length) {
    throw invalidRange(fn, 'expected at least 5 input sequences and one label array per sequence');
  }
  const first = data.inputs[0];
  if (!(first instanceof Matrix)) throw invalidType(fn, 'inputs[0]', 'an N×d Matrix', first);
  data.inputs.forEach((x, i) => {
    if (!(x instanceof Matrix) || x.rows !== first.rows || x.cols !== first.cols || data.labels[i].length !== first.rows) {
      throw invalidRange(fn, `expected every sequence to be ${first.rows}×${first.cols} with ${first.rows} labels (sequence ${i} is not)`);
    }
  });
  return { N: first.rows, d: first.cols };
}

function checkShape(fn: string, s: TransformerShape, N: number): void {
  if (s === null || typeof s !== 'object') throw invalidType(fn, 'shape', 'an object', s);
  checkInteger(fn, 'shape.window', s.window, 0, Math.floor(N / 2));
  checkInteger(fn, 'shape.heads', s.heads, 1, 64);
  checkInteger(fn, 'shape.headDim', s.headDim, 1, 1024);
  checkInteger(fn, 'shape.width', s.width, 0, 4096);
  checkInteger(fn, 'shape.ffnHidden', s.ffnHidden, 1, 4096);
  checkInteger(fn, 'shape.blocks', s.blocks, 1, 16);
  checkInteger(fn, 'shape.frequencies', s.frequencies, 0, Math.floor(N / 2));
}

/** N×N: 0 where a query sees a key (within the window, circularly), −1e9 elsewhere. */
function windowMask(tf: Tf, N: number, window: number): Tensor {
  const visible = visibility(N, false, window), mask = new Float32Array(N * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) mask[i * N + j] = visible(i, j) ? 0 : -1e9;
  return tf.tensor2d(mask, [N, N]);
}

/** The forward pass on B sequences [B, N, d] → [B, N]. */
function forward(tf: Tf, x: Tensor, w: Record<string, Tensor>, c: { positions: Tensor; mask: Tensor }, s: TransformerShape): Tensor {
  const [B, N, d] = x.shape, D = w.E.shape[0];
  const flat = (t: Tensor, cols: number) => tf.reshape(t, [B * N, cols]);
  let h = tf.add(tf.reshape(tf.matMul(flat(x, d) as never, w.E as never, false, true), [B, N, D]), c.positions);
  for (let b = 0; b < s.blocks; b++) {
    const stream = flat(h, D);
    let attended: Tensor = h;
    for (let k = 0; k < s.heads; k++) {
      const project = (m: string) => tf.reshape(tf.matMul(stream as never, w[`b${b}.h${k}.${m}`] as never), [B, N, s.headDim]);
      const weights = tf.softmax(tf.add(tf.matMul(project('wq') as never, project('wk') as never, false, true), c.mask));
      const heads = tf.matMul(weights as never, project('wv') as never);
      attended = tf.add(attended, tf.reshape(tf.matMul(flat(heads, s.headDim) as never, w[`b${b}.h${k}.wo`] as never), [B, N, D]));
    }
    const mid = flat(attended, D);
    const hidden = tf.relu(tf.add(tf.matMul(mid as never, w[`b${b}.w1`] as never), w[`b${b}.b1`]));
    h = tf.reshape(tf.add(mid, tf.add(tf.matMul(hidden as never, w[`b${b}.w2`] as never), w[`b${b}.b2`])), [B, N, D]);
  }
  return tf.reshape(tf.slice(h, [0, 0, D - 1], [B, N, 1]), [B, N]);
}

/** The trained result: plain weights, the EncoderModel built from them, and the tfjs forward on new inputs. */
function trained(shape: TransformerShape, N: number, d: number, weights: Record<string, Float32Array>,
  history: TrainHistory, backend: TfjsBackendName): TrainedTransformer {
  const labels = residualLabels(shape, N), D = labels.length;
  const shapes = weightShapes(shape, D, d);
  const matrix = (name: string) => new Matrix(shapes[name][0], shapes[name][1], Float64Array.from(weights[name]));
  return {
    shape, N, d, weights, history, backend,
    toEncoderModel: () => {
      const layers = Array.from({ length: shape.blocks }, (_, b) => new EncoderLayer(
        Array.from({ length: shape.heads }, (__, h) => new AttentionHead(`block ${b} head ${h}`, {
          wq: matrix(`b${b}.h${h}.wq`), wk: matrix(`b${b}.h${h}.wk`), wv: matrix(`b${b}.h${h}.wv`), wo: matrix(`b${b}.h${h}.wo`),
        }, 'softmax', 1, undefined, shape.window)),
        new MLP(matrix(`b${b}.w1`), Float64Array.from(weights[`b${b}.b1`]), matrix(`b${b}.w2`), Float64Array.from(weights[`b${b}.b2`]),
          Array.from({ length: shape.ffnHidden }, () => `block ${b} feed-forward`)), []));
      return new EncoderModel(new ResidualSpace(labels), { encoding: 'vector', matrix: matrix('E') },
        new Matrix(N, D, positionRows(shape, N, D)), layers, { sop: 'out', encoding: 'vector', dims: [D - 1], values: [] },
        { bos: 'bos', maxSeqLen: N, causal: false, circular: true });
    },
    predict: async (inputs) => {
      const { tf } = await tfjsEngine('TrainedTransformer.predict', backend);
      const out = tf.tidy(() => {
        const w = Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, tf.tensor2d(v, shapes[k])]));
        const c = { positions: tf.tensor2d(Float32Array.from(positionRows(shape, N, D)), [N, D]), mask: windowMask(tf, N, shape.window) };
        const x = tf.tensor3d(Float32Array.from(inputs.flatMap((m) => Array.from(m.data))), [inputs.length, N, d]);
        return forward(tf, x, w, c, shape);
      });
      const values = out.dataSync();
      out.dispose();
      return inputs.map((_, i) => Float64Array.from(values.subarray(i * N, (i + 1) * N)));
    },
  };
}
