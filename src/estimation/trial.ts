/** One trial of a rate experiment: draw n noisy samples of a smooth target, fit one estimator, measure its excess risk. */
import { checkFiniteNumber, checkInteger, checkOneOf, invalidRange, invalidType } from '../check';
import { Matrix } from '../linalg/matrix';
import { Random } from '../linalg/random';
import { sampleSequences } from '../selection/sample_sequences';
import { importanceTarget, SequenceTarget, windowTarget } from '../selection/targets';
import { calledAs } from '../called_as';
import { gamma, rate, sampleTarget, SmoothTarget } from '../smoothness/index';
import { checkNorm } from '../smoothness/rate';
import { gatherTokens, samplePositions } from './positions';
import { fitSieve, sieveRisk } from './sieve';
import { trainTransformer } from './transformer';
import { trainWindowMlp } from './window_mlp';

/** The estimators a trial can fit. */
export const ESTIMATORS = ['sieve', 'isotropic', 'oracle', 'transformer', 'mlp'] as const;
/**
 * 'sieve': least squares on {γ(s) < T} for the target's γ (on a window target, of the gathered window: it is told the
 * offsets); 'isotropic': the same maximum frequency on every coordinate; 'oracle': the sieve of γ on the tokens the target
 * reads, told the selection (window and importance targets); 'transformer': the windowed transformer
 * trained by Adam (window and importance targets); 'mlp': an MLP on the flattened window (window and importance targets).
 */
export type EstimatorName = (typeof ESTIMATORS)[number];

/** Test sequences for the Monte Carlo risk of the trained estimators. */
const TEST_SEQUENCES = 128;

/** A γ-smooth regression target on [0, 1]^J with Gaussian label noise, as plain data (it travels to workers and job files). */
export interface RateTarget {
  kind: 'mixed' | 'anisotropic';
  /** Smoothness per coordinate; Infinity marks an irrelevant coordinate (dropped, not approximated). */
  a: number[];
  /** The target's level: blocks with γ(s) < T carry coefficients (norm 2^{−γ(s)} each). */
  T: number;
  /** The noise's standard deviation σ. */
  noise: number;
  seed: number;
  /**
   * The class's norm parameters F^γ_{p,θ} (default 2 and 2): the theory's slope is smoothness.rate's, and the target is
   * drawn by smoothness.sampleTarget with min(p, 2) (for p < 2 each block is its kernel at a random centre, with
   * ‖δ_s f‖_p = 2^{−γ(s)}). θ changes the rate's log factor only: every block is drawn at its cap, as in the θ = ∞ ball.
   */
  p?: number;
  theta?: number;
  /**
   * A window target: circular sequences of N tokens in [0,1]^d and F(X)_t = f(x_{t+o_1}, …, x_{t+o_J}), f over the
   * J·d coordinates `a` describes (n then counts sequences). Absent: f itself on [0,1]^J.
   */
  window?: { N: number; d: number; offsets: number[] };
  /**
   * An importance target: circular sequences; in each window t−U … t+U the tokens ranked by μ(x) = w·x, and
   * F(X)_t = f of the k most important (`a` has k·d entries). With (key, value) tokens, w = (1, 0) and a = (∞, a_1, ∞,
   * a_2) make μ read the key and f the values. `margin` Δ₀ redraws tokens until consecutive importances among the k+1
   * most important of every window differ by at least Δ₀ (the fraction of windows fixed is reported). Not for the sieves.
   */
  importance?: { N: number; d: number; U: number; k: number; w: number[]; margin?: number };
}

/** One trial to run: which estimator, at which n, which repetition. */
export interface TrialJob {
  target: RateTarget;
  estimator: EstimatorName;
  n: number;
  rep: number;
}

/** What one trial measured. */
export interface TrialResult {
  /** The target the trial measured (its job's), so results collected later are summarised against it. */
  target: RateTarget;
  estimator: EstimatorName;
  n: number;
  rep: number;
  /** The excess risk: ‖f̂ − f‖₂² exact by Parseval (sieves), else the mean of (F̂ − F)² over fresh test sequences. */
  risk: number;
  /** The sieve's level and basis size; for trained estimators, the epochs run and the parameters. */
  T: number;
  basisSize: number;
  seconds: number;
  /** Importance targets with a margin: the fraction of the training windows that broke it as first drawn. */
  fixedFraction?: number;
}

