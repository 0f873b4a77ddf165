/** RASP evaluator suite: the library programs at n = 100, 1,000 and 5,000 tokens. */
import { Matrix, rasp } from '../src/index';
import { measure } from './measure';

/** One timed program at one length. */
export interface RaspRow {
  program: string;
  n: number;
  median: number;
}

export const raspSizes = [100, 1000, 5000];

/** Seeded inputs: letters from a ten-letter alphabet, brackets, or distinct integers. */
export function inputs(n: number, seed: number): Record<'letters' | 'brackets' | 'distinct', rasp.Value[]> {
  const u = Matrix.random(1, n, { seed, min: 0, max: 1 }).data;
  return {
    letters: Array.from(u, (v) => 'abcdefghij'[Math.floor(v * 10)]),
    brackets: Array.from(u, (v) => '(){}'[Math.floor(v * 4)]),
    distinct: Array.from({ length: n }, (_, i) => (i * 7919) % n),
  };
}

const { lib, tokens } = rasp;
/** The library programs the RASP and compiler suites time, each with the kind of input it reads. */
export const programs: [string, () => rasp.SOp, 'letters' | 'brackets' | 'distinct'][] = [
  ['histogram', () => lib.makeHist(), 'letters'],
  ['sort (repeated keys)', () => lib.makeSort(tokens, tokens), 'letters'],
  ['sort (unique keys)', () => lib.makeSortUnique(tokens, tokens), 'distinct'],
  ['sort by frequency', () => lib.makeSortFreq(), 'letters'],
  ['double histogram', () => lib.makeDoubleHist(), 'letters'],
  ['reverse', () => lib.makeReverse(tokens), 'letters'],
  ['Dyck-2', () => lib.makeDyckPTF(['()', '{}']), 'brackets'],
  ['shuffle-Dyck-2', () => lib.makeShuffleDyck(['()', '{}']), 'brackets'],
  ['window max of 4', () => lib.makeWindowMax(tokens, 4), 'distinct'],
];

/** Times rasp.evaluate for every program and length. */
export async function raspSuite(log: (line: string) => void): Promise<RaspRow[]> {
  const rows: RaspRow[] = [];
  for (const n of raspSizes) {
    const data = inputs(n, n);
    for (const [program, make, kind] of programs) {
      const sop = make();
      const { median } = await measure(() => rasp.evaluate(sop, data[kind]), { maxTime: 1 });
      log(`rasp ${program} n=${n}: ${(median * 1e3).toFixed(2)} ms`);
      rows.push({ program, n, median });
    }
  }
  return rows;
}
