/**
 * Compiler suite: compile() and the compiled model's forward pass (dense, native GEMMs) for the library programs at
 * maxSeqLen 8, 32 and 128. A program the compiler refuses is reported with its reason and not tried at longer lengths;
 * nor is one whose compile took more than 2 s.
 */
import { compile, CompileError, EncoderModel, rasp } from '../src/index';
import { measure } from './measure';
import { inputs, programs } from './rasp';

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
