/** The fast selection paths (hashing, sorting, Fenwick) agree with the row-by-row evaluation on random inputs. */
import * as assert from 'assert';
import { Random } from '../../src/linalg/random';
import * as rasp from '../../src/rasp/index';

const { tokens, indices, Comparison: C } = rasp;
const ops = ['EQ', 'NEQ', 'LT', 'LEQ', 'GT', 'GEQ', 'TRUE', 'FALSE'] as const;

/** The same selector behind an `and` with an all-true select, which forces the row-by-row path. */
const dense = (s: rasp.Selector) => rasp.and(s, rasp.select(indices, indices, C.TRUE));

describe('rasp selection: fast paths equal row-by-row evaluation', () => {
  const random = new Random(11);
  for (let trial = 0; trial < 6; trial++) {
    const n = 1 + random.int(40);
    const ints = Array.from({ length: n }, () => random.int(6));
    const strings = ints.map((v) => 'abcdef'[v]);
    for (const [what, input] of [['ints', ints], ['strings', strings]] as const) {
      for (const op of ops) {
        for (const causal of [false, true]) {
          it(`n=${n} ${what} ${op}${causal ? ' causal' : ''}`, () => {
            const queries = rasp.map((v) => v, tokens);
            const sel = rasp.select(tokens, queries, C[op]);
            const weights = rasp.map((i) => ((i as number) * 7) % 5, indices);
            for (const make of [(s: rasp.Selector) => rasp.selectorWidth(s), (s: rasp.Selector) => rasp.aggregate(s, weights)]) {
              const fast = rasp.evaluate(make(sel), input as never, { causal });
              const slow = rasp.evaluate(make(dense(sel)), input as never, { causal });
              fast.forEach((v, i) => assert.ok(Math.abs((v as number) - (slow[i] as number)) <= 1e-12, `${op} at ${i}: ${v} vs ${slow[i]}`));
            }
          });
        }
      }
    }
  }
  it('a single selected value keeps its own type on both paths', () => {
    const sel = rasp.select(indices, 0, C.EQ);
    assert.deepStrictEqual(rasp.evaluate(rasp.aggregate(sel, tokens), 'xy'), ['x', 'x']);
    assert.deepStrictEqual(rasp.evaluate(rasp.aggregate(dense(sel), tokens), 'xy'), ['x', 'x']);
  });
});
