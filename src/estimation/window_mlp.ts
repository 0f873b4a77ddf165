/** The baseline: one MLP on the flattened window x_{t−U}, …, x_{t+U} at every position (shared weights), trained by Adam. */
import { checkInteger, invalidRange, invalidType } from '../check';
import { Matrix } from '../linalg/matrix';
import { MAX_SEED, Random } from '../linalg/random';
import { TfjsBackendName, tfjsEngine } from '../reference/tfjs_attention';
import { checkTrainData, checkTrainOptions, fitByAdam, initialWeights, registerGradients, TrainData, TrainHistory } from './train';
import { TrainOptions } from './transformer';

type Tf = typeof import('@tensorflow/tfjs-core');
type Tensor = import('@tensorflow/tfjs-core').Tensor;

/** The window radius U and the hidden width of the baseline. */
export interface WindowMlpShape {
  window: number;
  hidden: number;
}

/** The trained baseline: its weights, loss history, backend and tfjs forward. */
export interface TrainedWindowMlp {
  shape: WindowMlpShape;
  N: number;
  d: number;
  weights: Record<string, Float32Array>;
  history: TrainHistory;
  backend: TfjsBackendName;
  /** One value per position of each N×d input. */
  predict(inputs: readonly Matrix[]): Promise<Float64Array[]>;
}

/**
 * Trains an MLP on the (2U+1)·d coordinates of each position's window (circular), the same at every position.
 * @param data N×d input sequences and one label per position (or per labelled position, with `labelled`).
 * @param shape window radius U and hidden width.
 * @param opts as for trainTransformer.
 * @returns the trained baseline.
 * @throws {ArgumentRangeError | ArgumentTypeError} for mismatched data or a bad shape.
 * @example const mlp = await trainWindowMlp({ inputs, labels }, { window: 2, hidden: 64 }, { seed: 1 });
 */
export async function trainWindowMlp(data: TrainData, shape: WindowMlpShape, opts: TrainOptions): Promise<TrainedWindowMlp> {
  const fn = 'estimation.trainWindowMlp';
  if (!Array.isArray(data?.inputs) || !(data.inputs[0] instanceof Matrix)) throw invalidType(fn, 'inputs', 'an array of N×d matrices', data?.inputs);
  const { N, d } = checkTrainData(fn, data);
  checkInteger(fn, 'shape.window', shape?.window, 0, Math.floor(N / 2));
  checkInteger(fn, 'shape.hidden', shape.hidden, 1, 4096);
  const o = checkTrainOptions(fn, opts);
  const { tf, name } = await tfjsEngine(fn, o.backend);
  registerGradients();
  const m = (2 * shape.window + 1) * d;
  const shapes: Record<string, [number, number]> = { w1: [m, shape.hidden], b1: [1, shape.hidden], w2: [shape.hidden, 1], b2: [1, 1] };
  const variables = initialWeights(tf, shapes, new Random(checkInteger(fn, 'seed', o.seed, 0, MAX_SEED)), (_, rows) => rows, /^w2$/);
  const index = windowIndex(tf, N, shape.window);
  try {
    const { history } = fitByAdam(tf, { ...data, N, d, variables, random: new Random((o.seed as number) + 1), o },
      (x) => forward(tf, x, variables, index, m));
    const weights = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, v.dataSync() as Float32Array]));
    return {
      shape, N, d, weights, history, backend: name,
      predict: async (inputs) => {
        const { tf: t } = await tfjsEngine('TrainedWindowMlp.predict', name);
        const out = t.tidy(() => {
          const w = Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, t.tensor2d(v, shapes[k])]));
          const x = t.tensor3d(Float32Array.from(inputs.flatMap((s) => Array.from(s.data))), [inputs.length, N, d]);
          return forward(t, x, w, windowIndex(t, N, shape.window), m);
        });
        const values = out.dataSync();
        out.dispose();
        return inputs.map((_, i) => Float64Array.from(values.subarray(i * N, (i + 1) * N)));
      },
    };
  } finally {
    Object.values(variables).forEach((v) => v.dispose());
    index.dispose();
  }
}

/** Rows per step of trainRowMlp: about the positions of one of trainTransformer's batches (128). */
const ROW_BATCH = 128;

/**
 * The same MLP on flattened windows given as rows, one independent labelled position each (the window MLP of radius 0
 * on sequences of one token): batches of 128 rows, and early stopping on a held-out 20 % of the rows.
 * @param points n×m rows (flattenWindows at the labelled positions); @param labels one per row; @param hidden width.
 * @param opts as for trainTransformer (batchSize counts rows).
 * @returns the trained MLP and its predictor on rows.
 * @throws {ArgumentRangeError} for fewer than 5 rows or mismatched labels.
 * @example const mlp = await trainRowMlp(flattenWindows(inputs, 4, labelled), labels, 64, { seed: 1 });
 */
export async function trainRowMlp(points: Matrix, labels: Float64Array, hidden: number, opts: TrainOptions):
  Promise<{ mlp: TrainedWindowMlp; predict(points: Matrix): Promise<Float64Array> }> {
  const fn = 'estimation.trainRowMlp';
  if (!(points instanceof Matrix) || !(labels instanceof Float64Array) || labels.length !== points.rows) {
    throw invalidRange(fn, 'expected an n×m Matrix of rows and a Float64Array of n labels');
  }
  const mlp = await trainWindowMlp({ inputs: asTokens(points), labels: Array.from(labels, (y) => Float64Array.of(y)) },
    { window: 0, hidden }, { batchSize: ROW_BATCH, ...opts });
  return { mlp, predict: async (rows) => Float64Array.from((await mlp.predict(asTokens(rows))).map((v) => v[0])) };
}

/** Each row as a sequence of one token. */
function asTokens(points: Matrix): Matrix[] {
  return Array.from({ length: points.rows }, (_, r) => new Matrix(1, points.cols, points.data.slice(r * points.cols, (r + 1) * points.cols)));
}

/** The positions of every window, t−U … t+U mod N, flattened (N·(2U+1)). */
function windowIndex(tf: Tf, N: number, U: number): Tensor {
  const index = new Int32Array(N * (2 * U + 1));
  for (let t = 0; t < N; t++) for (let o = -U; o <= U; o++) index[t * (2 * U + 1) + o + U] = (((t + o) % N) + N) % N;
  return tf.tensor1d(index, 'int32');
}

function forward(tf: Tf, x: Tensor, w: Record<string, Tensor>, index: Tensor, m: number): Tensor {
  const [B, N] = x.shape;
  const windows = tf.reshape(tf.gather(x, index, 1), [B * N, m]);
  const hidden = tf.relu(tf.add(tf.matMul(windows as never, w.w1 as never), w.b1));
  return tf.reshape(tf.add(tf.matMul(hidden as never, w.w2 as never), w.b2), [B, N]);
}
