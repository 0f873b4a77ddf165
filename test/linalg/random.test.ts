/** The seeded generator: reproducible, uniform enough, 53-bit doubles. */
import * as assert from 'assert';
import { Random } from '../../src/linalg/random';

describe('Random', () => {
  it('keeps the sequences of seeds below 2^32 (fixtures depend on them)', () => {
    for (const [seed, want] of [[7, [3717842623, 3665254222, 3355698721]], [2 ** 31 + 5, [1661938204, 2947523534, 2072025161]]] as const) {
      const r = new Random(seed);
      assert.deepStrictEqual([r.uint32(), r.uint32(), r.uint32()], want);
    }
  });
  it('mixes every bit of a seed: 7, 2^32 + 7 and 2^52 + 7 give different sequences', () => {
    const take = (seed: number) => { const r = new Random(seed); return [r.uint32(), r.uint32(), r.uint32()]; };
    const seqs = [7, 2 ** 32 + 7, 2 ** 52 + 7, 2 ** 53 - 1, -7, -(2 ** 32) + 7, 2 ** 32 - 7].map(take).map(String);
    assert.strictEqual(new Set(seqs).size, seqs.length);
  });
  it('spreads values of max − min beyond the float64 range instead of giving Infinity', () => {
    const r = new Random(3);
    const got = Array.from({ length: 1000 }, () => r.uniform(-1e308, 1e308));
    assert.ok(got.every((v) => Number.isFinite(v) && v >= -1e308 && v <= 1e308));
    assert.ok(got.some((v) => v > 1e307) && got.some((v) => v < -1e307));
  });
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
