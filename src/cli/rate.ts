/** `attnsim rate`: a rate experiment on a smooth target (estimators side by side), its slopes, its plot and its jobs. */
import * as fs from 'fs';
import { estimation, smoothness } from '../index';
import { choiceFlag, Command, CommandArgs, integerFlag, normFlag, positiveFlag, smoothnessFlag, stringFlag, UsageError } from './command';
import { infinityReplacer, readResultLines } from './infinity_json';
import { progressBar } from './progress_bar';
import { checkTrialResult } from '../estimation/trial';
import { rateFigure } from './rate_figure';

type RateTarget = estimation.RateTarget;
type EstimatorName = estimation.EstimatorName;

const usage = `Usage: attnsim rate [--kind anisotropic|mixed] [--a 1,2,4,8] [--T 7] [--noise 0.5] [--seed 1] [--p 2] [--theta 2]
                   [--offsets=-1,1 | --importance U:k [--weights LIST] [--margin D]] [--seq-len 8]
                   [--token-dim 1] [--n 256:65536] [--reps 4] [--estimators sieve,isotropic] [--jobs K]
                   [--svg FILE] [--json] [--emit-jobs FILE | --collect FILE]
       attnsim rate --figure dimension|importance [--n A:B] [--reps R] [--windows LIST]
                   [--estimators LIST] [--jobs K] [--svg FILE] [--json]
                   [--emit-jobs FILE | --collect FILE[,FILE…]]

Measures how the excess risk of each estimator falls with the number of samples n on a seeded
γ-smooth target with Gaussian label noise, fits the log-log slope, and prints it beside the theory's
−2a†/(2a†+1) (Takakura & Suzuki 2023).

Options:
  --kind K          smoothness: anisotropic (max a_i s_i, default) or mixed (Σ a_i s_i)
  --a LIST          smoothness per coordinate, comma-separated positive numbers or inf (an irrelevant
                    coordinate, dropped; default 1,2,4,8)
  --T T             the target's level: blocks with γ(s) < T carry coefficients (default 7)
  --p P, --theta Q  the class F^γ_{p,θ} (numbers ≥ 1 or inf, default 2 and 2; see 'attnsim theory'): the
                    theory's slope becomes −2(a†−v)/(2(a†−v)+1), v = (1/p − 1/2)₊, and for p < 2 each
                    block of the target is drawn as its kernel at a random centre with ‖δ_s f‖_p = 2^{−γ(s)}
  --noise S         standard deviation of the label noise (default 0.5)
  --seed S          seed of the target and its samples (default 1)
  --offsets LIST    a window target: circular sequences, F(X)_t = f(x_{t+o_1}, …) over these offsets
                    (--a then has offsets × token-dim entries; n counts sequences). Needed by the
                    transformer and mlp estimators
  --importance U:k  an importance target: in each window t−U … t+U the k tokens of largest μ = w·x,
                    F(X)_t = f of them (--a then has k × token-dim entries); oracle, transformer and mlp
  --weights LIST    importance target: w, token-dim numbers (default all 1; with --token-dim 2, --weights 1,0
                    and --a inf,1,inf,2, μ reads the key and f the values)
  --margin D        importance target: redraw tokens until the k+1 most important of every window differ by
                    at least D in μ; the fraction of windows fixed is reported
  --seq-len N       window or importance target: sequence length (default 8)
  --token-dim D     window or importance target: coordinates per token (default 1)
  --n A:B           sample sizes, the powers of two from A to B (default 256:65536)
  --reps R          repetitions at each n (default 4)
  --estimators LIST comma-separated: ${estimation.ESTIMATORS.join(', ')} (default sieve,isotropic)
  --jobs K          run the trials on K worker threads (default 1)
  --svg FILE        write the log-log plot to FILE
  --json            print the result as JSON
  --emit-jobs FILE  write one JSON job per line to FILE instead of running them (for any job system;
                    run each with 'attnsim run-job FILE --index I')
  --collect FILE    read the results that 'attnsim run-job' printed (one JSON line each) and summarise them
                    (with --figure: several files, comma-separated; a cell measured twice counts once)
  --figure NAME     run a named figure (dimension: risk against n and the estimator window W; importance:
                    window against importance problems, with and without a margin), every estimator of it,
                    with bootstrap 95 % intervals; --n, --reps, --estimators and --windows reduce the run
  --windows LIST    with --figure: the estimator windows W to run (default the figure's)
  -h, --help        print this help`;

