/** One cell of a figure: draw n labelled positions of the arm's target, fit one estimator, measure its risk on fresh positions. */
import { invalidRange } from '../../check';
import { effectiveSmoothness, gamma } from '../../smoothness/gamma';
import { fitErmTransformer, importanceCandidates, offsetCandidates } from '../erm_transformer';
import { fitKernelRidge } from '../kernel_ridge';
import { fitKnn } from '../knn';
import { flattenWindows, gatherTokens, PositionSample, samplePositions } from '../positions';
import { fitSieve, sievePredict } from '../sieve';
import { trainTransformer } from '../transformer';
import { checkTrialJob, RateTarget, sampleSeed, sequenceShape, sequenceTarget } from '../trial';
import { SequenceTarget } from '../../selection/targets';
import { trainRowMlp, trainWindowMlp } from '../window_mlp';
import { FIGURE_ESTIMATORS, FigureJob, FigurePoint } from './preset';

/** Test positions per repetition: 64 sequences of N = 64. */
const TEST_SEQUENCES = 64;
/**
 * Epochs are not capped in practice: training stops after PATIENCE epochs without a better held-out loss (the MLP), or
 * at trainTransformer's own rule (10 epochs, twice cutting the step size first).
 */
const EPOCH_LIMIT = 100000, PATIENCE = 20;

/**
 * Runs one cell. The training positions are seeded by (target seed, n, rep) and the test positions by (target seed,
 * rep): every repetition has its own data, shared by the estimators and windows of that repetition. Every estimator
 * fits on the labelled positions only (every position, or those of the job's spacing); the risk is over every position
 * of the test sequences.
 * @param job the figure, arm, estimator, window W, n and repetition.
 * @returns the measured risk and what the estimator chose.
 * @throws {ArgumentRangeError} for a malformed job.
 * @example await runFigureTrial({ figure: 'dimension', arm, estimator: 'knn', W: 2, n: 256, rep: 0 });
 */
export async function runFigureTrial(job: FigureJob): Promise<FigurePoint> {
  const fn = 'runFigureTrial';
  if (!(FIGURE_ESTIMATORS as readonly string[]).includes(job?.estimator)) {
    throw invalidRange(fn, `expected an estimator among ${FIGURE_ESTIMATORS.join(', ')} but received ${String(job?.estimator)}`);
  }
  checkTrialJob(fn, { target: job.arm?.target, estimator: 'oracle', n: 8, rep: job.rep });
  const t = job.arm.target, { N, picks } = sequenceShape(t), target = targetOf(t);
  if (!(Number.isInteger(job.W) && job.W >= 1 && 2 * job.W <= N)) {
    throw invalidRange(fn, `expected a window W with 1 ≤ 2W ≤ N = ${N} but received ${job.W}`);
  }
  const spacing = job.spacing ?? 1;
  if (!(Number.isInteger(spacing) && spacing >= 1 && spacing <= N && job.n % Math.floor(N / spacing) === 0)) {
    throw invalidRange(fn, `expected a spacing s in 1 … N = ${N} with n a multiple of ⌊N/s⌋ but received spacing ${job.spacing} and n ${job.n}`);
  }
  const started = Date.now(), margin = t.importance?.margin;
  const train = cached(`${JSON.stringify(t)}|${job.n}|${job.rep}|${spacing}`, () =>
    samplePositions({ target, N, positions: job.n, seed: sampleSeed(t.seed, job.n, job.rep), noise: t.noise, margin, spacing }));
  const test = cached(`${JSON.stringify(t)}|test|${job.rep}`, () =>
    samplePositions({ target, N, positions: TEST_SEQUENCES * N, seed: sampleSeed(t.seed + 1, 0, job.rep), noise: 0, margin }));
  const { predicted, detail } = await fitAndPredict(job, train, test, picks);
  let risk = 0;
  predicted.forEach((v, i) => { risk += (v - test.clean[i]) ** 2; });
  return { arm: job.arm.name, estimator: job.estimator, W: job.W, n: job.n, rep: job.rep, risk: risk / predicted.length,
    seconds: (Date.now() - started) / 1000, detail, ...(margin ? { fixedFraction: train.fixedFraction } : {}) };
}

/** The targets built (each holds up to 257,985 coefficients and, once evaluated, their plan: seconds to make). */
const targets = new Map<string, SequenceTarget>();

function targetOf(t: RateTarget): SequenceTarget {
  const key = JSON.stringify(t, (_k, v) => (v === Infinity ? 'Infinity' : v));
  let target = targets.get(key);
  if (target === undefined) {
    target = sequenceTarget(t);
    targets.set(key, target);
    if (targets.size > CACHED_SAMPLES) targets.delete(targets.keys().next().value as string);
  }
  return target;
}