/**
 * Checks that `value` is a trial result (as runTrial gives and a job system stores): an object whose estimator is
 * known, n a positive integer, rep a non-negative integer and risk a finite number at least 0.
 * @param fn the public function to name; @param name what the value is, e.g. `points[3]`.
 * @returns the value, typed.
 * @throws {ArgumentTypeError} / {ArgumentRangeError} naming the field.
 * @example checkTrialResult('summarizeTrials', 'points[0]', JSON.parse(line));
 */
export function checkTrialResult(fn: string, name: string, value: unknown): TrialResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidType(fn, name, 'a trial result object', value);
  const r = value as Record<string, unknown>;
  checkOneOf(fn, `${name}.estimator`, r.estimator, ESTIMATORS);
  checkInteger(fn, `${name}.n`, r.n, 1, Number.MAX_SAFE_INTEGER);
  checkInteger(fn, `${name}.rep`, r.rep, 0, Number.MAX_SAFE_INTEGER);
  const risk = checkFiniteNumber(fn, `${name}.risk`, r.risk);
  if (risk < 0) throw invalidRange(fn, `expected a risk at least 0 for ${name}.risk but received ${risk}`);
  return value as TrialResult;
}

/**
 * Runs one trial: the samples are seeded by (target seed, n, rep), so a job gives the same result wherever it runs.
 * @param job the target, estimator, n and repetition.
 * @returns the measured excess risk.
 * @throws {ArgumentTypeError | ArgumentRangeError} for a malformed job.
 * @example await runTrial({ target: { kind: 'anisotropic', a: [1, 2], T: 4, noise: 0.5, seed: 1 }, estimator: 'sieve', n: 256, rep: 0 });
 */
export async function runTrial(job: TrialJob): Promise<TrialResult> {
  checkTrialJob('runTrial', job);
  const started = Date.now();
  const sequences = job.target.window !== undefined || job.target.importance !== undefined;
  const measured = !sequences ? sieveTrial(job, targetFunction(job.target), drawSamples)
    : ['sieve', 'isotropic', 'oracle'].includes(job.estimator) ? sieveTrial(job, targetFunction(job.target), drawWindows)
      : await trainedTrial(job);
  return { target: job.target, estimator: job.estimator, n: job.n, rep: job.rep, ...measured, seconds: (Date.now() - started) / 1000 };
}

type Draw = (f: SmoothTarget, t: RateTarget, n: number, rep: number) => { points: Matrix; labels: Float64Array; fixedFraction?: number };

/** A sieve on the target's coordinates: its exact risk, level and basis size. */
function sieveTrial(job: TrialJob, f: SmoothTarget, draw: Draw): { risk: number; T: number; basisSize: number; fixedFraction?: number } {
  const { points, labels, fixedFraction } = draw(f, job.target, job.n, job.rep);
  const g = job.estimator !== 'isotropic'
    ? gamma({ kind: job.target.kind, a: job.target.a })
    : gamma({ kind: 'anisotropic', a: job.target.a.map(() => 1) });
  const fit = fitSieve(points, labels, g, { noiseVariance: job.target.noise ** 2 });
  return { risk: sieveRisk(fit, f), T: fit.T, basisSize: fit.frequencies.length, ...(fixedFraction === undefined ? {} : { fixedFraction }) };
}

/** The transformer or the MLP trained on n sequences; its risk on fresh test sequences. */
async function trainedTrial(job: TrialJob): Promise<{ risk: number; T: number; basisSize: number; fixedFraction?: number }> {
  const { N, U, picks } = sequenceShape(job.target), target = sequenceTarget(job.target);
  const seed = sampleSeed(job.target.seed, job.n, job.rep), margin = job.target.importance?.margin;
  const data = sampleSequences({ target, N, count: job.n, seed, noise: job.target.noise, margin });
  const test = sampleSequences({ target, N, count: TEST_SEQUENCES, seed: sampleSeed(job.target.seed, 0, job.rep), margin });
  const trained = job.estimator === 'transformer'
    ? await trainTransformer(data, { window: U, heads: picks, headDim: 4, width: 8, ffnHidden: 32, blocks: 1 }, { seed })
    : await trainWindowMlp(data, { window: U, hidden: 64 }, { seed });
  const predicted = await trained.predict(test.inputs);
  let sum = 0;
  predicted.forEach((p, i) => p.forEach((v, t) => { sum += (v - test.clean[i][t]) ** 2; }));
  return { risk: sum / (TEST_SEQUENCES * N), T: trained.history.length,
    basisSize: Object.values(trained.weights).reduce((n, a) => n + a.length, 0), ...(margin ? { fixedFraction: data.fixedFraction } : {}) };
}

