/** `attnsim run-job`: one trial of a job file, for any job system; prints its result as one JSON line. */
import { estimation } from '../index';
import { Command, CommandArgs, integerFlag, UsageError } from './command';
import { readInputFile } from './input_file';

const usage = `Usage: attnsim run-job FILE [--index I]

Runs line I (from 0) of a job file written by 'attnsim rate --emit-jobs FILE' and prints the trial's
result as one JSON line; collect the lines into a file and summarise them with
'attnsim rate --collect RESULTS' (same target flags). Without --index, I is read from
JOB_COMPLETION_INDEX (a Kubernetes indexed Job) or, failing that, is 0.

Options:
  --index I    the line to run, from 0
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
  const index = integerFlag(args, 'index', fallback, { min: 0, max: Math.max(0, lines.length - 1), usage });
  if (lines.length === 0) throw new UsageError(`${args.positionals[0]} holds no jobs`, usage);
  let job: estimation.TrialJob;
  try {
    job = JSON.parse(lines[index]) as estimation.TrialJob;
  } catch {
    throw new Error(`${args.positionals[0]}:${index + 1}: not a JSON job line`);
  }
  console.log(JSON.stringify(await estimation.runTrial(job)));
}
