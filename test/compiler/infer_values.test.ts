/** infer_values: each s-op's value set, as the evaluator can produce it. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { allInputs } from '../cases/programs';
import { inferValues, SAME_NUMBER } from '../../src/compiler/infer_values';
import { SOp } from '../../src/rasp/dsl';
import { topologicalOrder } from '../../src/rasp/graph';
import { Value } from '../../src/rasp/values';

/** Every mean of 1 … n values drawn (with repeats) from `set`, by brute force. */
function bruteMeans(set: number[], n: number): number[] {
  const out: number[] = [];
  const walk = (from: number, count: number, sum: number) => {
    if (count > 0) out.push(sum / count);
    if (count < n) for (let i = from; i < set.length; i++) walk(i, count + 1, sum + set[i]);
  };
  walk(0, 0, 0);
  return out;
}

/** The value set infer_values gives the program's output s-op. */
function setOf(program: SOp, vocab: Value[], maxSeqLen: number): Value[] | null {
  const nodes = topologicalOrder(program).filter((x): x is SOp => x instanceof SOp);
  const settings = { vocab, maxSeqLen, bos: 'BOS', causal: false, attention: 'hard' as const, coldness: 100, realFFN: null, optimize: true };
  return inferValues(nodes, settings).sets.get(program) ?? null;
}

const { tokens, indices, Comparison } = rasp;

describe('compiler/infer_values', () => {
  for (const [name, set] of [['a grid with a common step (0, 2, 5)', [0, 2, 5]], ['halves (−1, 0.5, 3)', [-1, 0.5, 3]],
    ['no common step (0, √2, 3)', [0, Math.SQRT2, 3]]] as [string, number[]][]) {
    it(`a numerical mean of ${name} holds every mean of up to maxSeqLen values (a superset on a grid), and the default`, () => {
      const program = rasp.numerical(rasp.aggregate(rasp.select(indices, indices, Comparison.LEQ), tokens, { default: 7 }));
      const got = setOf(program, set, 4) as number[], near = (a: number, b: number) => Math.abs(a - b) <= SAME_NUMBER * (1 + Math.abs(a));
      for (const m of [...bruteMeans(set, 4), 7]) assert.ok(got.some((v) => near(v, m)), `mean ${m} missing`);
      if (name.startsWith('no common')) assert.strictEqual(got.length, new Set(bruteMeans(set, 4).map((v) => v.toFixed(9))).size + 1);
    });
  }

  it('a numerical aggregate of booleans holds numbers: true and false (a default too) as 1 and 0, as the evaluator gives them', () => {
    const first = rasp.lib.makeIsFirstOccurrence(tokens);
    const copied = rasp.numerical(rasp.aggregate(rasp.select(indices, indices, Comparison.EQ), first, { default: false }));
    const programs = [
      rasp.categorical(rasp.map((x) => x, copied)),
      rasp.sequenceMap((a, i) => `${String(a)}|${String(i)}`, copied, rasp.categorical(indices)),
    ];
    for (const program of programs) {
      for (const optimize of [true, false]) {
        const model = compile(program, { vocab: 'abc', maxSeqLen: 4, optimize });
        for (const x of allInputs([...'abc'], 4)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(program, x), x.join(''));
      }
    }
  });
});
