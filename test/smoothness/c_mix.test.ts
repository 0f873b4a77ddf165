/** smoothness.mixedConstant (C_mix): hand values, the bound G(T) ≤ C_mix·2^{T/a†} against a brute-force count, ties refused. */
import * as assert from 'assert';
import { smoothness } from '../../src/index';
import { level } from '../../src/smoothness/block';
import { assertThrows } from '../helpers/throws';

const { mixedConstant, basisCount, gamma } = smoothness;

/**
 * G(T) by brute force over frequencies, not blocks: every l in the box |l_i| < 2^{⌈T/a_i⌉} (no frequency with
 * a_i·s(l_i) < T lies outside it) counted when Σ a_i s(l_i) < T.
 */
function bruteCount(a: number[], T: number): number {
  const bounds = a.map((x) => (Number.isFinite(x) ? 2 ** Math.max(0, Math.ceil(T / x)) : 1));
  let count = 0;
  const walk = (i: number, sum: number): void => {
    if (sum >= T) return;
    if (i === a.length) {
      count++;
      return;
    }
    for (let l = -(bounds[i] - 1); l < bounds[i]; l++) walk(i + 1, l === 0 ? sum : sum + a[i] * level(l));
  };
  walk(0, 0);
  return count;
}

describe('smoothness.mixedConstant (C_mix)', () => {
  it('by hand: (1, 2) → 2/(1 − 1/2) = 4; (1, 2, 3) → 2·2·4/3 = 16/3; ∞ adds nothing; order does not matter', () => {
    assert.strictEqual(mixedConstant([1, 2]), 4);
    assert.ok(Math.abs(mixedConstant([1, 2, 3]) - 16 / 3) < 1e-12);
    assert.strictEqual(mixedConstant([2, Infinity, 1]), 4);
    assert.strictEqual(mixedConstant([5]), 2);
  });

  it('the brute-force count equals basisCount, and G(T) ≤ C_mix·2^{T/a†} at every T of a fine grid', () => {
    for (const a of [[1, 2], [1, 1.5, 4], [0.7, 2.1], [2, 1, Infinity]]) {
      const c = mixedConstant(a), dagger = Math.min(...a);
      for (let T = 0.25; T <= 9; T += 0.25) {
        const G = basisCount(T, gamma({ kind: 'mixed', a }));
        assert.strictEqual(bruteCount(a, T), G, `a = ${a}, T = ${T}`);
        assert.ok(G <= c * 2 ** (T / dagger), `a = ${a}, T = ${T}: G = ${G} > C_mix·2^(T/a†) = ${c * 2 ** (T / dagger)}`);
      }
    }
  });

  it('the bound is tight: for a = (1, 2), G(T)/2^T → C_mix just above an even integer T and → C_mix/2 at it', () => {
    const g = gamma({ kind: 'mixed', a: [1, 2] });
    // By hand, K = 14: G(K + ε) = Σ_{s₂=0}^{7} 2^{s₂}(2^{15−2s₂} − 1) = (2^16 − 2^8) − (2^8 − 1) = 65,025 (ratio 3.969);
    // G(K) = Σ_{s₂=0}^{6} 2^{s₂}(2^{14−2s₂} − 1) = (2^15 − 2^8) − (2^7 − 1) = 32,385 (ratio 1.977).
    assert.strictEqual(basisCount(14 + 1e-9, g), 65025);
    assert.strictEqual(basisCount(14, g), 32385);
    assert.ok(65025 / 2 ** (14 + 1e-9) > 0.99 * mixedConstant([1, 2]) && 32385 / 2 ** 14 > 0.49 * mixedConstant([1, 2]));
  });

  it('refuses a tied smallest a_i (ERR_ATTNSIM_THEORY_RANGE) and a bad a (TypeError naming it)', () => {
    assertThrows(() => mixedConstant([1, 1, 3]),
      /^smoothness\.mixedConstant: C_mix needs a unique smallest a_i, but a† = 1 is taken by 2 coordinates: G\(T\) then grows like T\^1/,
      'ERR_ATTNSIM_THEORY_RANGE', RangeError);
    assertThrows(() => mixedConstant([1, 0]), /^smoothness\.mixedConstant: .*a\[1\]/, 'ERR_ATTNSIM_ARGUMENT', TypeError);
    assertThrows(() => mixedConstant([]), /non-empty array/);
  });
});
