/** `attnsim rasp`: runs a RASP file, then prints an expression (or every s-op the file names) on an input. */
import { rasp } from '../index';
import { formatMatrix, formatSequence } from '../rasp/lang/format';
import { Command, CommandArgs, choiceFlag, stringFlag, UsageError } from './command';
import { findProgramFile, runProgramFile, warningsOf } from './program_file';
import { replCommand } from './repl';

const tokenKinds = ['str', 'int', 'float', 'bool', 'asis'] as const;

const usage = `Usage: attnsim rasp [FILE.rasp] [--eval EXPR] [--input TEXT | --input-json JSON] [--tokens KIND] [--causal] [--json]

Runs a RASP file, then prints EXPR (or, without --eval, every s-op the file names) on the input.
FILE.rasp is a path, or the name of a bundled example (reverse, hist, sort). Without a file, starts the REPL.

Options:
  --eval EXPR        an expression to evaluate: an s-op prints its values, a selector its matrix
  --input TEXT       the input, one token per character (default: hello)
  --input-json JSON  the input as a JSON array of tokens, such as '[3, 1, 2]' (instead of --input)
  --tokens KIND      how the file reads its tokens: str (default), int, float, bool or asis
                     (asis: as given, for --input-json numbers)
  --causal           evaluate causally (each position sees only the positions up to it)
  --json             print the results as one JSON document: with --eval its value (values, or a selector's
                     matrix of booleans), else an object from each s-op's name to its values
  -h, --help         print this help`;

/** `attnsim rasp`; without a file it starts the REPL. */
export const raspCommand: Command = {
  name: 'rasp',
  summary: 'run a RASP file and print an expression (or every s-op it names) on an input; no file: the REPL',
  usage,
  flags: {
    eval: { type: 'string' }, input: { type: 'string' }, 'input-json': { type: 'string' }, tokens: { type: 'string' },
    causal: { type: 'boolean' }, json: { type: 'boolean' },
  },
  positionals: [],
  optional: ['FILE.rasp'],
  terms: { '<expr>': '--eval' },
  run: (args) => {
    if (args.positionals.length === 0) {
      const given = Object.keys(args.values).filter((k) => args.values[k] !== undefined);
      if (given.length > 0) throw new UsageError(`--${given[0]} needs FILE.rasp (without a file, attnsim rasp starts the REPL)`, usage);
      return replCommand.run(args);
    }
    const file = findProgramFile(args.positionals[0], usage), input = inputOf(args);
    const kind = args.values.tokens === undefined ? undefined : choiceFlag(args, 'tokens', tokenKinds, usage);
    const { session, sops } = runProgramFile(file, { example: input }, kind === undefined ? undefined : `tokens = tokens_${kind};`);
    for (const warning of warningsOf(session)) console.error(`attnsim: warning: ${warning}`);
    const expr = stringFlag(args, 'eval');
    const opts = { causal: args.values.causal === true }, json = args.values.json === true;
    const results: Record<string, unknown> = {};
    for (const name of expr === undefined ? sops : [expr]) {
      const value = session.value(name);
      if (value instanceof rasp.Selector) {
        const matrix = rasp.evaluateSelector(value, input, opts);
        const labels = typeof input === 'string' ? [...input] : input;
        if (json) results[name] = matrix;
        else console.log(`${name} =\n${formatMatrix(labels, matrix)}`);
      } else {
        const seq = session.evaluateSequence(name, input, opts);
        if (json) results[name] = seq.values;
        else console.log(`${name} = ${formatSequence(seq)}`);
      }
    }
    // --json: one document; with --eval the value itself, else an object from each s-op's name to its values.
    if (json) console.log(JSON.stringify(expr === undefined ? results : results[expr]));
  },
};

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
