/** `attnsim compile FILE.rasp --sop NAME --vocab a,b,c --max-len 8 [--causal] [--draw out.svg] [--trace INPUT [--trace-svg FILE]]`. */
import * as fs from 'fs';
import * as path from 'path';
import { compile, rasp } from '../index';
import { drawModel } from '../draw/model_diagram';
import { drawTrace } from '../draw/trace_heatmaps';
import { numberFlag, ParsedArgs } from './args';

/** Compiles one s-op of a RASP file, prints the model's size, and draws the model and an input's attention. */
export async function compileCommand(args: ParsedArgs): Promise<void> {
  const [file] = args.positional, name = args.flags.get('sop'), vocab = args.flags.get('vocab');
  if (!file || typeof name !== 'string' || typeof vocab !== 'string') {
    throw new Error('attnsim compile needs a file, --sop NAME and --vocab: attnsim compile FILE.rasp --sop NAME --vocab a,b,c --max-len 8');
  }
  const session = new rasp.RaspSession({ baseDir: path.dirname(path.resolve(file)) });
  session.run(fs.readFileSync(file, 'utf8'), path.resolve(file));
  const sop = session.value(name);
  if (!(sop instanceof rasp.SOp)) throw new Error(`'${name}' is not an s-op in ${file}`);
  const model = compile(sop, { vocab: vocab.split(','), maxSeqLen: numberFlag(args, 'max-len', 8), causal: args.flags.has('causal') });
  console.log(`${name}: ${JSON.stringify(model.config)}`);
  const draw = args.flags.get('draw');
  if (typeof draw === 'string') {
    fs.writeFileSync(draw, await drawModel(model, `${name} compiled (vocab ${vocab})`));
    console.log(`model drawn to ${draw}`);
  }
  const input = args.flags.get('trace');
  if (typeof input === 'string') {
    const tokens = input.includes(',') ? input.split(',') : [...input];
    const trace = model.trace(tokens), out = String(args.flags.get('trace-svg') ?? 'trace.svg');
    fs.writeFileSync(out, await drawTrace(model, trace, `${name} on ${JSON.stringify(input)}`));
    console.log(`${name}(${JSON.stringify(input)}) = ${JSON.stringify(model.forward(tokens))}; attention drawn to ${out}`);
  }
}
