/** Rate experiments: trials over n and repetitions, run in a worker pool or one by one, and their log-log slopes. */
import { calledAsAsync } from '../called_as';
import * as path from 'path';
import Piscina from 'piscina';
import { checkInteger, checkOptions, invalidRange, invalidType } from '../check';
import { ProgressCallback, throttleProgress } from '../progress';
import { rate } from '../smoothness/index';
import { fitLogLogSlope, SlopeFit } from './slope';
import { checkTrialJob, checkTrialResult, EstimatorName, RateTarget, runTrial, TrialJob, TrialResult } from './trial';

/** What to measure: a target, the sample sizes, the repetitions and the estimators. */
export interface RateExperimentOptions {
  target: RateTarget;
  ns: number[];
  reps: number;
  estimators: EstimatorName[];
  /** Worker threads for the trials (default 1: in this thread). */
  jobs?: number;
  onProgress?: ProgressCallback;
}

/** The measured points, each estimator's fitted slope, and the theory's slope −2(a†−v)/(2(a†−v)+1) (v = 0 for p ≥ 2). */
export interface RateExperimentResult {
  points: TrialResult[];
  slopes: Partial<Record<EstimatorName, SlopeFit>>;
  theory: { rateExponent: number; slope: number };
}

/**
 * Every trial of an experiment as a job (for `--emit-jobs`, or any job system).
 * @param opts the target, ns, reps and estimators.
 * @returns one job per (estimator, n, rep).
 * @example trialJobs({ target, ns: [256, 512], reps: 2, estimators: ['sieve'] }).length; // 4
 */
export function trialJobs(opts: Omit<RateExperimentOptions, 'jobs' | 'onProgress'>): TrialJob[] {
  const fn = 'trialJobs';
  if (!Array.isArray(opts?.ns) || opts.ns.length < 2) throw invalidRange(fn, 'expected ns to hold at least two sample sizes');
  if (!Array.isArray(opts.estimators) || opts.estimators.length === 0) throw invalidType(fn, 'estimators', 'a non-empty array', opts.estimators);
  checkInteger(fn, 'reps', opts.reps, 1, 1000);
  const jobs = opts.estimators.flatMap((estimator) => opts.ns.flatMap((n) =>
    Array.from({ length: opts.reps }, (_, rep) => ({ target: opts.target, estimator, n, rep }))));
  jobs.forEach((job) => checkTrialJob(fn, job));
  return jobs;
}

/**
 * Runs a rate experiment: every trial (in a pool of `jobs` worker threads when jobs > 1), then the
 * least-squares log-log slope of risk against n per estimator, with its 95 % interval.
 * @param opts target, ns, reps, estimators, jobs, onProgress.
 * @returns points, slopes and the theory's slope.
 * @throws {ArgumentRangeError | ArgumentTypeError} for bad options (before any trial runs).
 * @example await rateExperiment({ target: { kind: 'anisotropic', a: [1, 2], T: 4, noise: 0.5, seed: 1 },
 *   ns: [256, 1024], reps: 2, estimators: ['sieve'] });
 */
export async function rateExperiment(opts: RateExperimentOptions): Promise<RateExperimentResult> {
  return calledAsAsync('rateExperiment', async () => {
    const o = checkOptions<RateExperimentOptions>('rateExperiment', opts,
      ['target', 'ns', 'reps', 'estimators', 'jobs', 'onProgress']);
    const jobs = trialJobs(opts);
    const threads = checkInteger('rateExperiment', 'jobs', o.jobs ?? 1, 1, 64);
    const progress = throttleProgress(o.onProgress);
    let done = 0;
    const report = (result: TrialResult): TrialResult => {
      progress({ stage: 'rate: trials', done: ++done, total: jobs.length });
      return result;
    };
    if (threads === 1) {
      const points: TrialResult[] = [];
      for (const job of jobs) points.push(report(await runTrial(job)));
      return summarizeTrials(opts.target, points);
    }
    const pool = new Piscina({ filename: path.join(__dirname, 'worker.js'), maxThreads: threads, minThreads: threads });
    try {
      const points = await Promise.all(jobs.map((job) => pool.run(job).then(report)));
      return summarizeTrials(opts.target, points);
    } finally {
      await pool.destroy();
    }
  });
}

/**
 * Slopes and theory from trial results, wherever they ran (a pool here, or a job system's output files).
 * @param target the experiment's target (for the theory's slope).
 * @param points the trials' results.
 * @returns the points, one slope per estimator with at least three points over two n, and the theory.
 * @example summarizeTrials(target, results).slopes.sieve?.slope;
 */
export function summarizeTrials(target: RateTarget, points: TrialResult[]): RateExperimentResult {
  if (!Array.isArray(points)) throw invalidType('summarizeTrials', 'points', 'an array of trial results', points);
  points.forEach((p, i) => checkTrialResult('summarizeTrials', `points[${i}]`, p));
  const slopes: Partial<Record<EstimatorName, SlopeFit>> = {};
  for (const estimator of new Set(points.map((p) => p.estimator))) {
    const own = points.filter((p) => p.estimator === estimator);
    if (own.length >= 3 && new Set(own.map((p) => p.n)).size >= 2) slopes[estimator] = fitLogLogSlope(own);
  }
  const exponent = rate({ kind: target.kind, a: target.a, p: target.p, theta: target.theta }).exponent;
  return { points, slopes, theory: { rateExponent: exponent, slope: -exponent } };
}
