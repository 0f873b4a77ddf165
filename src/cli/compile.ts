/** `attnsim compile`: compiles one s-op of a RASP file, prints the model's size, draws it, and traces an input. */
import * as fs from 'fs';
import { compile, EncoderModel, rasp } from '../index';
import { drawModel } from '../draw/model_diagram';
import { drawTrace } from '../draw/trace_heatmaps';
import { Command, CommandArgs, integerFlag, stringFlag, UsageError } from './command';
import { checkOutputFile, findProgramFile, runProgramFile } from './program_file';
import { progressBar } from './progress_bar';

const usage = `Usage: attnsim compile FILE.rasp --sop NAME --vocab a,b,c [--max-len 8] [--causal]
                       [--draw MODEL.svg] [--trace INPUT [--trace-svg TRACE.svg]] [--onnx MODEL.onnx]

Compiles the s-op NAME of a RASP file to a transformer encoder and prints its size. FILE.rasp is a path,
or the name of a bundled example (reverse, hist, sort).

Options:
  --sop NAME         the s-op to compile (a name the file defines)
  --vocab a,b,c      the token vocabulary, comma-separated, no empty or repeated tokens
  --max-len N        the longest input the model accepts, 1 to 1048576 (default 8)
  --causal           compile for causal evaluation
  --draw FILE        draw the model (its layers, heads and residual stream) as SVG to FILE
  --trace INPUT      run the model on INPUT (characters, or comma-separated tokens) and print its output
                     and every head's attention weights
  --trace-svg FILE   with --trace: draw the attention weights as SVG to FILE instead of printing them
  --onnx FILE        write the model as ONNX (opset 17, float32) to FILE: input token_ids (int64 indices into
                     the vocabulary), output per position the int64 index of the s-op's value (-1: none)
  -h, --help         print this help`;

/** `attnsim compile`. */
export const compileCommand: Command = {
  name: 'compile',
  summary: 'compile an s-op to encoder weights, print its size, draw the model, trace an input, export ONNX',
  usage,
  flags: {
    sop: { type: 'string' }, vocab: { type: 'string' }, 'max-len': { type: 'string' }, causal: { type: 'boolean' },
    draw: { type: 'string' }, trace: { type: 'string' }, 'trace-svg': { type: 'string' }, onnx: { type: 'string' },
  },
  positionals: ['FILE.rasp'],
  terms: { 'compile: ': '', maxSeqLen: '--max-len' },
  run: async (args) => {
    const name = stringFlag(args, 'sop');
    if (name === undefined) throw new UsageError('missing --sop NAME', usage);
    const vocab = readVocab(args), maxSeqLen = integerFlag(args, 'max-len', 8, { min: 1, max: 1 << 20, usage });
    const input = stringFlag(args, 'trace'), traceSvg = stringFlag(args, 'trace-svg'), draw = stringFlag(args, 'draw');
    if (traceSvg !== undefined && input === undefined) throw new UsageError('--trace-svg needs --trace INPUT', usage);
    const tokens = input === undefined ? undefined : traceTokens(input, vocab, maxSeqLen);
    if (draw !== undefined) checkOutputFile(draw, '--draw', usage);
    if (traceSvg !== undefined) checkOutputFile(traceSvg, '--trace-svg', usage);
    const file = args.positionals[0], { session, sops } = runProgramFile(findProgramFile(file, usage));
    const sop = sops.includes(name) ? session.value(name) : valueOrUndefined(session, name);
    if (!(sop instanceof rasp.SOp)) {
      throw new UsageError(`--sop ${name}: ${file} names no s-op '${name}'; its s-ops: ${sops.join(', ') || 'none'}`, usage);
    }
    const bar = progressBar();
    let model: EncoderModel;
    try {
      model = compile(sop, { vocab, maxSeqLen, causal: args.values.causal === true, onProgress: bar.onProgress });
    } finally {
      bar.stop();
    }
    console.log(`${name}: ${JSON.stringify(model.config)}`);
    if (draw !== undefined) {
      fs.writeFileSync(draw, await drawModel(model, `${name} compiled (vocab ${vocab.join(',')})`));
      console.log(`model drawn to ${draw}`);
    }
    const onnx = stringFlag(args, 'onnx');
    if (onnx !== undefined) {
      fs.writeFileSync(onnx, model.toONNX());
      console.log(`ONNX model written to ${onnx}: input token_ids (indices into ${JSON.stringify(vocab)}), ` +
        `output ${model.readout.encoding === 'categorical' ? `indices into ${JSON.stringify(model.outputValues)}` : 'float32 values'}`);
    }
    if (input !== undefined && tokens !== undefined) await trace(model, name, input, tokens, traceSvg);
  },
};

/** A name's value in the session (one a loaded file defines, say), or undefined when it has none. */
function valueOrUndefined(session: rasp.RaspSession, name: string): unknown {
  try {
    return session.value(name);
  } catch {
    return undefined;
  }
}

/** --vocab as a list of distinct, non-empty tokens. */
function readVocab(args: CommandArgs): string[] {
  const text = stringFlag(args, 'vocab');
  if (text === undefined) throw new UsageError('missing --vocab a,b,c', usage);
  const tokens = text.split(',');
  if (tokens.some((t) => t === '')) {
    throw new UsageError(`--vocab expects comma-separated tokens but '${text}' has an empty one`, usage);
  }
  const repeated = tokens.find((t, i) => tokens.indexOf(t) !== i);
  if (repeated !== undefined) throw new UsageError(`--vocab lists '${repeated}' more than once`, usage);
  return tokens;
}

/** --trace's tokens (characters, or comma-separated tokens), each in the vocabulary, at most --max-len of them. */
function traceTokens(input: string, vocab: string[], maxSeqLen: number): string[] {
  const tokens = input.includes(',') ? input.split(',') : [...input];
  const outside = tokens.find((t) => !vocab.includes(t));
  if (outside !== undefined) throw new UsageError(`--trace has the token '${outside}', which is not in --vocab (${vocab.join(',')})`, usage);
  if (tokens.length > maxSeqLen) throw new UsageError(`--trace has ${tokens.length} tokens, more than --max-len (${maxSeqLen})`, usage);
  return tokens;
}

/** Runs the model on one input; prints its output, then every head's weights as text or draws them to an SVG file. */
async function trace(model: EncoderModel, name: string, input: string, tokens: string[], svg: string | undefined): Promise<void> {
  const result = model.trace(tokens);
  console.log(`${name}(${JSON.stringify(input)}) = ${JSON.stringify(model.forward(tokens))}`);
  if (svg !== undefined) {
    fs.writeFileSync(svg, await drawTrace(model, result, `${name} on ${JSON.stringify(input)}`));
    console.log(`attention drawn to ${svg}`);
    return;
  }
  result.layers.forEach((layer, l) => layer.patterns.forEach((weights, h) => {
    console.log(`\nlayer ${l}, head ${model.layers[l].heads[h].label} (rows: queries, columns: keys):`);
    console.log(formatWeights(result.tokens.map(String), weights.toArray()));
  }));
}

/** A weight matrix with the tokens as row and column labels, two decimals, blank for zero. */
function formatWeights(labels: string[], rows: number[][]): string {
  const cell = (v: number) => (v === 0 ? '' : v.toFixed(2));
  const width = Math.max(4, ...labels.map((l) => l.length));
  const pad = (s: string) => s.padStart(width);
  return [`${' '.repeat(width)}   ${labels.map(pad).join(' ')}`,
    ...rows.map((row, q) => `${pad(labels[q])} | ${row.map((v) => pad(cell(v))).join(' ')}`)].join('\n');
}
