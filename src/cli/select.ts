/** `attnsim select`: a token-selecting transformer on a seeded instance, its gap, bound and errors, and its drawing. */
import * as fs from 'fs';
import { PositionalEncoding, selection } from '../index';
import { choiceFlag, Command, CommandArgs, integerFlag, positiveFlag, stringFlag, UsageError } from './command';

const usage = `Usage: attnsim select --target window|importance [--n 32] [--offsets -2,0,3] [--positional sin:6|onehot]
                     [--u 4] [--k 2] [--margin 0.05] [--coldness 100] [--seed 1] [--svg FILE]

Builds the construction that realises a seeded target (window: one head per offset copies that
token; importance: the k most important tokens of each window, one selection per block), prints its
score gap, parameter count and bound, the worst error against coldness, and draws its picks.

Options:
  --target T         window or importance
  --n N              sequence length, 2 to 4096 (default 32)
  --offsets LIST     window: comma-separated offsets (default: the construction's own)
  --positional P     window: onehot or sin:K, K sinusoidal frequencies (default sin:6)
  --u U              importance: the window is t−U … t+U (default 4)
  --k K              importance: how many tokens to select (default 2)
  --margin M         importance: the importance gap enforced in every window (default 0.05)
  --coldness C       the softmax coldness c (default 100)
  --seed S           seed of the instance (default 1)
  --svg FILE         draw the picks and the error against coldness to FILE
  -h, --help         print this help`;

/** `attnsim select`. */
export const selectCommand: Command = {
  name: 'select',
  summary: 'build a token-selecting transformer, print its gap and errors, draw its picks',
  usage,
  flags: {
    target: { type: 'string' }, n: { type: 'string' }, offsets: { type: 'string' }, positional: { type: 'string' },
    u: { type: 'string' }, k: { type: 'string' }, margin: { type: 'string' }, coldness: { type: 'string' },
    seed: { type: 'string' }, svg: { type: 'string' },
  },
  positionals: [],
  terms: { coldness: '--coldness' },
  run: (args) => select(args),
};

/** The flags that belong to one target only. */
const targetFlags = { window: ['offsets', 'positional'], importance: ['u', 'k', 'margin'] } as const;

async function select(args: CommandArgs): Promise<void> {
  if (stringFlag(args, 'target') === undefined) throw new UsageError('missing --target window|importance', usage);
  const target = choiceFlag(args, 'target', ['window', 'importance'] as const, usage);
  const other = target === 'window' ? 'importance' : 'window';
  const misplaced = targetFlags[other].find((flag) => args.values[flag] !== undefined);
  if (misplaced !== undefined) throw new UsageError(`--${misplaced} is for --target ${other}, not --target ${target}`, usage);
  const coldness = positiveFlag(args, 'coldness', 100, usage), N = integerFlag(args, 'n', 32, { min: 2, max: 4096, usage });
  const U = integerFlag(args, 'u', 4, { min: 1, max: 64, usage }), k = integerFlag(args, 'k', 2, { min: 1, max: 64, usage });
  const offsets = readOffsets(args);
  if (target === 'window') checkOffsets(offsets ?? DEFAULT_OFFSETS, offsets === undefined, N);
  else checkWindow(N, U, k);
  const positional = readPositional(args, N);
  const demo = selection.selectionDemo({
    target, N, seed: integerFlag(args, 'seed', 1, { min: 0, max: 2 ** 31 - 1, usage }), coldness, U, k,
    margin: positiveFlag(args, 'margin', 0.05, usage), offsets, positional,
  });
  const c = demo.construction;
  console.log(`${target}: gap Δ = ${c.gap.toPrecision(6)}, ${c.model.parameterCount} parameters, bound at c = ${coldness}: ` +
    `${c.bound.toExponential(3)}`);
  for (const r of demo.curve) console.log(`  c = ${r.coldness.toPrecision(4)}: worst error ${r.error.toExponential(3)}, bound ${r.bound.toExponential(3)}`);
  const svg = stringFlag(args, 'svg');
  if (svg !== undefined) {
    fs.writeFileSync(svg, await selection.drawSelection(demo));
    console.log(`drawn to ${svg}`);
  }
}

/** The window construction's offsets when --offsets is not given (selection.selectionDemo's default). */
const DEFAULT_OFFSETS = [-2, 0, 3];

/** Each offset must reach a position of the sequence: between −(n−1) and n−1. */
function checkOffsets(offsets: readonly number[], byDefault: boolean, N: number): void {
  const far = Math.max(...offsets.map(Math.abs));
  if (far <= N - 1) return;
  const given = byDefault ? `the default --offsets ${offsets.join(',')}` : `--offsets ${offsets.join(',')}`;
  throw new UsageError(`${given} needs --n of at least ${far + 1} (each offset between −(n−1) and n−1), but --n is ${N}`, usage);
}

/** The importance window t−U … t+U must fit in the sequence and hold the k tokens selected. */
function checkWindow(N: number, U: number, k: number): void {
  if (N < 2 * U + 1) throw new UsageError(`--n (${N}) must be at least 2·--u + 1 = ${2 * U + 1}, the window's length`, usage);
  if (k > 2 * U + 1) throw new UsageError(`--k (${k}) must be at most 2·--u + 1 = ${2 * U + 1}, the window's length`, usage);
}

function readOffsets(args: CommandArgs): number[] | undefined {
  const text = stringFlag(args, 'offsets');
  if (text === undefined) return undefined;
  const offsets = text.split(',').map(Number);
  if (text.trim() === '' || offsets.some((o) => !Number.isInteger(o))) {
    throw new UsageError(`--offsets expects comma-separated integers but received '${text}'`, usage);
  }
  return offsets;
}

/** --positional: onehot, or sin:K with 1 ≤ K < n/2 frequencies (distinct positions need K below the Nyquist one). */
function readPositional(args: CommandArgs, N: number): PositionalEncoding {
  const text = stringFlag(args, 'positional') ?? 'sin:6';
  if (text === 'onehot') return 'onehot';
  const match = /^sin:(\d+)$/.exec(text);
  if (!match) throw new UsageError(`--positional expects onehot or sin:K but received '${text}'`, usage);
  const K = Number(match[1]), most = Math.ceil(N / 2) - 1;
  if (K < 1 || K > most) {
    const given = stringFlag(args, 'positional') === undefined ? 'the default --positional sin:6' : `--positional ${text}`;
    throw new UsageError(most < 1 ? `${given} needs --n of at least 3; use --positional onehot for --n ${N}`
      : `${given} needs K from 1 to ${most} for --n ${N} (K < n/2)`, usage);
  }
  return { sinusoidal: K };
}
