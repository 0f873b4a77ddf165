/** `attnsim run-job`: one trial of a job file, for any job system; prints its result as one JSON line. */
import { estimation } from '../index';
import { Command, CommandArgs, integerFlag, stringFlag, UsageError } from './command';
import { readInputFile } from './input_file';
import { parseWithInfinity } from './infinity_json';

const usage = `Usage: attnsim run-job FILE [--index I | --index I:J]

Runs line I (from 0) of a job file written by 'attnsim rate --emit-jobs FILE' (or
'attnsim rate --figure NAME --emit-jobs FILE') and prints the trial's result as one JSON line;
collect the lines into a file and summarise them with 'attnsim rate --collect RESULTS' (same
target flags) or 'attnsim rate --figure NAME --collect RESULTS'. Without --index, I is read from
JOB_COMPLETION_INDEX (a Kubernetes indexed Job) or, failing that, is 0.

Options:
  --index I    the line to run, from 0
  --index I:J  lines I to J (inclusive) in order, one result line printed as each ends (the cells
               of a figure that share a sample draw it once)
  -h, --help   print this help`;

/** `attnsim run-job`. */
export const runJobCommand: Command = {
  name: 'run-job',
  summary: 'run one trial of a rate experiment\'s job file (for job systems)',
  usage,
  flags: { index: { type: 'string' } },
  positionals: ['FILE'],
  run: (args) => runJob(args),
};

async function runJob(args: CommandArgs): Promise<void> {
  const lines = readInputFile(args.positionals[0]).split('\n').filter((line) => line.trim() !== '');
  const fromEnv = process.env.JOB_COMPLETION_INDEX;
  const fallback = fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : 0;
  if (lines.length === 0) throw new UsageError(`${args.positionals[0]} holds no jobs`, usage);
  const range = /^(\d+):(\d+)$/.exec(stringFlag(args, 'index') ?? '');
  const [from, to] = range === null
    ? Array(2).fill(integerFlag(args, 'index', fallback, { min: 0, max: lines.length - 1, usage })) as number[]
    : [Number(range[1]), Number(range[2])];
  if (!(from <= to && to < lines.length)) {
    throw new UsageError(`--index expects I:J with 0 ≤ I ≤ J ≤ ${lines.length - 1} but received '${stringFlag(args, 'index')}'`, usage);
  }
  for (let index = from; index <= to; index++) {
    let job: unknown;
    try {
      job = parseWithInfinity(lines[index]);
    } catch {
      throw new Error(`${args.positionals[0]}:${index + 1}: not a JSON job line`);
    }
    const figure = typeof job === 'object' && job !== null && 'figure' in job;
    const result = figure ? await estimation.runFigureTrial(job as estimation.FigureJob) : await estimation.runTrial(job as estimation.TrialJob);
    console.log(JSON.stringify(result));
  }
}
