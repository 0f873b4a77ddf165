/** Runs a figure preset (or a reduced run of it), and summarises it: rate slopes, W trends and slope differences with 95 % bootstrap intervals. */
import * as path from 'path';
import Piscina from 'piscina';
import { checkInteger, invalidRange, invalidType } from '../../check';
import { ProgressCallback, throttleProgress } from '../../progress';
import { rateExponent } from '../../smoothness/gamma';
import { clusterBootstrap, groupedLogSlope, SlopeWithCI } from '../bootstrap';
import { disjointSpacing } from '../positions';
import { RateTarget, sequenceShape } from '../trial';
import { runFigureTrial } from './figure_trial';
import { checkPreset, FigureEstimator, FigureJob, FigurePoint, FigurePreset } from './preset';

/** What to run of a preset: by default all of it. */
export interface FigureRunOptions {
  ns?: number[];
  reps?: number;
  windows?: number[];
  estimators?: FigureEstimator[];
  /** Worker threads (default 1: in this thread). */
  jobs?: number;
  onProgress?: ProgressCallback;
}

/** One estimator's summary. */
export interface FigureEstimatorSummary extends SlopeWithCI {
  /**
   * Natural-log risk per doubling of W at fixed n, over the windows that hold every token the target reads (W ≥ the
   * largest |offset|, or U), with two or more of them; `windows` lists them.
   */
  trend?: SlopeWithCI & { windows: number[] };
  /** Each arm's rate slope. */
  arms: Record<string, SlopeWithCI>;
  /** Each compared arm's slope minus the reference arm's. */
  differences?: Record<string, SlopeWithCI>;
  /** Mean fraction of windows the margin fixed, per arm with a margin. */
  fixedFraction?: Record<string, number>;
}

/** A figure's result: the JSON `attnsim rate --figure` prints. */
export interface FigureResult {
  figure: string;
  title: string;
  theory: { slope: number };
  /** What was run (the preset's, or the reduced run's, ns, reps, windows and estimators). */
  run: {
    ns: number[]; reps: number; windows: number[]; estimators: FigureEstimator[]; arms: string[]; skipped?: string[];
    /** The repetitions measured at each n (fewer than reps where a run was cut short). */
    repetitions?: Record<number, number>;
    /** Per estimator, the cells measured at each n (arms × windows × repetitions where nothing was cut). */
    cells?: Partial<Record<FigureEstimator, Record<number, number>>>;
  };
  estimators: Partial<Record<FigureEstimator, FigureEstimatorSummary>>;
  points: FigurePoint[];
}

/**
 * Every cell of a figure as a job, the cells sharing a sample (arm, n, rep) side by side. The oracle, which reads the
 * target's own tokens whatever the window, runs at the widest window only; the trained estimators only from 5 sequences.
 * @throws {ArgumentRangeError} for ns, windows or estimators outside the preset's reach.
 */
export function figureJobs(preset: FigurePreset, opts: FigureRunOptions = {}): FigureJob[] {
  return jobsOf('figureJobs', preset, opts);
}

/** figureJobs, its errors naming `fn` (the public function called). */
function jobsOf(fn: string, preset: FigurePreset, opts: FigureRunOptions): FigureJob[] {
  checkPreset(fn, preset);
  if (typeof opts !== 'object' || opts === null) throw invalidType(fn, 'options', 'an object', opts);
  const ns = opts.ns ?? preset.ns, windows = opts.windows ?? preset.windows, estimators = opts.estimators ?? preset.estimators;
  const reps = checkInteger(fn, 'reps', opts.reps ?? preset.reps, 1, 100);
  if (ns.length < 2) throw invalidRange(fn, 'expected at least two sample sizes n (a slope needs two)');
  const bad = estimators.find((e) => !preset.estimators.includes(e));
  if (bad !== undefined) throw invalidRange(fn, `the ${preset.name} figure has no estimator '${bad}' (it has ${preset.estimators.join(', ')})`);
  const widest = Math.max(...windows), spacing = figureSpacing(preset);
  return preset.arms.flatMap((arm) => ns.flatMap((n) => Array.from({ length: reps }, (_, rep) => estimators
    .filter((estimator) => !tooFewSequences(estimator, n, preset))
    .flatMap((estimator) => (estimator === 'oracle' ? [widest] : windows)
      .map((W) => ({ figure: preset.name, arm, estimator, W, n, rep, ...(spacing === 1 ? {} : { spacing }) })))))
    .flat());
}

/**
 * The spacing of a preset's labelled positions: 1 (every position), or with `disjoint` disjointSpacing(N, r) for r the
 * largest of its windows and its arms' reach (the preset's, not a reduced run's, so that every run draws the same design).
 */
