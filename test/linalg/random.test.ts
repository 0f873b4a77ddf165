/** The seeded generator: reproducible, uniform enough, 53-bit doubles. */
import * as assert from 'assert';
import { Random } from '../../src/linalg/random';

describe('Random', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new Random(7), b = new Random(7), c = new Random(8);
    const take = (r: Random) => Array.from({ length: 5 }, () => r.uint32());
    const first = take(a);
    assert.deepStrictEqual(first, take(b));
    assert.notDeepStrictEqual(first, take(c));
  });
  it('has a mean near 1/2 and fills ten bins evenly over 100,000 draws (5 standard errors)', () => {
    const r = new Random(1), bins = new Array(10).fill(0);
    let sum = 0;
    for (let i = 0; i < 100000; i++) {
      const v = r.next();
      assert.ok(v >= 0 && v < 1);
      sum += v;
      bins[Math.floor(v * 10)]++;
    }
    assert.ok(Math.abs(sum / 100000 - 0.5) < 5 * Math.sqrt(1 / 12 / 100000));
    for (const count of bins) assert.ok(Math.abs(count - 10000) < 5 * Math.sqrt(100000 * 0.1 * 0.9));
  });
  it('int(n) stays in [0, n)', () => {
    const r = new Random(3);
    for (let i = 0; i < 1000; i++) {
      const v = r.int(7);
      assert.ok(Number.isInteger(v) && v >= 0 && v < 7);
    }
  });
});
