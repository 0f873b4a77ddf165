/** Named library programs with a vocabulary and a length: the compiler and integration tests run every row. */
import { rasp } from '../../src/index';
import { SOp } from '../../src/rasp/dsl';
import { Value } from '../../src/rasp/values';

/** One program to compile: the inputs are every sequence over `vocab` up to `maxSeqLen` tokens. */
export interface ProgramCase {
  name: string;
  program: () => SOp;
  vocab: Value[];
  maxSeqLen: number;
  causal?: boolean;
}

const L = rasp.lib, t = rasp.tokens;
const isA = () => rasp.map((x) => x === 'a', t).named('is_a');

/** Every rasp.lib program, on small vocabularies. */
export const libraryPrograms: ProgramCase[] = [
  { name: 'makeLength', program: () => L.makeLength(), vocab: [...'abc'], maxSeqLen: 5 },
  { name: 'makeReverse', program: () => L.makeReverse(t), vocab: [...'abc'], maxSeqLen: 5 },
  { name: 'shiftBy(2) with a default', program: () => L.shiftBy(2, t, 'z'), vocab: [...'abc'], maxSeqLen: 5 },
  { name: 'makeCount', program: () => L.makeCount(t, 'a'), vocab: [...'abc'], maxSeqLen: 5 },
  { name: 'makeContains', program: () => L.makeContains(t, 'a'), vocab: [...'abc'], maxSeqLen: 5 },
  { name: 'makeFracPrevs', program: () => L.makeFracPrevs(isA()), vocab: [...'abc'], maxSeqLen: 5 },
  { name: 'makeFracPrevs causal', program: () => L.makeFracPrevs(isA()), vocab: [...'abc'], maxSeqLen: 5, causal: true },
  { name: 'markFirstInstance', program: () => L.markFirstInstance(t, 'a'), vocab: [...'abc'], maxSeqLen: 5 },
  { name: 'markLastInstance', program: () => L.markLastInstance(t, 'a'), vocab: [...'abc'], maxSeqLen: 5 },
  { name: 'makeIsFirstOccurrence', program: () => L.makeIsFirstOccurrence(t), vocab: [...'abc'], maxSeqLen: 5 },
  { name: 'makeWindowMax', program: () => L.makeWindowMax(t, 2), vocab: [1, 2, 3], maxSeqLen: 5 },
  { name: 'makeWindowMin causal', program: () => L.makeWindowMin(t, 3), vocab: [1, 2, 3], maxSeqLen: 4, causal: true },
  { name: 'makeHist', program: () => L.makeHist(), vocab: [...'abc'], maxSeqLen: 5 },
  { name: 'makeHist causal', program: () => L.makeHist(), vocab: [...'abc'], maxSeqLen: 5, causal: true },
  { name: 'makeDoubleHist', program: () => L.makeDoubleHist(), vocab: [...'abc'], maxSeqLen: 5 },
  { name: 'makeCountLessFreq', program: () => L.makeCountLessFreq(2), vocab: [...'abc'], maxSeqLen: 5 },
  { name: 'makeSortUnique', program: () => L.makeSortUnique(t, t), vocab: [...'abcd'], maxSeqLen: 4 },
  { name: 'makeSort', program: () => L.makeSort(t, t), vocab: [...'abc'], maxSeqLen: 5 },
  { name: 'makeSortFreq', program: () => L.makeSortFreq(), vocab: [...'abc'], maxSeqLen: 4 },
  { name: 'makeDyckPTF', program: () => L.makeDyckPTF(['()']), vocab: [...'()'], maxSeqLen: 6 },
  { name: 'makePairBalance', program: () => L.makePairBalance(t, '(', ')'), vocab: [...'()'], maxSeqLen: 6 },
  { name: 'makeShuffleDyck', program: () => L.makeShuffleDyck(['()', '{}']), vocab: [...'(){}'], maxSeqLen: 4 },
  { name: 'detectPattern', program: () => L.detectPattern(t, ['a', 'b']), vocab: [...'abc'], maxSeqLen: 5 },
];

/** Every sequence over `vocab` of length 1 … maxSeqLen. */
export function allInputs(vocab: Value[], maxSeqLen: number): Value[][] {
  const out: Value[][] = [];
  let layer: Value[][] = [[]];
  for (let n = 1; n <= maxSeqLen; n++) {
    layer = layer.flatMap((prefix) => vocab.map((v) => [...prefix, v]));
    out.push(...layer);
  }
  return out;
}
