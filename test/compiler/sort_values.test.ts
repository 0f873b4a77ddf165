/** sortValues' fast paths for numbers (ascending runs merged, small integers marked) against a plain sort. */
import * as assert from 'assert';
import { SAME_NUMBER, sortValues } from '../../src/compiler/infer_values';

/** The definition: sort ascending, keep a number when it is more than SAME_NUMBER·(1 + |x|) above its predecessor. */
function reference(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.filter((v, i) => i === 0 || v - sorted[i - 1] > SAME_NUMBER * (1 + Math.abs(v)));
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
  ];
  for (const [name, values] of cases) {
    it(`${name}: equals a plain sort with the SAME_NUMBER merge`, () => assert.deepStrictEqual(sortValues(values), reference(values)));
  }
});
