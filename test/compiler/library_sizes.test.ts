/**
 * rasp.lib at maxSeqLen 8: every program under 500 wide (Dyck-1/2/3 included); sort and sort_freq at 32 and 128 within their
 * widths; Dyck-2 at 64; the reference's dyck1_ptf at 8.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compile, rasp } from '../../src/index';
import { Random } from '../../src/linalg/random';
import { SOp } from '../../src/rasp/dsl';
import { Value } from '../../src/rasp/values';
import { allInputs } from '../cases/programs';

const L = rasp.lib, t = rasp.tokens, abc = [...'abc'];
const isA = () => rasp.map((x) => x === 'a', t);

const programs: [string, () => SOp, Value[]][] = [
  ['makeLength', () => L.makeLength(), abc], ['makeReverse', () => L.makeReverse(t), abc], ['shiftBy', () => L.shiftBy(2, t, 'z'), abc],
  ['makeCount', () => L.makeCount(t, 'a'), abc], ['makeContains', () => L.makeContains(t, 'a'), abc],
  ['makeFracPrevs', () => L.makeFracPrevs(isA()), abc], ['markFirstInstance', () => L.markFirstInstance(t, 'a'), abc],
  ['markLastInstance', () => L.markLastInstance(t, 'a'), abc], ['makeIsFirstOccurrence', () => L.makeIsFirstOccurrence(t), abc],
  ['makeWindowMax', () => L.makeWindowMax(t, 3), [1, 2, 3]], ['makeWindowMin', () => L.makeWindowMin(t, 3), [1, 2, 3]],
  ['makeHist', () => L.makeHist(), abc], ['makeDoubleHist', () => L.makeDoubleHist(), abc],
  ['makeCountLessFreq', () => L.makeCountLessFreq(2), abc], ['makeSortUnique', () => L.makeSortUnique(t, t), [...'abcd']],
  ['makeSort', () => L.makeSort(t, t), abc], ['makeSortFreq', () => L.makeSortFreq(), abc],
  ['Dyck-1', () => L.makeDyckPTF(['()']), [...'()']], ['Dyck-2', () => L.makeDyckPTF(['()', '{}']), [...'(){}']],
  ['Dyck-3', () => L.makeDyckPTF(['()', '{}', '[]']), [...'(){}[]']], ['makePairBalance', () => L.makePairBalance(t, '(', ')'), [...'()']],
  ['makeShuffleDyck', () => L.makeShuffleDyck(['()', '{}']), [...'(){}']], ['detectPattern', () => L.detectPattern(t, ['a', 'b']), abc],
];

describe('compiler: rasp.lib sizes', () => {
  it('every library program at maxSeqLen 8 is under 500 wide', () => {
    for (const [name, make, vocab] of programs) {
      const width = compile(make(), { vocab, maxSeqLen: 8 }).config.residualWidth;
      assert.ok(width < 500, `${name}: width ${width}`);
    }
  });

  /** Widths at maxSeqLen 32 and 128 (46, 142; 81, 273 with numerical equality keys), with 10% slack. */
  const bounds: Record<number, [number, number]> = { 32: [51, 90], 128: [157, 301] };

  it('sort and sort_freq compile at maxSeqLen 32 and 128 (46 / 142 and 81 / 273 wide, +10%) and sort correctly', () => {
    const input = [...'cabbacbbcacbbabc'];
    for (const n of [32, 128]) {
      const sort = compile(L.makeSort(t, t), { vocab: abc, maxSeqLen: n }), freq = compile(L.makeSortFreq(), { vocab: abc, maxSeqLen: n });
      const [sortBound, freqBound] = bounds[n];
      assert.ok(sort.config.residualWidth <= sortBound && freq.config.residualWidth <= freqBound,
        `at ${n}: widths ${sort.config.residualWidth}, ${freq.config.residualWidth}`);
      assert.deepStrictEqual(sort.forward(input), rasp.evaluate(L.makeSort(t, t), input));
      assert.deepStrictEqual(freq.forward(input), rasp.evaluate(L.makeSortFreq(), input));
    }
  });
});

describe('compiler: rasp.lib at maxSeqLen 64', () => {
  it("makeDyckPTF(['()', '{}']) compiles at 64 (issue 19: refused after 7.3 s) and equals the evaluator on seeded full-length inputs", () => {
    const program = L.makeDyckPTF(['()', '{}']), model = compile(program, { vocab: '(){}', maxSeqLen: 64 }), rng = new Random(5);
    for (let t = 0; t < 6; t++) {
      const x = Array.from({ length: 64 }, (_, i) => (t % 2 === 1 && i < 32 ? '({'[rng.int(2)] : '(){}'[rng.int(4)]));
      assert.deepStrictEqual(model.forward(x), rasp.evaluate(program, x), x.join(''));
    }
  });
});

describe("compiler: the reference RASP's paper_examples.rasp", () => {
  const source = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'rasp', 'reference', 'paper_examples.rasp'), 'utf8');

  it('dyck1_ptf at 8: maps of the tokens come from the embedding and map chains fuse (4 layers and 47 wide; issue 19 measured 10 layers); exact on every input', () => {
    const program = rasp.run(source).get('dyck1_ptf') as SOp, model = compile(program, { vocab: '()', maxSeqLen: 8 });
    assert.deepStrictEqual([model.config.layers, model.config.residualWidth], [4, 47]);
    for (const x of allInputs([...'()'], 8)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(program, x), x.join(''));
  });
});
