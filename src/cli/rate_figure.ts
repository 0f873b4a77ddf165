/** `attnsim rate --figure NAME`: a named figure of the estimation experiments (a preset), in full or reduced, as text, JSON and SVG. */
import * as fs from 'fs';
import { estimation } from '../index';
import { checkFigurePoint } from '../estimation/figures/preset';
import { CommandArgs, integerFlag, stringFlag, UsageError } from './command';
import { infinityReplacer, readResultLines } from './infinity_json';
import { progressBar } from './progress_bar';

type FigureName = keyof typeof estimation.FIGURES;

/** The target flags a figure fixes itself. */
const TARGET_FLAGS = ['kind', 'a', 'T', 'noise', 'seed', 'offsets', 'importance', 'seq-len', 'token-dim', 'margin', 'weights'];

/**
 * Runs `attnsim rate --figure NAME [--n A:B] [--reps R] [--windows LIST] [--estimators LIST] [--jobs K] [--json] [--svg FILE]`,
 * or writes its cells as jobs (`--emit-jobs FILE`, one JSON line each, for `attnsim run-job`), or summarises the lines
 * run-job printed (`--collect FILE[,FILE…]`, reduced to --n, --reps, --windows and --estimators when given).
 * @param readSizes the --n reader of `attnsim rate` (powers of two from A to B).
 */
export async function rateFigure(args: CommandArgs, usage: string, readSizes: (args: CommandArgs) => number[]): Promise<void> {
  const name = stringFlag(args, 'figure') as string, names = Object.keys(estimation.FIGURES);
  if (!names.includes(name)) throw new UsageError(`--figure expects one of ${names.join(', ')} but received '${name}'`, usage);
  const clash = TARGET_FLAGS.find((f) => args.values[f] !== undefined);
  if (clash !== undefined) throw new UsageError(`--figure fixes its own target: drop --${clash}`, usage);
  const preset = estimation.FIGURES[name as FigureName];
  const opts: estimation.FigureRunOptions = { jobs: integerFlag(args, 'jobs', 1, { min: 1, max: 64, usage }) };
  if (stringFlag(args, 'n') !== undefined) opts.ns = readSizes(args).filter((n) => n >= sequenceLength(preset));
  if (stringFlag(args, 'reps') !== undefined) opts.reps = integerFlag(args, 'reps', preset.reps, { min: 1, max: 100, usage });
  const windows = stringFlag(args, 'windows');
  if (windows !== undefined) {
    const list = windows.split(',').map(Number);
    if (!list.every((w) => Number.isInteger(w) && w >= 1 && 2 * w <= sequenceLength(preset))) {
      throw new UsageError(`--windows expects integers W with 1 ≤ 2W ≤ N = ${sequenceLength(preset)} but received '${windows}'`, usage);
    }
    opts.windows = list;
  }
  const estimators = stringFlag(args, 'estimators');
  if (estimators !== undefined) {
    const list = estimators.split(',');
    const bad = list.find((e) => !preset.estimators.includes(e as estimation.FigureEstimator));
    if (bad !== undefined) throw new UsageError(`--estimators: the ${name} figure has ${preset.estimators.join(', ')}, not '${bad}'`, usage);
    opts.estimators = list as estimation.FigureEstimator[];
  }
  const emit = stringFlag(args, 'emit-jobs'), collect = stringFlag(args, 'collect');
  if (emit !== undefined && collect !== undefined) throw new UsageError('--emit-jobs and --collect exclude each other', usage);
  if (emit !== undefined) {
    const jobs = estimation.figureJobs(preset, opts);
    fs.writeFileSync(emit, jobs.map((job) => JSON.stringify(job, infinityReplacer)).join('\n') + '\n');
    console.log(`wrote ${jobs.length} jobs to ${emit}; run them with: attnsim run-job ${emit} --index I[:J] (I, J in 0…${jobs.length - 1}), ` +
      `then summarise the printed lines with: attnsim rate --figure ${name} --collect FILE`);
    return;
  }
  let result: estimation.FigureResult;
  if (collect !== undefined) {
    result = collectFigure(preset, collect, opts, usage);
  } else {
    const bar = progressBar();
    try {
      result = await estimation.runFigure(preset, { ...opts, onProgress: bar.onProgress });
    } finally {
      bar.stop();
    }
  }
  const svg = stringFlag(args, 'svg');
  if (svg !== undefined) fs.writeFileSync(svg, await estimation.plotFigure(result));
  if (args.values.json === true) {
    console.log(JSON.stringify(result, null, 1));
    return;
  }
  printFigure(result, svg);
}

/** The figure summarised from the point lines of one or more files (comma-separated), each a point of the preset. */
function collectFigure(preset: estimation.FigurePreset, files: string, opts: estimation.FigureRunOptions, usage: string): estimation.FigureResult {
  const points = files.split(',').flatMap((file) => readResultLines(file, (value, place) => {
    try {
      return checkFigurePoint('rate --collect', 'point', value, preset);
    } catch (error) {
      throw new UsageError(`--collect ${place}: not a point of the ${preset.name} figure ` +
        `(${(error as Error).message.replace(/^rate --collect: /, '')})`, usage);
    }
  }));
  try {
    return estimation.summarizePoints(preset, points, opts);
  } catch (error) {
    throw new UsageError(`--collect ${files}: ${(error as Error).message.replace(/^summarizePoints: /, '')}`, usage);
  }
}

function sequenceLength(preset: estimation.FigurePreset): number {
  const t = preset.arms[0].target;
  return (t.window ?? t.importance as NonNullable<typeof t.importance>).N;
}

const interval = (s: { slope: number; ci: [number, number] }) => `${s.slope.toFixed(3)} [${s.ci[0].toFixed(3)}, ${s.ci[1].toFixed(3)}]`;

function printFigure(r: estimation.FigureResult, svg: string | undefined): void {
  console.log(`${r.figure}: ${r.title}`);
  console.log(`run: n ${r.run.ns.join(',')}; reps ${r.run.reps}; W ${r.run.windows.join(',')}; arms ${r.run.arms.join(', ')}`);
  console.log(`theory: rate slope ${r.theory.slope.toFixed(3)}`);
  for (const [name, s] of Object.entries(r.estimators)) {
    if (s === undefined) continue;
    const parts = [`slope ${interval(s)}`];
    if (s.trend) parts.push(`trend per doubling of W ${interval(s.trend)}`);
    for (const [arm, d] of Object.entries(s.differences ?? {})) parts.push(`${arm} ${interval(d)}`);
    for (const [arm, f] of Object.entries(s.fixedFraction ?? {})) parts.push(`${arm}: margin fixed ${(100 * f).toFixed(1)} % of windows`);
    console.log(`${name.padEnd(20)} ${parts.join('; ')}`);
  }
  if (svg !== undefined) console.log(`plot: ${svg}`);
}
