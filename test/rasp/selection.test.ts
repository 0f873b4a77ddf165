/** The fast selection paths (hashing, Fenwick trees over ranks) agree with row-by-row evaluation on random inputs. */
import * as assert from 'assert';
import { Random } from '../../src/linalg/random';
import * as rasp from '../../src/rasp/index';

const { tokens, indices, Comparison: C } = rasp;
const ops = ['EQ', 'NEQ', 'LT', 'LEQ', 'GT', 'GEQ', 'TRUE', 'FALSE'] as const;

/** The same selector behind an `and` with a custom always-true predicate, which forces the row-by-row path. */
const dense = (s: rasp.Selector) => rasp.and(s, rasp.select(indices, indices, () => true));

const parity = rasp.map((t) => (typeof t === 'number' ? t % 2 : String(t) < 'c'), tokens);
/** Selector shapes: a plain select, EQ-groups with one other comparison, and disjoint ors (the shape sort uses). */
const shapes: [string, (op: rasp.Predicate) => rasp.Selector][] = [
  ['select', (op) => rasp.select(tokens, rasp.map((v) => v, tokens), op)],
  ['EQ and op', (op) => rasp.and(rasp.select(parity, parity, C.EQ), rasp.select(indices, indices, op))],
  ['op and EQ and EQ', (op) => rasp.and(rasp.select(tokens, tokens, op), rasp.and(rasp.select(parity, parity, C.EQ), rasp.select(parity, true, C.EQ)))],
  ['LT or (EQ and op)', (op) => rasp.or(rasp.select(tokens, tokens, C.LT), rasp.and(rasp.select(tokens, tokens, C.EQ), rasp.select(indices, indices, op)))],
];

describe('rasp selection: fast paths equal row-by-row evaluation', () => {
  const random = new Random(11);
  for (let trial = 0; trial < 3; trial++) {
    const n = 1 + random.int(30);
    const ints = Array.from({ length: n }, () => random.int(6));
    const strings = ints.map((v) => 'abcdef'[v]);
    for (const [what, input] of [['ints', ints], ['strings', strings]] as const) {
      for (const [shape, make] of shapes) {
        for (const causal of [false, true]) {
          it(`n=${n} ${what} ${shape}${causal ? ' causal' : ''}, every comparison`, () => {
            const weights = rasp.map((i) => ((i as number) * 7) % 5, indices);
            for (const op of ops) {
              const sel = make(C[op]);
              for (const reduce of [(s: rasp.Selector) => rasp.selectorWidth(s), (s: rasp.Selector) => rasp.aggregate(s, weights)]) {
                const fast = rasp.evaluate(reduce(sel), input as never, { causal });
                const slow = rasp.evaluate(reduce(dense(sel)), input as never, { causal });
                fast.forEach((v, i) => assert.ok(Math.abs((v as number) - (slow[i] as number)) <= 1e-12, `${op} at ${i}: ${v} vs ${slow[i]}`));
              }
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
