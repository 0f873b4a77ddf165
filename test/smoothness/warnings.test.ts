/** Irrelevant coordinates (a_i = ∞) and the coded warnings: summability of long a-sequences, mixed smoothness with ties. */
import * as assert from 'assert';
import { smoothness } from '../../src/index';
import { Matrix } from '../../src/linalg/matrix';
import { growthExponent } from '../../src/smoothness/warnings';
import { assertThrows } from '../helpers/throws';

const { gamma, basisCount, activeCoordinates, effectiveSmoothness, rateExponent, sampleTarget, smoothnessWarnings } = smoothness;

describe('smoothness: a_i = ∞ and warnings', () => {
  it('an a_i = ∞ coordinate is dropped: same G(T), a† and rate as without it, and never active', () => {
    const g = gamma({ kind: 'anisotropic', a: [Infinity, 1, Infinity, 2] }), plain = gamma({ kind: 'anisotropic', a: [1, 2] });
    for (const T of [1, 3, 6, 12]) assert.strictEqual(basisCount(T, g), basisCount(T, plain));
    assert.strictEqual(basisCount(12, g), 257985);
    assert.deepStrictEqual(activeCoordinates(12, g), [1, 3]);
    assert.strictEqual(effectiveSmoothness([Infinity, 1, Infinity, 2], 'anisotropic'), effectiveSmoothness([1, 2], 'anisotropic'));
    assert.strictEqual(rateExponent([3, Infinity], 'mixed'), rateExponent([3], 'mixed'));
    assert.strictEqual(g([0, 2, 0, 1]), 2);
    assert.strictEqual(g([1, 0, 0, 0]), Infinity);
  });

  it('a target with an ∞ coordinate does not read it (values unchanged when it moves)', () => {
    const f = sampleTarget({ a: [1, Infinity, 2], kind: 'anisotropic', T: 5, seed: 3 });
    const x = Matrix.from([[0.1, 0.2, 0.7], [0.4, 0.9, 0.3]]), moved = Matrix.from([[0.1, 0.8, 0.7], [0.4, 0.05, 0.3]]);
    assert.deepStrictEqual(Array.from(f.evaluate(x)), Array.from(f.evaluate(moved)));
    for (let r = 0; r < f.coefficients.length; r++) assert.strictEqual(f.frequencies[r * 3 + 1], 0);
  });

  it('every coordinate ∞, or −∞ / NaN, is refused with the argument named', () => {
    assertThrows(() => gamma({ kind: 'mixed', a: [Infinity, Infinity] }), /at least one finite entry/, 'ERR_ATTNSIM_ARGUMENT');
    assertThrows(() => gamma({ kind: 'mixed', a: [1, -Infinity] }), /a\[1\]/);
    assertThrows(() => gamma({ kind: 'mixed', a: [1, NaN] }), /a\[1\]/);
  });

  it('a_i = i^q with q ≤ 1 (anisotropic, 8 or more entries) is not summable: a coded warning; q = 2 is not', () => {
    const seq = (q: number) => Array.from({ length: 16 }, (_, i) => (i + 1) ** q);
    assert.ok(Math.abs((growthExponent(seq(0.5)) as number) - 0.5) < 1e-12);
    const w = smoothnessWarnings(seq(1), 'anisotropic');
    assert.deepStrictEqual(w.map((x) => x.code), ['ATTNSIM_W_NOT_SUMMABLE']);
    assert.match(w[0].message, /i\^1\.00 \(q ≤ 1\).*a† → 0/);
    assert.deepStrictEqual(smoothnessWarnings(seq(2), 'anisotropic'), []);
    assert.deepStrictEqual(smoothnessWarnings([1, 2, 3], 'anisotropic'), [], 'three entries say nothing about a tail');
  });

  it('mixed smoothness with ties at the smallest a_i: a coded warning naming the log factor; no tie, none', () => {
    const w = smoothnessWarnings([1, 1, 3], 'mixed');
    assert.deepStrictEqual(w.map((x) => x.code), ['ATTNSIM_W_MIXED_TIES']);
    assert.match(w[0].message, /on 2 coordinates.*\(log n\)\^0\.67/);
    assert.deepStrictEqual(smoothnessWarnings([1, 2, 2], 'mixed'), []);
  });
});