/** `attnsim rate`. */
export const rateCommand: Command = {
  name: 'rate',
  summary: 'measure estimators\' convergence rates on a smooth target, beside the theory',
  usage,
  flags: {
    kind: { type: 'string' }, a: { type: 'string' }, T: { type: 'string' }, noise: { type: 'string' }, seed: { type: 'string' },
    n: { type: 'string' }, reps: { type: 'string' }, estimators: { type: 'string' }, jobs: { type: 'string' },
    svg: { type: 'string' }, json: { type: 'boolean' }, 'emit-jobs': { type: 'string' }, collect: { type: 'string' },
    offsets: { type: 'string' }, importance: { type: 'string' }, 'seq-len': { type: 'string' }, 'token-dim': { type: 'string' },
    margin: { type: 'string' }, weights: { type: 'string' }, figure: { type: 'string' }, windows: { type: 'string' },
    p: { type: 'string' }, theta: { type: 'string' },
  },
  positionals: [],
  run: (args) => rate(args),
};

async function rate(args: CommandArgs): Promise<void> {
  if (stringFlag(args, 'figure') !== undefined) {
    const norm = (['p', 'theta'] as const).find((f) => args.values[f] !== undefined);
    if (norm !== undefined) throw new UsageError(`--figure fixes its own target: drop --${norm}`, usage);
    return rateFigure(args, usage, readSizes);
  }
  if (stringFlag(args, 'windows') !== undefined) throw new UsageError('--windows goes with --figure', usage);
  const estimators = readEstimators(args), target = sequenceIfNeeded(readTarget(args), estimators);
  const theory = smoothness.rate({ kind: target.kind, a: target.a, p: target.p, theta: target.theta });
  for (const w of theory.warnings) console.error(`attnsim rate: warning ${w.code}: ${w.message}`);
  const emit = stringFlag(args, 'emit-jobs'), collect = stringFlag(args, 'collect');
  if (emit !== undefined && collect !== undefined) throw new UsageError('--emit-jobs and --collect exclude each other', usage);
  const plan = { target, ns: readSizes(args), reps: integerFlag(args, 'reps', 4, { min: 1, max: 1000, usage }), estimators };
  if (emit !== undefined) {
    const jobs = estimation.trialJobs(plan);
    fs.writeFileSync(emit, jobs.map((job) => JSON.stringify(job, infinityReplacer)).join('\n') + '\n');
    console.log(`wrote ${jobs.length} jobs to ${emit}; run each with: attnsim run-job ${emit} --index I (I = 0…${jobs.length - 1})`);
    return;
  }
  const result = collect !== undefined
    ? estimation.summarizeTrials(target, readResults(collect, target))
    : await runWithBar(plan, integerFlag(args, 'jobs', 1, { min: 1, max: 64, usage }));
  const svg = stringFlag(args, 'svg');
  if (svg !== undefined) fs.writeFileSync(svg, await estimation.plotRates(result));
  if (args.values.json === true) {
    console.log(JSON.stringify({ parameters: { ...plan, ns: plan.ns }, ...result }, infinityReplacer, 1));
    return;
  }
  printSummary(result, svg);
}

async function runWithBar(plan: Omit<estimation.RateExperimentOptions, 'jobs' | 'onProgress'>, jobs: number): Promise<estimation.RateExperimentResult> {
  const bar = progressBar();
  try {
    return await estimation.rateExperiment({ ...plan, jobs, onProgress: bar.onProgress });
  } finally {
    bar.stop();
  }
}

