/** The training loop every tfjs estimator shares: Adam on the mean squared error, mini-batches, early stopping. */
import { assertRange, checkFiniteNumber, checkInteger, checkOptions, invalidRange, invalidType } from '../check';
import { Matrix } from '../linalg/matrix';
import { Random } from '../linalg/random';
import type { TrainOptions } from './transformer';

type Tf = typeof import('@tensorflow/tfjs-core');
type Tensor = import('@tensorflow/tfjs-core').Tensor;
type Variable = import('@tensorflow/tfjs-core').Variable;

/**
 * What the tfjs trainers learn from: N×d sequences and their labels. Without `labelled` every position carries a label
 * (labels[i] has N values); with it only the within-sequence positions `labelled` do, the same in every sequence
 * (labels[i][j] is the label of position labelled[j] of sequence i), and the loss reads only those positions.
 */
export interface TrainData {
  inputs: readonly Matrix[];
  labels: readonly Float64Array[];
  /** The labelled positions of every sequence: distinct, increasing, in 0 … N−1 (default: all N). */
  labelled?: Int32Array;
}

/** The loss per epoch: training (mean over its batches) and validation. */
export type TrainHistory = { epoch: number; train: number; validation: number }[];

/** What a run of fitByAdam gives: its history, and the validation loss of the constant, the training labels' mean. */
export interface FitResult {
  history: TrainHistory;
  /** The loss a model that learned nothing would have on the held-out sequences. */
  constantLoss: number;
}

/**
 * What the loop reads: the data, the variables it trains, the seeded generator and the options.
 * @internal Left out of the published types (tsconfig stripInternal): they must not need tfjs-core's.
 */
export interface FitInput extends TrainData {
  N: number;
  d: number;
  variables: Record<string, Variable>;
  random: Random;
  /**
   * As TrainOptions; `decays`: how many times a stall of `patience` epochs cuts the step size to a third (from the best
   * weights) before it stops training (default 0: the first stall stops it).
   */
  o: { epochs?: number; batchSize?: number; learningRate?: number; patience?: number; holdout?: number; decays?: number };
}

/** The options of the tfjs trainers (TrainOptions). */
const TRAIN_OPTIONS = ['epochs', 'batchSize', 'learningRate', 'patience', 'decays', 'holdout', 'seed', 'backend'] as const;

/**
 * Checks a trainer's options: known names only; epochs, batchSize, patience positive integers; decays 0 … 10; a
 * positive finite learningRate; holdout in (0, 1). The seed and backend are checked where they are used.
 * @returns the options, typed.
 * @throws {ArgumentTypeError | ArgumentRangeError} naming `fn` and the option.
 * @internal Left out of the published types (tsconfig stripInternal): they must not need tfjs-core's.
 */
export function checkTrainOptions(fn: string, opts: unknown): Partial<TrainOptions> {
  const o = checkOptions<Record<(typeof TRAIN_OPTIONS)[number], unknown>>(fn, opts, TRAIN_OPTIONS) as Record<string, unknown>;
  for (const name of ['epochs', 'batchSize', 'patience']) if (o[name] !== undefined) checkInteger(fn, name, o[name], 1, 1e9);
  if (o.decays !== undefined) checkInteger(fn, 'decays', o.decays, 0, 10);
  if (o.learningRate !== undefined) {
    const rate = checkFiniteNumber(fn, 'learningRate', o.learningRate);
    assertRange(rate > 0, fn, () => `expected a positive learningRate but received ${rate}`);
  }
  if (o.holdout !== undefined) {
    const holdout = checkFiniteNumber(fn, 'holdout', o.holdout);
    assertRange(holdout > 0 && holdout < 1, fn, () => `expected a holdout fraction strictly between 0 and 1 but received ${holdout}`);
  }
  return o as Partial<TrainOptions>;
}

/**
 * Checks a trainer's data: at least 5 sequences of one shape N×d, `labelled` (if given) distinct increasing positions
 * in 0 … N−1, and as many labels per sequence as it has labelled positions.
 * @returns N and d.
 * @throws {ArgumentTypeError | ArgumentRangeError} naming `fn` and the argument.
 * @internal Left out of the published types (tsconfig stripInternal): they must not need tfjs-core's.
 */
export function checkTrainData(fn: string, data: TrainData): { N: number; d: number } {
  if (!Array.isArray(data?.inputs) || data.inputs.length < 5 || !Array.isArray(data.labels) || data.labels.length !== data.inputs.length) {
    throw invalidRange(fn, 'expected at least 5 input sequences and one label array per sequence');
  }
  const first = data.inputs[0];
  if (!(first instanceof Matrix)) throw invalidType(fn, 'inputs[0]', 'an N×d Matrix', first);
  const N = first.rows, labelled = data.labelled;
  if (labelled !== undefined) {
    if (!(labelled instanceof Int32Array) || labelled.length === 0) {
      throw invalidType(fn, 'labelled', 'a non-empty Int32Array of positions', labelled);
    }
    labelled.forEach((p, j) => assertRange(p >= (j === 0 ? 0 : labelled[j - 1] + 1) && p < N, fn,
      () => `expected labelled positions increasing in 0 … ${N - 1} but labelled[${j}] is ${p}`));
  }
  const count = labelled?.length ?? N, what = labelled === undefined ? 'labels' : 'labels (one per labelled position)';
  data.inputs.forEach((x, i) => {
    if (!(x instanceof Matrix) || x.rows !== N || x.cols !== first.cols || data.labels[i]?.length !== count) {
      throw invalidRange(fn, `expected every sequence to be ${N}×${first.cols} with ${count} ${what} (sequence ${i} is not)`);
    }
  });
  return { N, d: first.cols };
}

