/** Softmax attention at coldness c deviates from hard attention by at most (m−1)·e^(−cΔ) times the value range. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';

describe('compiler: softmax realisation against hard attention', () => {
  // A numerical prefix mean of 0/1 values: one head, score gap Δ = 0.5 (selected 1, BOS 0.5, others 0), value range 1.
  const ones = rasp.numerical(rasp.map((t) => (t === 'a' ? 1 : 0), rasp.tokens));
  const prog = rasp.numerical(rasp.aggregate(rasp.select(rasp.indices, rasp.indices, rasp.Comparison.LEQ), ones));
  const input = [...'abaabbab'], m = input.length + 1, gap = 0.5;
  const hard = compile(prog, { vocab: 'ab', maxSeqLen: 8 }).forward(input) as number[];

  for (const c of [2, 5, 10, 20, 40]) {
    it(`coldness ${c}: max deviation ≤ (m−1)·e^(−cΔ) with m = ${m}, Δ = ${gap}`, () => {
      const soft = compile(prog, { vocab: 'ab', maxSeqLen: 8, attention: 'softmax', coldness: c }).forward(input) as number[];
      const deviation = Math.max(...soft.map((v, i) => Math.abs(v - hard[i])));
      const bound = (m - 1) * Math.exp(-c * gap);
      assert.ok(deviation <= bound, `deviation ${deviation} > bound ${bound}`);
      if (c <= 10) assert.ok(deviation > bound / 1e4, `deviation ${deviation} is far below the bound ${bound}: the test would not notice a wrong bound`);
    });
  }
});
