/**
 * Compiler suite: compile() and the compiled model's forward pass (dense, native GEMMs) for the library programs at
 * maxSeqLen 8, 32 and 128. A program the compiler refuses is reported with its reason and not tried at longer lengths;
 * nor is one whose compile took more than 2 s. And tracr's programs (rasp.lib.tracr) beside tracr's model sizes, with
 * and without the optimisation stages (`node dist/bench/compiler.js` prints that table alone).
 */
import { compile, CompileError, EncoderModel, rasp } from '../src/index';
import { tracrCases } from '../test/cases/tracr_programs';
import { measure } from './measure';
import { inputs, programs } from './rasp';

/** One tracr program at one max_seq_len: tracr's size, attnsim's optimised and plain sizes, the compile time. */
export interface TracrRow {
  program: string;
  maxSeqLen: number;
  tracr: { layers: number; width: number; mlpHidden?: number; measured: boolean };
  optimized: EncoderModel['config'];
  plain: EncoderModel['config'];
  /** Median compile time in seconds (optimised). */
  compile: number;
}

/** Compiles every tracr port with and without optimisation and times the optimised compile. */
export async function tracrSuite(log: (line: string) => void): Promise<TracrRow[]> {
  const rows: TracrRow[] = [];
  for (const c of tracrCases) {
    const opts = { vocab: c.vocab, maxSeqLen: c.maxSeqLen };
    const optimized = compile(c.program(), opts).config, plain = compile(c.program(), { ...opts, optimize: false }).config;
    const time = (await measure(() => compile(c.program(), opts), { maxTime: 0.3 })).median;
    log(`tracr ${c.name} n=${c.maxSeqLen}: ${optimized.layers} layers, width ${optimized.residualWidth} (tracr ${c.tracr.layers}, ${c.tracr.width})`);
    rows.push({ program: c.name, maxSeqLen: c.maxSeqLen, tracr: c.tracr, optimized, plain, compile: time });
  }
  return rows;
}

/** The markdown table of tracrSuite's rows. */
export function tracrSection(rows: TracrRow[]): string[] {
  const lines = ['', '## Compiler against tracr: its programs (rasp.lib.tracr), layers / residual width / MLP width', '',
    '| program | max_seq_len | tracr | attnsim | attnsim, optimize: false | parameters (non-zero) | compile |', '|---|---|---|---|---|---|---|'];
  const size = (c: EncoderModel['config']) => `${c.layers} / ${c.residualWidth} / ${c.mlpHidden}`;
  for (const r of rows) {
    const t = `${r.tracr.layers} / ${r.tracr.width}${r.tracr.mlpHidden !== undefined ? ` / ${r.tracr.mlpHidden}` : ''}${r.tracr.measured ? '' : ' (computed)'}`;
    lines.push(`| ${r.program} | ${r.maxSeqLen} | ${t} | ${size(r.optimized)} | ${size(r.plain)} | ` +
      `${r.optimized.parameters} (${r.optimized.nonZeroParameters}) | ${(r.compile * 1e3).toFixed(1)} ms |`);
  }
  lines.push('', 'tracr\'s figures: measured with tracr where issue 12 lists them; otherwise computed from its construction ' +
    '(test/cases/tracr_programs.ts, tracrSize; up to 3 dimensions generous).');
  return lines;
}

/** One program at one maxSeqLen: medians and size, or why it did not compile. */
export interface CompilerRow {
  program: string;
  maxSeqLen: number;
  compile?: number;
  forward?: number;
  config?: EncoderModel['config'];
  refused?: string;
}

export const compilerLengths = [8, 32, 128];
const SLOW_COMPILE = 2;

function vocabulary(kind: 'letters' | 'brackets' | 'distinct', n: number): rasp.Value[] {
  return kind === 'letters' ? [...'abcdefghij'] : kind === 'brackets' ? [...'(){}'] : Array.from({ length: n }, (_, i) => i);
}

/** Times compile and forward per program and length. */
export async function compilerSuite(log: (line: string) => void): Promise<CompilerRow[]> {
  const rows: CompilerRow[] = [];
  for (const [program, make, kind] of programs) {
    for (const n of compilerLengths) {
      const opts = { vocab: vocabulary(kind, n), maxSeqLen: n }, input = inputs(n, n)[kind];
      let model: EncoderModel;
      try {
        model = compile(make(), opts);
      } catch (error) {
        if (!(error instanceof CompileError)) throw error;
        rows.push({ program, maxSeqLen: n, refused: `'${error.problems[0].sop}': ${error.problems[0].reason.split(':')[0]}` });
        log(`compile ${program} n=${n}: refused`);
        break;
      }
      const compileTime = (await measure(() => compile(make(), opts), { maxTime: 1 })).median;
      const forward = (await measure(() => model.forward(input), { maxTime: 1 })).median;
      log(`compile ${program} n=${n}: compile ${(compileTime * 1e3).toFixed(1)} ms, forward ${(forward * 1e3).toFixed(1)} ms`);
      rows.push({ program, maxSeqLen: n, compile: compileTime, forward, config: model.config });
      if (compileTime > SLOW_COMPILE) break;
    }
  }
  return rows;
}

if (require.main === module) {
  tracrSuite(() => undefined).then((rows) => console.log(tracrSection(rows).join('\n'))).catch((error: Error) => {
    console.error(error.stack);
    process.exitCode = 1;
  });
}
