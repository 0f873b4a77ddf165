/** sortValues' fast paths for numbers (ascending runs merged, small integers marked) against a plain sort. */
import * as assert from 'assert';
import { SAME_NUMBER, sortValues } from '../../src/compiler/infer_values';
import { compile, rasp } from '../../src/index';
import { allInputs } from '../cases/programs';

/**
 * The definition: sort ascending, start a new value when a number is more than SAME_NUMBER·(1 + |x|) above its
 * predecessor, and let the member of each run of near-equal numbers with the shortest decimal form stand for it.
 */
function reference(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b), out: number[] = [];
  sorted.forEach((v, i) => {
    if (i === 0 || v - sorted[i - 1] > SAME_NUMBER * (1 + Math.abs(v))) out.push(v);
    else if (String(v).length < String(out[out.length - 1]).length) out[out.length - 1] = v;
  });
  return out;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('compiler: sortValues on numbers', () => {
  const r = seeded(7);
  const cases: [string, number[]][] = [
    ['ascending with repeats', Array.from({ length: 500 }, (_, i) => Math.floor(i / 3))],
    ['a few ascending runs (a gather index with a −1 tail)', Array.from({ length: 600 }, (_, i) => (i < 400 ? (i % 100) * 7 : -1))],
    ['squares of runs (a large range)', Array.from({ length: 600 }, (_, i) => ((i % 150) - 20) ** 2)],
    ['small integers in no order', Array.from({ length: 700 }, () => Math.floor(r() * 300) - 150)],
    ['random reals', Array.from({ length: 700 }, () => (r() - 0.5) * 1e6)],
    ['near-equal chains (merged by SAME_NUMBER)', Array.from({ length: 300 }, (_, i) => Math.floor(i / 10) + (i % 10) * 3e-10)],
    ['more than 16 runs of reals', Array.from({ length: 400 }, (_, i) => (i % 20) + i * 1e-3)],
    ['one value', [5]],
    ['a map\'s rounding around 1 (1 stands for them)', [0.9999999999999998, 0.30000000000000004, 1.0000000000000002, 1, 0.3]],
  ];
  for (const [name, values] of cases) {
    it(`${name}: equals a plain sort with the SAME_NUMBER merge`, () => assert.deepStrictEqual(sortValues(values), reference(values)));
  }

  it('the plainest of near-equal numbers stands for them: 1 and 0.3, not 0.9999999999999998 and 0.30000000000000004', () => {
    assert.deepStrictEqual(sortValues([0.9999999999999998, 0.30000000000000004, 1.0000000000000002, 1, 0.3]), [0.3, 1]);
  });

  // Found by differential fuzzing once numerical means were listed: the one-hot view of x + 1 over means held
  // 0.9999999999999998 for 1, so an equality with indices (tested on the members) never selected index 1.
  it('an equality between indices and a map of means selects where the evaluator does (members are the plain numbers)', () => {
    const first = rasp.lib.markFirstInstance(rasp.tokens, 3);
    const mean = rasp.numerical(rasp.aggregate(rasp.select(rasp.indices, rasp.tokens, rasp.Comparison.EQ), first, { default: 1 }));
    const shifted = rasp.linear([mean, mean], [2, -1], 1);
    const program = rasp.categorical(rasp.aggregate(rasp.select(rasp.indices, shifted, rasp.Comparison.EQ), rasp.indices));
    for (const optimize of [true, false]) {
      const model = compile(program, { vocab: [1, 2, 3], maxSeqLen: 5, optimize });
      for (const x of allInputs([1, 2, 3], 5)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(program, x), JSON.stringify(x));
    }
  });
});