/**
 * Adam on the mean squared error of `predict` ([B, N, d] → [B, N], or [B, labelled.length]: the labelled positions
 * alone, which the loop would otherwise gather) with early stopping on a held-out part (after
 * `decays` cuts of the step size); leaves the weights of the best validation loss in the variables.
 * @returns the loss history and the constant's validation loss.
 * @internal Left out of the published types (tsconfig stripInternal): they must not need tfjs-core's.
 */
export function fitByAdam(tf: Tf, st: FitInput, predict: (x: Tensor) => Tensor): FitResult {
  const { o, random } = st, count = st.inputs.length, nValid = Math.max(1, Math.round(count * (o.holdout ?? 0.2)));
  const order = shuffle(Array.from({ length: count }, (_, i) => i), random);
  const valid = order.slice(0, nValid), train = order.slice(nValid), batch = o.batchSize ?? 16;
  let rate = o.learningRate ?? 0.01, optimizer = tf.train.adam(rate), cuts = o.decays ?? 0;
  const history: TrainHistory = [], labelled = st.labelled, perSequence = labelled?.length ?? st.N;
  const positions = labelled === undefined ? undefined : tf.tensor1d(labelled, 'int32');
  // The predictions at the labelled positions only ([B, count]) against their labels.
  const loss = (ids: number[]) => {
    const x = tf.tensor3d(Float32Array.from(ids.flatMap((i) => Array.from(st.inputs[i].data))), [ids.length, st.N, st.d]);
    const y = tf.tensor2d(Float32Array.from(ids.flatMap((i) => Array.from(st.labels[i]))), [ids.length, perSequence]);
    const predicted = predict(x);
    const out = positions === undefined || predicted.shape[1] === perSequence ? predicted : tf.gather(predicted, positions, 1);
    return tf.mean(tf.square(tf.sub(out, y))) as import('@tensorflow/tfjs-core').Scalar;
  };
  let best = Infinity, bestWeights: Record<string, Float32Array> = {}, since = 0;
  const restore = () => {
    for (const [k, v] of Object.entries(st.variables)) tf.tidy(() => v.assign(tf.tensor(bestWeights[k], v.shape)));
  };
  for (let epoch = 1; epoch <= (o.epochs ?? 200); epoch++) {
    if (since >= (o.patience ?? 20)) {
      if (cuts === 0) break;
      // A stall with cuts left: back to the best weights, a third of the step size, a fresh Adam.
      [cuts, since, rate] = [cuts - 1, 0, rate / 3];
      restore();
      optimizer.dispose();
      optimizer = tf.train.adam(rate);
    }
    let sum = 0;
    for (const ids of batches(shuffle(train, random), batch)) {
      const value = optimizer.minimize(() => loss(ids), true) as Tensor;
      sum += value.dataSync()[0] * ids.length;
      value.dispose();
    }
    const validation = tf.tidy(() => loss(valid).dataSync()[0]);
    history.push({ epoch, train: sum / train.length, validation });
    if (validation < best) {
      [best, since] = [validation, 0];
      bestWeights = Object.fromEntries(Object.entries(st.variables).map(([k, v]) => [k, Float32Array.from(v.dataSync())]));
    } else since++;
  }
  optimizer.dispose();
  positions?.dispose();
  restore();
  return { history, constantLoss: constantLoss(st.labels, train, valid) };
}

/**
 * Gaussian weights scaled by 1/√fan-in (times `outScale` for names matching `out`); biases (names ending .b1/.b2, .bq),
 * attention's offset biases (.r) and log-coldness (.c) 0.
 * @internal Left out of the published types (tsconfig stripInternal): they must not need tfjs-core's.
 */
export function initialWeights(tf: Tf, shapes: Record<string, [number, number]>, random: Random,
  fanIn: (name: string, rows: number, cols: number) => number, out: RegExp, outScale = 0.5): Record<string, Variable> {
  return Object.fromEntries(Object.entries(shapes).map(([name, [rows, cols]]) => {
    const bias = /\.(b[12]|bq|r|c)$/.test(name), scale = (out.test(name) ? outScale : 1) / Math.sqrt(fanIn(name, rows, cols));
    const values = Float32Array.from({ length: rows * cols }, () => (bias ? 0 : scale * random.normal()));
    return [name, tf.variable(tf.tensor2d(values, [rows, cols]), true, name)];
  }));
}

/**
 * Registers autograd's gradient functions with tfjs-core, once. tfjs-core's CommonJS bundle has none; the build
 * bundles its own gradient files into dist/src/vendor/tfjs_gradients.js (scripts/bundle-gradients.js).
 */
export function registerGradients(): void {
  require('../vendor/tfjs_gradients');
}

/** The mean squared error on the `valid` sequences of predicting the mean label of the `train` ones. */
function constantLoss(labels: readonly Float64Array[], train: number[], valid: number[]): number {
  let mean = 0, count = 0, sum = 0;
  for (const i of train) labels[i].forEach((y) => { mean += y; count++; });
  mean /= count;
  for (const i of valid) labels[i].forEach((y) => { sum += (y - mean) ** 2; });
  return sum / (valid.length * labels[valid[0]].length);
}

/** A seeded Fisher–Yates shuffle (a copy). */
function shuffle<T>(items: T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function batches(ids: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