export function figureSpacing(preset: FigurePreset): number {
  if (preset.disjoint !== true) return 1;
  const radius = Math.max(...preset.windows, ...preset.arms.map((a) => readRadius(a.target)));
  return disjointSpacing(sequenceShape(preset.arms[0].target).N, radius);
}

/** The labelled positions of each sequence a preset draws (N, or ⌊N/s⌋ with spacing s). */
function labelledPerSequence(preset: FigurePreset): number {
  return Math.floor(sequenceShape(preset.arms[0].target).N / figureSpacing(preset));
}

/** The trained estimators hold out whole sequences for early stopping: they need 5 or more. */
function tooFewSequences(estimator: FigureEstimator, n: number, preset: FigurePreset): boolean {
  return (estimator === 'mlp' || estimator === 'trained-transformer') && n < 5 * labelledPerSequence(preset);
}

/** What a run leaves out: the trained estimators at n below 5 sequences. */
function skipped(preset: FigurePreset, run: FigureResult['run']): string[] {
  const L = labelledPerSequence(preset);
  return run.estimators.flatMap((e) => {
    const small = run.ns.filter((n) => tooFewSequences(e, n, preset));
    return small.length === 0 ? [] : [`${e} not run at n = ${small.join(', ')}: it needs 5 sequences of ${L} labelled positions (n ≥ ${5 * L})`];
  });
}

/**
 * Runs a figure: every cell (on `jobs` worker threads when jobs > 1), then the summary.
 * @param preset a named figure; @param opts a reduced run (ns, reps, windows, estimators), threads and progress.
 * @returns the summary and every point.
 * @example await runFigure(FIGURES.dimension, { ns: [256, 512], reps: 2, windows: [2, 4], estimators: ['knn'] });
 */
export async function runFigure(preset: FigurePreset, opts: FigureRunOptions = {}): Promise<FigureResult> {
  const jobs = jobsOf('runFigure', preset, opts), threads = checkInteger('runFigure', 'jobs', opts.jobs ?? 1, 1, 64);
  const progress = throttleProgress(opts.onProgress);
  let done = 0;
  const report = (p: FigurePoint) => {
    progress({ stage: `figure ${preset.name}`, done: ++done, total: jobs.length });
    return p;
  };
  let points: FigurePoint[] = [];
  if (threads === 1) {
    for (const job of jobs) points.push(report(await runFigureTrial(job)));
  } else {
    const pool = new Piscina({ filename: path.join(__dirname, 'worker.js'), maxThreads: threads, minThreads: threads });
    try {
      points = await Promise.all(jobs.map((job) => pool.run(job).then(report)));
    } finally {
      await pool.destroy();
    }
  }
  return summarizeFigure(preset, points, {
    ns: opts.ns ?? preset.ns, reps: opts.reps ?? preset.reps, windows: opts.windows ?? preset.windows,
    estimators: opts.estimators ?? preset.estimators, arms: preset.arms.map((a) => a.name),
  });
}

/**
 * The summary of points measured anywhere (job files run by `attnsim run-job`, several runs appended): a cell measured
 * twice counts once (its last point); the run records what the points hold (the n, windows, estimators and repetitions
 * present), reduced to the options' ns, windows, estimators and reps when given.
 * @throws {ArgumentRangeError} when fewer than two n remain.
 * @example summarizePoints(FIGURES.dimension, lines.map((l) => JSON.parse(l)));
 */
export function summarizePoints(preset: FigurePreset, points: readonly FigurePoint[], opts: FigureRunOptions = {}): FigureResult {
  const fn = 'summarizePoints';
  checkPreset(fn, preset);
  if (!Array.isArray(points)) throw invalidType(fn, 'points', 'an array of figure points', points);
  const cells = new Map<string, FigurePoint>();
  for (const p of points) cells.set(`${p.arm}|${p.estimator}|${p.W}|${p.n}|${p.rep}`, p);
  const reps = opts.reps ?? Infinity;
  const kept = [...cells.values()].filter((p) => (opts.ns ?? [p.n]).includes(p.n) && (opts.windows ?? [p.W]).includes(p.W) &&
    (opts.estimators ?? [p.estimator]).includes(p.estimator) && p.rep < reps);
  const sorted = (values: number[]) => [...new Set(values)].sort((p, q) => p - q);
  const ns = sorted(kept.map((p) => p.n));
  if (ns.length < 2) throw invalidRange(fn, `expected points at two or more n (a slope needs two) but received ${ns.length === 0 ? 'none' : `n = ${ns[0]} only`}`);
  return summarizeFigure(preset, kept, {
    ns, reps: Math.max(...kept.map((p) => p.rep)) + 1, windows: sorted(kept.map((p) => p.W)),
    estimators: preset.estimators.filter((e) => kept.some((p) => p.estimator === e)), arms: preset.arms.map((a) => a.name),
  });
}

