/** `attnsim rasp`: runs a RASP file, then prints an expression (or every s-op the file names) on an input. */
import * as path from 'path';
import { rasp } from '../index';
import { formatMatrix, formatSequence } from '../rasp/lang/format';
import { Command, CommandArgs, choiceFlag, stringFlag, UsageError } from './command';
import { readInputFile } from './input_file';

const tokenKinds = ['str', 'int', 'float', 'bool', 'asis'] as const;

const usage = `Usage: attnsim rasp FILE.rasp [--eval EXPR] [--input TEXT | --input-json JSON] [--tokens KIND] [--causal] [--json]

Runs a RASP file, then prints EXPR (or, without --eval, every s-op the file names) on the input.

Options:
  --eval EXPR        an expression to evaluate: an s-op prints its values, a selector its matrix
  --input TEXT       the input, one token per character (default: hello)
  --input-json JSON  the input as a JSON array of tokens, such as '[3, 1, 2]' (instead of --input)
  --tokens KIND      how the file reads its tokens: str (default), int, float, bool or asis
                     (asis: as given, for --input-json numbers)
  --causal           evaluate causally (each position sees only the positions up to it)
  --json             print each result as JSON (values, or a selector's matrix of booleans)
  -h, --help         print this help`;

/** `attnsim rasp`. */
export const raspCommand: Command = {
  name: 'rasp',
  summary: 'run a RASP file and print an expression (or every s-op it names) on an input',
  usage,
  flags: {
    eval: { type: 'string' }, input: { type: 'string' }, 'input-json': { type: 'string' }, tokens: { type: 'string' },
    causal: { type: 'boolean' }, json: { type: 'boolean' },
  },
  positionals: ['FILE.rasp'],
  terms: { '<expr>': '--eval' },
  run: (args) => {
    const [file] = args.positionals, input = inputOf(args);
    const kind = args.values.tokens === undefined ? undefined : choiceFlag(args, 'tokens', tokenKinds, usage);
    const session = new rasp.RaspSession({ baseDir: path.dirname(path.resolve(file)), example: input });
    if (kind !== undefined) session.run(`tokens = tokens_${kind};`);
    const outputs = session.run(readInputFile(file, rasp.defaultLimits.maxFileBytes), path.resolve(file));
    for (const warning of warningsOf(session)) console.error(`attnsim: warning: ${warning}`);
    const expr = stringFlag(args, 'eval');
    const named = outputs.flatMap((o) => (o.kind === 'named' && o.value instanceof rasp.SOp && o.name !== 'out' ? [o.name] : []));
    const opts = { causal: args.values.causal === true }, json = args.values.json === true;
    for (const name of expr === undefined ? [...new Set(named)] : [expr]) {
      const value = session.value(name);
      if (value instanceof rasp.Selector) {
        const matrix = rasp.evaluateSelector(value, input, opts);
        const labels = typeof input === 'string' ? [...input] : input;
        console.log(json ? JSON.stringify(matrix) : `${name} =\n${formatMatrix(labels, matrix)}`);
      } else {
        const seq = session.evaluateSequence(name, input, opts);
        console.log(json ? JSON.stringify(seq.values) : `${name} = ${formatSequence(seq)}`);
      }
    }
  },
};

/**
 * The warnings a session collected while loading (statements it skipped), where the session keeps them.
 * @param session the session that ran the files.
 * @returns the warnings in the order they arose (none when the session keeps no warnings).
 * @example for (const w of warningsOf(session)) console.error(w);
 */
export function warningsOf(session: rasp.RaspSession): readonly string[] {
  const warnings = (session as { warnings?: unknown }).warnings;
  return Array.isArray(warnings) ? warnings.map(String) : [];
}

/** The input: --input's characters, --input-json's tokens, or "hello". */
function inputOf(args: CommandArgs): rasp.Value[] | string {
  const json = stringFlag(args, 'input-json'), text = stringFlag(args, 'input');
  if (json !== undefined && text !== undefined) throw new UsageError('--input and --input-json cannot be used together', usage);
  if (json === undefined) return text ?? 'hello';
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = undefined;
  }
  const token = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'boolean' || Number.isFinite(v);
  if (!Array.isArray(parsed) || !parsed.every(token)) {
    throw new UsageError(`--input-json expects a JSON array of tokens, such as '[3, 1, 2]', but received '${json}'`, usage);
  }
  return parsed as rasp.Value[];
}