/** Checks a job's every field (jobs may come from files). */
export function checkTrialJob(fn: string, job: TrialJob): void {
  if (job === null || typeof job !== 'object') throw invalidRange(fn, 'expected a job object { target, estimator, n, rep }');
  const t = job.target;
  if (t === null || typeof t !== 'object') throw invalidRange(fn, 'expected job.target to be an object { kind, a, T, noise, seed }');
  checkOneOf(fn, 'target.kind', t.kind, ['mixed', 'anisotropic'] as const);
  const smoothness = (v: unknown) => typeof v === 'number' && v > 0 && (v < 1e6 || v === Infinity);
  if (!Array.isArray(t.a) || t.a.length === 0 || t.a.length > 16 || !t.a.every(smoothness) || !t.a.some(Number.isFinite)) {
    throw invalidRange(fn, 'expected target.a to be 1 to 16 positive numbers or Infinity (irrelevant), at least one finite');
  }
  checkFiniteNumber(fn, 'target.T', t.T);
  checkFiniteNumber(fn, 'target.noise', t.noise);
  if (t.noise < 0) throw invalidRange(fn, `expected target.noise ≥ 0 but received ${t.noise}`);
  checkInteger(fn, 'target.seed', t.seed, 0, 2 ** 31 - 1);
  checkNorm(fn, t.p, t.theta, 'target.');
  calledAs(fn, () => rate({ kind: t.kind, a: t.a, p: t.p, theta: t.theta }));
  checkOneOf(fn, 'estimator', job.estimator, ESTIMATORS);
  if (t.window !== undefined && t.importance !== undefined) throw invalidRange(fn, 'expected target.window or target.importance, not both');
  if (t.window !== undefined) checkWindow(fn, t);
  else if (t.importance !== undefined) checkImportance(fn, t, job.estimator);
  else if (job.estimator === 'transformer' || job.estimator === 'mlp' || job.estimator === 'oracle') {
    throw invalidRange(fn, `the ${job.estimator} estimator needs a sequence target (target.window or target.importance)`);
  }
  checkInteger(fn, 'n', job.n, 8, 2 ** 24);
  checkInteger(fn, 'rep', job.rep, 0, 1e6);
}

function checkWindow(fn: string, t: RateTarget): void {
  const w = t.window as NonNullable<RateTarget['window']>;
  checkInteger(fn, 'target.window.N', w.N, 2, 4096);
  checkInteger(fn, 'target.window.d', w.d, 1, 16);
  if (!Array.isArray(w.offsets) || w.offsets.length === 0 || new Set(w.offsets).size !== w.offsets.length ||
    !w.offsets.every((o) => Number.isInteger(o) && 2 * Math.abs(o) < w.N)) {
    throw invalidRange(fn, 'expected target.window.offsets to be distinct integers with 2·|o| < N');
  }
  if (t.a.length !== w.offsets.length * w.d) {
    throw invalidRange(fn, `expected target.a to have ${w.offsets.length * w.d} entries (offsets × d) but received ${t.a.length}`);
  }
}

