/** A small argv reader for the CLI: `--name value`, `--flag`, and positional arguments. */

/** Parsed arguments: flags by name (true for a bare flag) and positionals in order. */
export interface ParsedArgs {
  flags: Map<string, string | true>;
  positional: string[];
}

/** Reads `--name value` and `--name=value` pairs, bare `--flag`s (those listed in `bare`) and positionals. */
export function parseArgs(argv: string[], bare: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>(), positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) flags.set(name, inline);
    else if (bare.includes(name)) flags.set(name, true);
    else if (i + 1 < argv.length) flags.set(name, argv[++i]);
    else throw new Error(`--${name} needs a value`);
  }
  return { flags, positional };
}

/** A numeric flag, or its default; an error names the flag when the value is not a number. */
export function numberFlag(args: ParsedArgs, name: string, fallback: number): number {
  const value = args.flags.get(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value === true || !Number.isFinite(n)) throw new Error(`--${name} expects a number but received '${String(value)}'`);
  return n;
}