function readTarget(args: CommandArgs): RateTarget {
  const kind = choiceFlag(args, 'kind', ['anisotropic', 'mixed'] as const, usage);
  const a = smoothnessFlag(args, '1,2,4,8', 16, usage);
  const noiseText = stringFlag(args, 'noise');
  const noise = noiseText === undefined ? 0.5 : Number(noiseText);
  if (!Number.isFinite(noise) || noise < 0 || noiseText?.trim() === '') {
    throw new UsageError(`--noise expects a number ≥ 0 but received '${noiseText}'`, usage);
  }
  const p = normFlag(args, 'p', usage), theta = normFlag(args, 'theta', usage);
  const target: RateTarget = { kind, a, T: positiveFlag(args, 'T', 7, usage), noise,
    seed: integerFlag(args, 'seed', 1, { min: 0, max: 2 ** 31 - 1, usage }),
    ...(p === undefined ? {} : { p }), ...(theta === undefined ? {} : { theta }) };
  const offsets = stringFlag(args, 'offsets'), importance = stringFlag(args, 'importance');
  if (offsets !== undefined && importance !== undefined) throw new UsageError('--offsets and --importance exclude each other', usage);
  if (importance === undefined && (stringFlag(args, 'margin') !== undefined || stringFlag(args, 'weights') !== undefined)) {
    throw new UsageError('--margin and --weights describe an importance target: give --importance U:k too', usage);
  }
  if (offsets === undefined && importance === undefined) {
    if (stringFlag(args, 'seq-len') !== undefined || stringFlag(args, 'token-dim') !== undefined) {
      throw new UsageError('--seq-len and --token-dim describe a sequence target: give --offsets or --importance too', usage);
    }
    return target;
  }
  const N = integerFlag(args, 'seq-len', 8, { min: 2, max: 4096, usage }), d = integerFlag(args, 'token-dim', 1, { min: 1, max: 16, usage });
  if (importance !== undefined) {
    const match = /^(\d+):(\d+)$/.exec(importance);
    if (!match) throw new UsageError(`--importance expects U:k (window radius and tokens picked) but received '${importance}'`, usage);
    const weights = stringFlag(args, 'weights'), w = weights === undefined ? Array.from({ length: d }, () => 1) : weights.split(',').map(Number);
    if (w.length !== d || !w.every(Number.isFinite) || weights?.trim() === '') {
      throw new UsageError(`--weights expects ${d} comma-separated numbers (one per token coordinate) but received '${weights}'`, usage);
    }
    const marginText = stringFlag(args, 'margin'), margin = marginText === undefined ? undefined : Number(marginText);
    if (margin !== undefined && (!Number.isFinite(margin) || margin < 0 || marginText?.trim() === '')) {
      throw new UsageError(`--margin expects a number ≥ 0 but received '${marginText}'`, usage);
    }
    return { ...target, importance: { N, d, U: Number(match[1]), k: Number(match[2]), w, ...(margin === undefined ? {} : { margin }) } };
  }
  const list = (offsets as string).split(',').map(Number);
  if (offsets?.trim() === '' || !list.every(Number.isInteger)) {
    throw new UsageError(`--offsets expects comma-separated integers but received '${offsets}'`, usage);
  }
  return { ...target, window: { N, d, offsets: list } };
}

/**
 * The transformer and the MLP learn sequence targets: without --offsets or --importance they get the window target
 * whose J tokens are the J coordinates of --a (offsets −⌊J/2⌋ … in a sequence of 2J + 2), said on stderr.
 */
function sequenceIfNeeded(target: RateTarget, estimators: EstimatorName[]): RateTarget {
  if (target.window !== undefined || target.importance !== undefined) return target;
  if (!estimators.some((e) => e === 'transformer' || e === 'mlp')) return target;
  const J = target.a.length, offsets = Array.from({ length: J }, (_, i) => i - Math.floor(J / 2));
  console.error(`attnsim rate: the transformer and mlp estimators learn sequences: using the window target with offsets ` +
    `${offsets.join(',')} (one token per coordinate of --a) in sequences of ${2 * J + 2}; n counts sequences`);
  return { ...target, window: { N: 2 * J + 2, d: 1, offsets } };
}