function checkImportance(fn: string, t: RateTarget, estimator: EstimatorName): void {
  const m = t.importance as NonNullable<RateTarget['importance']>;
  checkInteger(fn, 'target.importance.N', m.N, 2, 4096);
  checkInteger(fn, 'target.importance.d', m.d, 1, 16);
  checkInteger(fn, 'target.importance.U', m.U, 0, Math.floor((m.N - 1) / 2));
  checkInteger(fn, 'target.importance.k', m.k, 1, 2 * m.U + 1);
  if (!Array.isArray(m.w) || m.w.length !== m.d || !m.w.every(Number.isFinite)) {
    throw invalidRange(fn, `expected target.importance.w to be ${m.d} finite numbers (one per token coordinate)`);
  }
  if (t.a.length !== m.k * m.d) throw invalidRange(fn, `expected target.a to have ${m.k * m.d} entries (k × d) but received ${t.a.length}`);
  if (m.margin !== undefined && !(Number.isFinite(m.margin) && m.margin >= 0)) {
    throw invalidRange(fn, `expected target.importance.margin to be a number ≥ 0 but received ${m.margin}`);
  }
  if (estimator === 'sieve' || estimator === 'isotropic') {
    throw invalidRange(fn, `the ${estimator} estimator cannot take an importance target (which tokens it reads changes with the input)`);
  }
}

/** The sequence target of a rate target: its f is targetFunction's. */
export function sequenceTarget(t: RateTarget): SequenceTarget {
  const smooth = { a: t.a, kind: t.kind, T: t.T, seed: t.seed, p: drawnP(t) };
  if (t.importance !== undefined) {
    const m = t.importance;
    return importanceTarget({ d: m.d, U: m.U, k: m.k, importance: m.w, ...smooth });
  }
  const w = t.window as NonNullable<RateTarget['window']>;
  return windowTarget({ d: w.d, offsets: w.offsets, ...smooth });
}

/** Sequence length, the window radius the estimators read, and how many tokens the target picks there. */
export function sequenceShape(t: RateTarget): { N: number; U: number; picks: number } {
  if (t.importance !== undefined) return { N: t.importance.N, U: t.importance.U, picks: t.importance.k };
  const w = t.window as NonNullable<RateTarget['window']>;
  return { N: w.N, U: Math.max(...w.offsets.map(Math.abs)), picks: w.offsets.length };
}

/** The target function of a rate target (its coefficients are seeded by the target's seed). */
export function targetFunction(t: RateTarget): SmoothTarget {
  return sampleTarget({ a: t.a, kind: t.kind, T: t.T, seed: t.seed, p: drawnP(t) });
}

/** The p a rate target is drawn for: its p up to 2 (for p > 2 the class's rate is the p = 2 one). */
function drawnP(t: RateTarget): number {
  return Math.min(t.p ?? 2, 2);
}

/** n points uniform on [0, 1]^J and labels f(x) + σ·N(0, 1), seeded by (seed, n, rep). */
function drawSamples(f: SmoothTarget, t: RateTarget, n: number, rep: number): { points: Matrix; labels: Float64Array } {
  const random = new Random(sampleSeed(t.seed, n, rep));
  const J = t.a.length, x = new Float64Array(n * J);
  for (let i = 0; i < x.length; i++) x[i] = random.next();
  const points = new Matrix(n, J, x);
  const labels = f.evaluate(points);
  for (let i = 0; i < n; i++) labels[i] += t.noise * random.normal();
  return { points, labels };
}

/**
 * The tokens the target reads in n sequences (n·N points of J·d coordinates: offsets, or the selection the oracle is
 * told) and their noisy labels. On an importance target the Parseval risk is over uniform tokens: exact when f ignores
 * what μ reads (a_i = ∞ on the keys), since the selected values are then uniform.
 */
function drawWindows(_f: SmoothTarget, t: RateTarget, n: number, rep: number): { points: Matrix; labels: Float64Array; fixedFraction?: number } {
  const { N } = sequenceShape(t), target = sequenceTarget(t);
  const data = samplePositions({ target, N, positions: n * N, seed: sampleSeed(t.seed, n, rep), noise: t.noise,
    margin: t.importance?.margin });
  return { points: gatherTokens(data.inputs, (x) => target.sources(x)), labels: data.labels,
    ...(t.importance?.margin ? { fixedFraction: data.fixedFraction } : {}) };
}

/** A 32-bit seed for the samples of (target seed, n, rep). */
export function sampleSeed(seed: number, n: number, rep: number): number {
  return (Math.imul(seed, 0x9e3779b1) ^ Math.imul(n, 0x85ebca6b) ^ Math.imul(rep + 1, 0xc2b2ae35)) >>> 0;
}
