/** What every subcommand shares: its flags for `util.parseArgs` (strict), its usage text, and the errors that exit 2. */
import { parseArgs, ParseArgsConfig } from 'util';

/** A flag's declaration, as `util.parseArgs` takes it. */
export type FlagSpec = NonNullable<ParseArgsConfig['options']>[string];

/** The parsed command line of one subcommand: flag values by name and the positionals in order. */
export interface CommandArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** One subcommand: its name, a one-line summary, its usage text, its flags, how many positionals it takes, and its body. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  flags: Record<string, FlagSpec>;
  /** The names of the positionals it takes, in order (each required). */
  positionals: readonly string[];
  /** The names of optional positionals after the required ones. */
  optional?: readonly string[];
  /** API field names in error messages, and the flags that set them (seqLen → --n). */
  terms?: Record<string, string>;
  run(args: CommandArgs): Promise<void> | void;
}

/** A command line that does not fit the command: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  readonly usage: string;
  constructor(message: string, usage: string) {
    super(message);
    this.name = 'UsageError';
    this.usage = usage;
  }
}

/**
 * Reads argv for one command with `util.parseArgs` in strict mode (`--help`/`-h` is added to every command).
 * @param command the command whose flags and positionals argv must fit.
 * @param argv the arguments after the command's name.
 * @returns the values and positionals, or `'help'` when --help was given.
 * @throws {UsageError} for an unknown flag, a missing or unexpected value, or a wrong number of positionals.
 * @example readCommandLine(simulate, ['--n', '4']).values.n; // '4'
 */
export function readCommandLine(command: Command, argv: string[]): CommandArgs | 'help' {
  const options = { ...command.flags, help: { type: 'boolean', short: 'h' } } as const;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, command.flags), options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(parseProblem(error as Error & { code?: string }, Object.keys(options)), command.usage);
  }
  if (parsed.values.help === true) return 'help';
  const expected = command.positionals, most = expected.length + (command.optional?.length ?? 0);
  if (parsed.positionals.length > most) {
    throw new UsageError(`unexpected argument '${parsed.positionals[most]}'`, command.usage);
  }
  if (parsed.positionals.length < expected.length) {
    throw new UsageError(`missing ${expected[parsed.positionals.length]}`, command.usage);
  }
  return { values: parsed.values as CommandArgs['values'], positionals: parsed.positionals };
}

/**
 * `--offsets -2,0,3` as `--offsets=-2,0,3`: parseArgs takes a value that starts with '-' for a flag, so a string
 * flag followed by a negative number (or a list that starts with one) gets it as its value.
 */
function joinNegativeValues(argv: string[], flags: Record<string, FlagSpec>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([\w-]+)$/.exec(argv[i])?.[1];
    if (name !== undefined && flags[name]?.type === 'string' && /^-[\d.]/.test(argv[i + 1] ?? '')) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/** parseArgs's message, in the CLI's words and without its advice about `--`; an unknown flag gets a near known one. */
function parseProblem(error: Error & { code?: string }, names: string[]): string {
  const flag = /'(-[^' ]*)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const word = flag.replace(/^-+/, ''), distance = (name: string) => editDistance(word, name);
    const near = names.filter((name) => distance(name) <= 2 && distance(name) < Math.max(word.length, name.length))
      .sort((a, b) => distance(a) - distance(b))[0];
    return `unknown option ${flag}${near === undefined ? '' : ` (did you mean --${near}?)`}`;
  }
  if (/argument missing/.test(error.message)) return `${flag} needs a value`;
  if (/ambiguous/.test(error.message)) return `${flag} needs a value (write ${flag}=VALUE for a value that starts with '-')`;
  if (/does not take an argument/.test(error.message)) return `${flag} is a flag and takes no value`;
  return error.message;
}

/** The Levenshtein distance between two words (insertions, deletions and substitutions). */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/**
 * A string flag's value, or undefined when absent.
 * @param args the parsed command line.
 * @param name the flag's name without dashes.
 * @returns the value as given.
 * @example stringFlag(args, 'vocab');
 */