function readSizes(args: CommandArgs): number[] {
  const text = stringFlag(args, 'n') ?? '256:65536';
  const match = /^(\d+):(\d+)$/.exec(text);
  const [from, to] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  const power = (v: number) => Number.isSafeInteger(v) && v >= 8 && v <= 2 ** 24 && (v & (v - 1)) === 0;
  if (!power(from) || !power(to) || to <= from) {
    throw new UsageError(`--n expects A:B, powers of two from 8 to 16777216 with A < B, but received '${text}'`, usage);
  }
  const ns: number[] = [];
  for (let n = from; n <= to; n *= 2) ns.push(n);
  return ns;
}

function readEstimators(args: CommandArgs): EstimatorName[] {
  const text = stringFlag(args, 'estimators') ?? 'sieve,isotropic';
  const names = text.split(',');
  const bad = names.find((name) => !(estimation.ESTIMATORS as readonly string[]).includes(name));
  if (bad !== undefined || new Set(names).size !== names.length) {
    throw new UsageError(`--estimators expects distinct names from ${estimation.ESTIMATORS.join(', ')} but received '${text}'`, usage);
  }
  return names as EstimatorName[];
}

/** The result lines of --collect, each a trial result made for the target the flags describe (each records its target). */
function readResults(file: string, target: RateTarget): estimation.TrialResult[] {
  return readResultLines(file, (value, place) => {
    let result: estimation.TrialResult;
    try {
      result = checkTrialResult('rate --collect', 'result', value);
    } catch (error) {
      throw new Error(`${place}: not a trial result line (${(error as Error).message.replace(/^rate --collect: /, '')})`);
    }
    const difference = targetDifference(result.target, target);
    if (difference !== null) {
      throw new UsageError(`--collect ${place}: the result was made for another target than the flags describe ` +
        `(${difference}); give the target flags its jobs were emitted with`, usage);
    }
    return result;
  });
}

/** The first field in which a result's recorded target differs from the flags' one, or null when they agree. */
function targetDifference(recorded: RateTarget | undefined, target: RateTarget): string | null {
  if (recorded === undefined || typeof recorded !== 'object') return 'it records no target: it predates attnsim 0.2.0';
  for (const key of new Set([...Object.keys(target), ...Object.keys(recorded)]) as Set<keyof RateTarget>) {
    const a = JSON.stringify(recorded[key]), b = JSON.stringify(target[key]);
    if (a !== b) return `${key}: ${a ?? 'none'} in the result, ${b ?? 'none'} from the flags`;
  }
  return null;
}

function printSummary(result: estimation.RateExperimentResult, svg: string | undefined): void {
  console.log(`theory: risk ~ n^${result.theory.slope.toFixed(3)} (rate exponent 2(a†−v)/(2(a†−v)+1) = ${result.theory.rateExponent.toFixed(4)})`);
  for (const name of new Set(result.points.map((p) => p.estimator))) {
    const fit = result.slopes[name];
    console.log(fit === undefined ? `${name.padEnd(11)} no slope: it needs three trials over two or more n`
      : `${name.padEnd(11)} slope ${fit.slope.toFixed(3)} (95 % interval ${fit.ci[0].toFixed(3)} … ${fit.ci[1].toFixed(3)})`);
  }
  const fixed = result.points.filter((p) => p.fixedFraction !== undefined);
  if (fixed.length > 0) {
    const mean = fixed.reduce((s, p) => s + (p.fixedFraction as number), 0) / fixed.length;
    console.log(`margin: ${(100 * mean).toFixed(1)} % of the training windows broke it as first drawn and were redrawn`);
  }
  if (svg !== undefined) console.log(`plot: ${svg}`);
}
