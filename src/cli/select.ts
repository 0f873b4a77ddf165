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

async function select(args: CommandArgs): Promise<void> {
  if (stringFlag(args, 'target') === undefined) throw new UsageError('missing --target window|importance', usage);
  const target = choiceFlag(args, 'target', ['window', 'importance'] as const, usage);
  const coldness = positiveFlag(args, 'coldness', 100, usage);
  const demo = selection.selectionDemo({
    target, N: integerFlag(args, 'n', 32, { min: 2, max: 4096, usage }), seed: integerFlag(args, 'seed', 1, { min: 0, max: 2 ** 31 - 1, usage }),
    coldness, U: integerFlag(args, 'u', 4, { min: 1, max: 64, usage }), k: integerFlag(args, 'k', 2, { min: 1, max: 64, usage }),
    margin: positiveFlag(args, 'margin', 0.05, usage), offsets: readOffsets(args), positional: readPositional(args),
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

function readOffsets(args: CommandArgs): number[] | undefined {
  const text = stringFlag(args, 'offsets');
  if (text === undefined) return undefined;
  const offsets = text.split(',').map(Number);
  if (text.trim() === '' || offsets.some((o) => !Number.isInteger(o))) {
    throw new UsageError(`--offsets expects comma-separated integers but received '${text}'`, usage);
  }
  return offsets;
}

function readPositional(args: CommandArgs): PositionalEncoding {
  const text = stringFlag(args, 'positional') ?? 'sin:6';
  if (text === 'onehot') return 'onehot';
  const match = /^sin:(\d+)$/.exec(text);
  if (!match) throw new UsageError(`--positional expects onehot or sin:K but received '${text}'`, usage);
  return { sinusoidal: Number(match[1]) };
}
