/** rasp.evaluate equals the compiled model's forward pass: every library program, every compilable conformance case. */
import * as assert from 'assert';
import { compile, CompileError, rasp } from '../../src/index';
import { RaspSession } from '../../src/rasp/lang/session';
import { SOp } from '../../src/rasp/dsl';
import { Value } from '../../src/rasp/values';
import { allInputs, libraryPrograms } from '../cases/programs';
import { ConformanceCase as Case, conformanceCases } from '../fixtures/index';
import { HARD } from '../helpers/close';

/** Categorical values exactly; numbers within HARD. */
function same(got: Value[], expected: Value[]): boolean {
  return got.length === expected.length && got.every((v, i) => {
    const w = expected[i];
    return typeof w === 'number' && typeof v === 'number' ? Math.abs(v - w) <= HARD : v === w;
  });
}

/** Runs the model and the evaluator on every input the evaluator accepts; returns how many were compared. */
function agree(program: SOp, vocab: Value[], maxSeqLen: number, causal: boolean, inputs: Value[][], optimize = true): number {
  const model = compile(program, { vocab, maxSeqLen, causal, optimize });
  let compared = 0;
  for (const x of inputs) {
    let expected: Value[];
    try {
      expected = rasp.evaluate(program, x, { causal });
    } catch {
      continue;
    }
    const got = model.forward(x);
    assert.ok(same(got, expected), `on ${JSON.stringify(x)}: forward gave ${JSON.stringify(got)}, evaluate ${JSON.stringify(expected)}`);
    compared++;
  }
  return compared;
}

describe('integration: the compiled encoder computes what the evaluator computes', () => {
  describe('rasp.lib programs, exhaustively over every input up to maxSeqLen', () => {
    for (const c of libraryPrograms) {
      it(`${c.name} (vocab ${JSON.stringify(c.vocab)}, maxSeqLen ${c.maxSeqLen})`, () => {
        const n = agree(c.program(), c.vocab, c.maxSeqLen, c.causal ?? false, allInputs(c.vocab, c.maxSeqLen));
        assert.ok(n > 0, 'no input was compared');
      });
    }
  });

  describe('rasp.lib programs compiled with optimize: false (the straightforward pipeline) agree too', () => {
    for (const c of libraryPrograms) {
      it(c.name, () => {
        const n = agree(c.program(), c.vocab, c.maxSeqLen, c.causal ?? false, allInputs(c.vocab, c.maxSeqLen), false);
        assert.ok(n > 0, 'no input was compared');
      });
    }
  });

  describe('the conformance cases that compile', () => {
    const cases = conformanceCases().filter((c) => c.error === undefined);
    const refused: string[] = [];
    const programs = cases.map((c) => {
      const session = new RaspSession();
      session.run(`tokens = tokens_${c.tokens};`);
      if (c.source) session.run(c.source);
      return { c, sop: session.value(c.expr) };
    }).filter((x): x is { c: Case; sop: SOp } => x.sop instanceof SOp);
    for (const { c, sop } of programs) {
      it(c.name, () => {
        const example = typeof c.example === 'string' ? [...c.example] : c.example;
        let model;
        try {
          model = compile(sop, { vocab: [...new Set<Value>(example)], maxSeqLen: example.length, causal: c.causal });
        } catch (error) {
          assert.ok(error instanceof CompileError, `compile threw ${(error as Error).message}`);
          refused.push(`${c.name}: ${error.message.split('\n')[1]}`);
          return;
        }
        const got = model.forward(example);
        assert.ok(same(got, c.expected), `forward gave ${JSON.stringify(got)}, the reference ${JSON.stringify(c.expected)}`);
      });
    }
    it('compiles most of them (the rest are refused with a reason)', () => {
      assert.ok(refused.length <= programs.length / 4, `refused ${refused.length} of ${programs.length}:\n${refused.join('\n')}`);
    });
  });
});
