/** `attnsim rasp FILE [--eval EXPR] [--input TEXT | --input-json JSON] [--tokens str|int|float] [--causal] [--json]`. */
import * as fs from 'fs';
import * as path from 'path';
import { rasp } from '../index';
import { formatSequence } from '../rasp/lang/format';
import { ParsedArgs } from './args';

/** Runs a RASP file, then prints `--eval EXPR` (or every s-op the file names) on the input. */
export function raspCommand(args: ParsedArgs): void {
  const [file] = args.positional;
  if (!file) throw new Error('attnsim rasp needs a RASP file: attnsim rasp FILE.rasp --eval EXPR --input TEXT');
  const input = inputOf(args);
  const session = new rasp.RaspSession({ baseDir: path.dirname(path.resolve(file)), example: input });
  const tokens = args.flags.get('tokens');
  if (tokens !== undefined) {
    if (typeof tokens !== 'string' || !tokenKinds.includes(tokens)) {
      throw new Error(`--tokens expects one of ${tokenKinds.join(', ')} but received '${String(tokens)}'`);
    }
    session.run(`tokens = tokens_${tokens};`);
  }
  const outputs = session.run(fs.readFileSync(file, 'utf8'), path.resolve(file));
  for (const warning of session.warnings) console.error(`attnsim: warning: ${warning}`);
  const causal = args.flags.has('causal');
  const expr = args.flags.get('eval');
  const named = outputs.flatMap((o) => (o.kind === 'named' && o.value instanceof rasp.SOp && o.name !== 'out' ? [o.name] : []));
  const names = typeof expr === 'string' ? [expr] : [...new Set(named)];
  for (const name of names) {
    const seq = session.evaluateSequence(name, input, { causal });
    console.log(args.flags.has('json') ? JSON.stringify(seq.values) : `${name} = ${formatSequence(seq)}`);
  }
}

const tokenKinds = ['str', 'int', 'float', 'bool', 'asis'];

function inputOf(args: ParsedArgs): rasp.Value[] | string {
  const json = args.flags.get('input-json');
  if (typeof json === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed)) throw new Error(`--input-json expects a JSON array of tokens, such as '[3, 1, 2]', but received '${json}'`);
    return parsed as rasp.Value[];
  }
  const text = args.flags.get('input');
  return typeof text === 'string' ? text : 'hello';
}