/** The last few samples drawn (evaluating a target of 257,985 basis functions costs more than most fits). */
const samples = new Map<string, PositionSample>();
const CACHED_SAMPLES = 6;

function cached(key: string, draw: () => PositionSample): PositionSample {
  let s = samples.get(key);
  if (s === undefined) {
    s = draw();
    samples.set(key, s);
    if (samples.size > CACHED_SAMPLES) samples.delete(samples.keys().next().value as string);
  }
  return s;
}

async function fitAndPredict(job: FigureJob, train: PositionSample, test: PositionSample, picks: number):
  Promise<{ predicted: Float64Array; detail: string }> {
  const t = job.arm.target, g = gamma({ kind: t.kind, a: t.a }), W = job.W, d = train.inputs[0].cols;
  const width = Math.ceil(job.n ** (1 / (2 * effectiveSmoothness(t.a, t.kind) + 1)));
  switch (job.estimator) {
    case 'oracle': {
      const target = targetOf(t), fit = fitSieve(gatherTokens(train.inputs, (x) => target.sources(x), train.labelled), train.labels, g);
      return { predicted: sievePredict(fit, gatherTokens(test.inputs, (x) => target.sources(x))),
        detail: `T ${fit.T}, ${fit.frequencies.length} functions` };
    }
    case 'erm-transformer':
    case 'fixed-offset': {
      const candidates = job.estimator === 'erm-transformer' && t.importance !== undefined
        ? importanceCandidates(d, W, picks) : offsetCandidates(W, picks);
      const fit = fitErmTransformer(train, candidates, g);
      return { predicted: fit.predict(test.inputs), detail: `${JSON.stringify(fit.selection)} of ${fit.screened}, T ${fit.sieve.T}` };
    }
    case 'knn': {
      const fit = fitKnn(flattenWindows(train.inputs, W, train.labelled), train.labels);
      return { predicted: fit.predict(flattenWindows(test.inputs, W)), detail: `k ${fit.k}` };
    }
    case 'kernel-ridge': {
      const fit = fitKernelRidge(flattenWindows(train.inputs, W, train.labelled), train.labels);
      return { predicted: fit.predict(flattenWindows(test.inputs, W)),
        detail: `h ${fit.bandwidth.toPrecision(3)}, λ ${fit.ridge}, ${fit.centers} centres` };
    }
    case 'isotropic-sieve': {
      const x = flattenWindows(train.inputs, W, train.labelled), iso = gamma({ kind: 'anisotropic', a: Array.from({ length: x.cols }, () => 1) });
      const fit = fitSieve(x, train.labels, iso);
      return { predicted: sievePredict(fit, flattenWindows(test.inputs, W)), detail: `T ${fit.T}, ${fit.frequencies.length} functions` };
    }
    default:
      return trained(job, train, test, picks, width);
  }
}

/**
 * The MLP on the flattened window or the windowed transformer, trained to early stopping; one seed per repetition. Both
 * learn from the labelled positions only: the transformer's loss reads them (trainTransformer's `labelled`); with every
 * position labelled the MLP runs on the sequences (hold-out by whole sequences, whose neighbouring windows share tokens),
 * otherwise on the flattened windows of the labelled positions as independent rows (trainRowMlp).
 */
async function trained(job: FigureJob, train: PositionSample, test: PositionSample, picks: number, width: number):
  Promise<{ predicted: Float64Array; detail: string }> {
  const N = train.inputs[0].rows, L = train.labelled.length, every = L === N;
  const opts = { seed: sampleSeed(job.arm.target.seed + 2, job.n, job.rep), epochs: EPOCH_LIMIT };
  if (job.estimator === 'mlp' && !every) {
    const { mlp, predict } = await trainRowMlp(flattenWindows(train.inputs, job.W, train.labelled), train.labels, width,
      { ...opts, patience: PATIENCE });
    return { predicted: await predict(flattenWindows(test.inputs, job.W)), detail: `width ${width}, ${mlp.history.length} epochs, rows` };
  }
  const labels = train.inputs.map((_, i) => train.labels.slice(i * L, (i + 1) * L));
  const data = { inputs: train.inputs, labels, ...(every ? {} : { labelled: train.labelled }) };
  const model = job.estimator === 'mlp'
    ? await trainWindowMlp(data, { window: job.W, hidden: width }, { ...opts, patience: PATIENCE })
    : await trainTransformer(data, { window: job.W, heads: picks, headDim: 4, width: 8, ffnHidden: width, blocks: picks }, opts);
  const out = await model.predict(test.inputs), predicted = new Float64Array(out.length * N);
  out.forEach((p, i) => predicted.set(p, i * N));
  const runs = 'attempts' in model ? `, run ${model.attempts} of up to 3` : '';
  return { predicted, detail: `width ${width}, ${model.history.length} epochs${runs}` };
}