export function stringFlag(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * An integer flag within [min, max], or its default; anything else is a UsageError naming the flag.
 * @param args the parsed command line.
 * @param name the flag's name without dashes.
 * @param fallback the value when the flag is absent.
 * @param range the smallest and largest value accepted, and the usage shown with an error.
 * @returns the integer.
 * @throws {UsageError} when the value is not an integer in range.
 * @example integerFlag(args, 'n', 8, { min: 1, max: 4096, usage });
 */
export function integerFlag(
  args: CommandArgs, name: string, fallback: number, range: { min: number; max: number; usage: string },
): number {
  const text = stringFlag(args, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new UsageError(`--${name} expects an integer from ${range.min} to ${range.max} but received '${text}'`, range.usage);
  }
  return n;
}

/**
 * A positive finite number flag up to a largest value, or its default; anything else is a UsageError naming the flag.
 * @param args the parsed command line.
 * @param name the flag's name without dashes.
 * @param fallback the value when the flag is absent.
 * @param usage the usage shown with an error.
 * @param max the largest value accepted (default: any finite number).
 * @returns the number.
 * @throws {UsageError} when the value is not a positive finite number at most max.
 * @example positiveFlag(args, 'coldness', 100, usage, 1e100);
 */
export function positiveFlag(args: CommandArgs, name: string, fallback: number, usage: string, max = Number.MAX_VALUE): number {
  const text = stringFlag(args, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) {
    const most = max === Number.MAX_VALUE ? '' : ` at most ${max}`;
    throw new UsageError(`--${name} expects a positive number${most} but received '${text}'`, usage);
  }
  return n;
}

/**
 * One of a fixed set of words, or its default; anything else is a UsageError listing the choices.
 * @param args the parsed command line.
 * @param name the flag's name without dashes.
 * @param choices the accepted values; the first is the default.
 * @param usage the usage shown with an error.
 * @returns the chosen value.
 * @throws {UsageError} when the value is not one of the choices.
 * @example choiceFlag(args, 'attention', ['hard', 'softmax'] as const, usage);
 */
export function choiceFlag<T extends string>(args: CommandArgs, name: string, choices: readonly T[], usage: string): T {
  const text = stringFlag(args, name);
  if (text === undefined) return choices[0];
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`--${name} expects one of ${choices.join(', ')} but received '${text}'`, usage);
  }
  return text as T;
}

/**
 * A norm-parameter flag (--p, --theta): a number ≥ 1 or `inf`; undefined when absent.
 * @throws {UsageError} for anything else.
 * @example normFlag(args, 'theta', usage); // Infinity for --theta inf
 */
export function normFlag(args: CommandArgs, name: 'p' | 'theta', usage: string): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const value = text.trim() === 'inf' ? Infinity : Number(text);
  if (text.trim() === '' || Number.isNaN(value) || value < 1) {
    throw new UsageError(`--${name} expects a number ≥ 1 or inf (${name === 'p' ? 'the L^p norm of each block' : 'the ℓ^θ sum over ' +
      'blocks'}; below 1 the class is outside the theory) but received '${text}'`, usage);
  }
  return value;
}

/**
 * The --a flag: comma-separated positive numbers or `inf` (an irrelevant coordinate), at least one finite.
 * @param fallback the text when --a is absent; @param most the longest list accepted; @param usage shown with an error.
 * @throws {UsageError} for anything else.
 * @example smoothnessFlag(args, '1,2,4,8', 16, usage); // [Infinity, 1] for --a inf,1
 */
export function smoothnessFlag(args: CommandArgs, fallback: string, most: number, usage: string): number[] {
  const text = stringFlag(args, 'a') ?? fallback;
  const a = text.split(',').map((v) => (v.trim() === 'inf' ? Infinity : Number(v)));
  if (text.trim() === '' || a.some((v) => Number.isNaN(v) || v <= 0) || a.length > most || !a.some(Number.isFinite)) {
    throw new UsageError(`--a expects 1 to ${most} comma-separated positive numbers or inf, one of them finite, but received '${text}'`, usage);
  }
  return a;
}
