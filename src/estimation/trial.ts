/** One trial of a rate experiment: draw n noisy samples of a smooth target, fit one estimator, measure its excess risk. */
import { checkFiniteNumber, checkInteger, checkOneOf, invalidRange } from '../check';
import { Matrix } from '../linalg/matrix';
import { Random } from '../linalg/random';
import { gamma, sampleTarget, SmoothTarget } from '../smoothness/index';
import { fitSieve, sieveRisk } from './sieve';

/** The estimators a trial can fit. */
export const ESTIMATORS = ['sieve', 'isotropic'] as const;
/** 'sieve': least squares on {γ(s) < T} for the target's γ; 'isotropic': the same maximum frequency on every coordinate. */
export type EstimatorName = (typeof ESTIMATORS)[number];

/** A γ-smooth regression target on [0, 1]^J with Gaussian label noise, as plain data (it travels to workers and job files). */
export interface RateTarget {
  kind: 'mixed' | 'anisotropic';
  a: number[];
  /** The target's level: blocks with γ(s) < T carry coefficients (norm 2^{−γ(s)} each). */
  T: number;
  /** The noise's standard deviation σ. */
  noise: number;
  seed: number;
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
  estimator: EstimatorName;
  n: number;
  rep: number;
  /** The excess risk ‖f̂ − f‖₂², exact by Parseval. */
  risk: number;
  /** The level the hold-out chose and its basis size. */
  T: number;
  basisSize: number;
  seconds: number;
}

/**
 * Runs one trial: the samples are seeded by (target seed, n, rep), so a job gives the same result wherever it runs.
 * @param job the target, estimator, n and repetition.
 * @returns the measured excess risk with the chosen level.
 * @throws {ArgumentTypeError | ArgumentRangeError} for a malformed job.
 * @example runTrial({ target: { kind: 'anisotropic', a: [1, 2], T: 4, noise: 0.5, seed: 1 }, estimator: 'sieve', n: 256, rep: 0 });
 */
export function runTrial(job: TrialJob): TrialResult {
  checkTrialJob('runTrial', job);
  const started = Date.now();
  const f = targetFunction(job.target);
  const { points, labels } = drawSamples(f, job.target, job.n, job.rep);
  const g = job.estimator === 'sieve'
    ? gamma({ kind: job.target.kind, a: job.target.a })
    : gamma({ kind: 'anisotropic', a: job.target.a.map(() => 1) });
  const fit = fitSieve(points, labels, g, { noiseVariance: job.target.noise ** 2 });
  const risk = sieveRisk(fit, f);
  return { estimator: job.estimator, n: job.n, rep: job.rep, risk, T: fit.T, basisSize: fit.frequencies.length,
    seconds: (Date.now() - started) / 1000 };
}

/** Checks a job's every field (jobs may come from files). */
export function checkTrialJob(fn: string, job: TrialJob): void {
  if (job === null || typeof job !== 'object') throw invalidRange(fn, 'expected a job object { target, estimator, n, rep }');
  const t = job.target;
  if (t === null || typeof t !== 'object') throw invalidRange(fn, 'expected job.target to be an object { kind, a, T, noise, seed }');
  checkOneOf(fn, 'target.kind', t.kind, ['mixed', 'anisotropic'] as const);
  if (!Array.isArray(t.a) || t.a.length === 0 || t.a.length > 16 || !t.a.every((v) => typeof v === 'number' && v > 0 && v < 1e6)) {
    throw invalidRange(fn, 'expected target.a to be 1 to 16 positive numbers');
  }
  checkFiniteNumber(fn, 'target.T', t.T);
  checkFiniteNumber(fn, 'target.noise', t.noise);
  if (t.noise < 0) throw invalidRange(fn, `expected target.noise ≥ 0 but received ${t.noise}`);
  checkInteger(fn, 'target.seed', t.seed, 0, 2 ** 31 - 1);
  checkOneOf(fn, 'estimator', job.estimator, ESTIMATORS);
  checkInteger(fn, 'n', job.n, 8, 2 ** 24);
  checkInteger(fn, 'rep', job.rep, 0, 1e6);
}

/** The target function of a rate target (its coefficients are seeded by the target's seed). */
export function targetFunction(t: RateTarget): SmoothTarget {
  return sampleTarget({ a: t.a, kind: t.kind, T: t.T, seed: t.seed });
}

/** n points uniform on [0, 1]^J and labels f(x) + σ·N(0, 1), seeded by (seed, n, rep). */
function drawSamples(f: SmoothTarget, t: RateTarget, n: number, rep: number): { points: Matrix; labels: Float64Array } {
  const random = new Random((Math.imul(t.seed, 0x9e3779b1) ^ Math.imul(n, 0x85ebca6b) ^ Math.imul(rep + 1, 0xc2b2ae35)) >>> 0);
  const J = t.a.length, x = new Float64Array(n * J);
  for (let i = 0; i < x.length; i++) x[i] = random.next();
  const points = new Matrix(n, J, x);
  const labels = f.evaluate(points);
  for (let i = 0; i < n; i++) labels[i] += t.noise * random.normal();
  return { points, labels };
}
