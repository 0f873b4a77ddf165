/** infer_values: each s-op's value set, as the evaluator can produce it. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { allInputs } from '../cases/programs';

const { tokens, indices, Comparison } = rasp;

describe('compiler/infer_values', () => {
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