/**
 * The summary of a figure's points: per estimator, the rate slope of log risk on log n (one intercept per window, over the
 * windows that hold every token the target reads) on the primary arm, each arm's slope, the trend of log risk per
 * doubling of W (one intercept per n; windows that miss a token
 * the target reads are left out, since no estimator on them can reach the target), and the preset's slope
 * differences, each with a 95 % percentile-bootstrap interval that resamples repetitions within each n (a repetition's
 * windows and arms share its data, so they are resampled together).
 */
export function summarizeFigure(preset: FigurePreset, points: FigurePoint[], run: FigureResult['run']): FigureResult {
  checkPreset('summarizeFigure', preset);
  if (!Array.isArray(points)) throw invalidType('summarizeFigure', 'points', 'an array of figure points', points);
  if (typeof run !== 'object' || run === null || !Array.isArray(run.ns)) {
    throw invalidType('summarizeFigure', 'run', "a FigureResult's run ({ ns, reps, windows, estimators, arms })", run);
  }
  const primary = preset.arms.find((a) => a.name === preset.primaryArm) ?? preset.arms[0];
  const estimators: FigureResult['estimators'] = {};
  const reachOf = (arm: string) => readRadius((preset.arms.find((a) => a.name === arm) ?? primary).target);
  let seed = 1;
  for (const name of new Set(points.map((p) => p.estimator))) {
    const own = points.filter((p) => p.estimator === name).map((p) => ({ ...p, stratum: p.n, cluster: p.rep }));
    type P = (typeof own)[number];
    const rate = (arm: string) => (set: P[]) => groupedLogSlope(set.filter((p) => p.arm === arm && p.W >= reachOf(arm))
      .map((p) => ({ group: p.W, x: p.n, y: p.risk })));
    const arms: Record<string, SlopeWithCI> = {};
    for (const arm of preset.arms) if (spans(own, arm.name, reachOf(arm.name))) arms[arm.name] = clusterBootstrap(own, rate(arm.name), seed++);
    const main = arms[primary.name];
    if (main === undefined) continue;
    const summary: FigureEstimatorSummary = { slope: main.slope, ci: main.ci, arms };
    const reach = reachOf(primary.name), inReach = own.filter((p) => p.arm === primary.name && p.W >= reach);
    const windows = [...new Set(inReach.map((p) => p.W))].sort((p, q) => p - q);
    if (windows.length >= 2) {
      const trend = (set: P[]) => groupedLogSlope(set.map((p) => ({ group: p.n, x: p.W, y: p.risk }))) * Math.LN2;
      summary.trend = { ...clusterBootstrap(inReach, trend, seed++), windows };
    }
    if (preset.differences !== undefined) {
      const { reference } = preset.differences, out: Record<string, SlopeWithCI> = {};
      for (const arm of preset.differences.arms) {
        if (arms[arm] !== undefined && arms[reference] !== undefined) {
          out[`${arm} − ${reference}`] = clusterBootstrap(own, (set) => rate(arm)(set) - rate(reference)(set), seed++);
        }
      }
      summary.differences = out;
    }
    const fixed = own.filter((p) => p.fixedFraction !== undefined);
    if (fixed.length > 0) {
      summary.fixedFraction = Object.fromEntries([...new Set(fixed.map((p) => p.arm))].map((arm) => {
        const f = fixed.filter((p) => p.arm === arm);
        return [arm, f.reduce((s, p) => s + (p.fixedFraction as number), 0) / f.length];
      }));
    }
    estimators[name] = summary;
  }
  const t = primary.target, left = skipped(preset, run), repetitions: Record<number, number> = {};
  for (const n of run.ns) repetitions[n] = new Set(points.filter((p) => p.n === n).map((p) => p.rep)).size;
  const cells: NonNullable<FigureResult['run']['cells']> = {};
  for (const p of points) {
    const own = cells[p.estimator] ?? (cells[p.estimator] = {});
    own[p.n] = (own[p.n] ?? 0) + 1;
  }
  return { figure: preset.name, title: preset.title, theory: { slope: -rateExponent(t.a, t.kind) },
    run: { ...run, ...(left.length === 0 ? {} : { skipped: left }), repetitions, cells }, estimators, points };
}

/** The radius a window needs to hold every token the target reads. */
function readRadius(t: RateTarget): number {
  return t.importance !== undefined ? t.importance.U : Math.max(...(t.window?.offsets ?? [0]).map(Math.abs));
}

/** Whether some window of an arm (within reach) has points at two or more n, so that a slope exists. */
function spans(points: readonly FigurePoint[], arm: string, reach: number): boolean {
  const byW = new Map<number, Set<number>>();
  for (const p of points) if (p.arm === arm && p.W >= reach) byW.set(p.W, (byW.get(p.W) ?? new Set()).add(p.n));
  return [...byW.values()].some((ns) => ns.size >= 2);
}
