/** γ-smooth classes: orthonormal basis, block sizes, G(T, γ) closed forms and limits, a†, Parseval, batched evaluation. */
import * as assert from 'assert';
import { smoothness } from '../../src/index';
import { blockMembers } from '../../src/smoothness/block';
import { Matrix } from '../../src/linalg/matrix';
import { assertClose, F64 } from '../helpers/close';

const { trigBasis, block, gamma, basisCount, activeCoordinates, effectiveSmoothness, rateExponent, sampleTarget } = smoothness;

/** All points of a product grid with m[i] points on coordinate i, as an n×J matrix, and the weight 1/n of each. */
function grid(m: number[]): Matrix {
  const n = m.reduce((a, b) => a * b, 1), j = m.length, data = new Float64Array(n * j);
  for (let p = 0; p < n; p++) {
    let rest = p;
    for (let i = j - 1; i >= 0; i--) {
      data[p * j + i] = (rest % m[i]) / m[i];
      rest = Math.floor(rest / m[i]);
    }
  }
  return new Matrix(n, j, data);
}

describe('smoothness', () => {
  it('the basis ψ_l, |l| ≤ 7, is orthonormal on a 16-point grid (Gram = I within 1e-12: degree 14 < 16 is exact)', () => {
    const ls = Array.from({ length: 15 }, (_, i) => i - 7);
    for (const l of ls) {
      for (const m of ls) {
        let sum = 0;
        for (let p = 0; p < 16; p++) sum += trigBasis(l, p / 16) * trigBasis(m, p / 16);
        assert.ok(Math.abs(sum / 16 - (l === m ? 1 : 0)) <= 1e-12, `Gram(${l}, ${m}) = ${sum / 16}`);
      }
    }
  });

  it('block s holds 2^{Σ s} distinct basis functions, each in block s, for Σ s ≤ 6', () => {
    for (let s1 = 0; s1 <= 6; s1++) {
      for (let s2 = 0; s1 + s2 <= 6; s2++) {
        const members = blockMembers([s1, s2]), keys = new Set<string>();
        assert.strictEqual(members.length / 2, 2 ** (s1 + s2));
        for (let m = 0; m < members.length; m += 2) {
          assert.deepStrictEqual(block([members[m], members[m + 1]]), [s1, s2]);
          keys.add(`${members[m]},${members[m + 1]}`);
        }
        assert.strictEqual(keys.size, 2 ** (s1 + s2));
      }
    }
  });

  it('anisotropic G(T) = Π (2^{⌈T/a_i⌉} − 1): a = (1,2,4,8) gives G(4) = 45 and G(8) = 11,475', () => {
    const g = gamma({ kind: 'anisotropic', a: [1, 2, 4, 8] });
    assert.strictEqual(basisCount(4, g), 45);
    assert.strictEqual(basisCount(8, g), 11475);
    for (const T of [1, 2.5, 5, 7, 11]) {
      assert.strictEqual(basisCount(T, g), [1, 2, 4, 8].reduce((n, a) => n * (2 ** Math.ceil(T / a) - 1), 1));
    }
  });

  it('mixed a = (1,2,3,4): G(T)/2^{T/a_1} is within 0.5 % of 64/21 at T = 24', () => {
    const ratio = basisCount(24, gamma({ kind: 'mixed', a: [1, 2, 3, 4] })) / 2 ** 24;
    assert.ok(Math.abs(ratio / (64 / 21) - 1) < 0.005, `ratio ${ratio}`);
  });

  it('a† and the rate exponent of (1,2,4,8) anisotropic are 0.5333… and 0.516129… (mixed: min a_i)', () => {
    assert.ok(Math.abs(effectiveSmoothness([1, 2, 4, 8], 'anisotropic') - 8 / 15) < 1e-15);
    assert.ok(Math.abs(rateExponent([1, 2, 4, 8], 'anisotropic') - 16 / 31) < 1e-15);
    assert.strictEqual(effectiveSmoothness([3, 2, 5], 'mixed'), 2);
    assert.strictEqual(smoothness.isotropicRateExponent(1, 4), 1 / 3);
  });

  it('activeCoordinates lists the coordinates some block below T uses', () => {
    const g = gamma({ kind: 'anisotropic', a: [1, 2, 4, 8] });
    assert.deepStrictEqual(activeCoordinates(3, g), [0, 1]);
    assert.deepStrictEqual(activeCoordinates(8.5, g), [0, 1, 2, 3]);
  });

  it('sampleTarget: block norms 2^{−γ(s)}, Parseval (quadrature norm = Σ c² within 1e-10), seeded', () => {
    const f = sampleTarget({ a: [1, 2, 4, 8], kind: 'anisotropic', T: 5, seed: 3 });
    assert.strictEqual(f.coefficients.length, basisCount(5, f.gamma));
    const again = sampleTarget({ a: [1, 2, 4, 8], kind: 'anisotropic', T: 5, seed: 3 });
    assert.deepStrictEqual(again.coefficients, f.coefficients);
    // max |l| per coordinate is 15, 3, 1, 1: a grid of 2L+2 points integrates f² (degree 2L) exactly
    const x = grid([32, 8, 4, 4]), values = f.evaluate(x);
    const quadrature = values.reduce((s, v) => s + v * v, 0) / values.length;
    assert.ok(Math.abs(quadrature - f.normSquared()) <= 1e-10, `${quadrature} vs ${f.normSquared()}`);
    // Σ_s 4^{−γ(s)} over the blocks: each block contributes exactly its squared norm
    let expected = 0;
    for (let s1 = 0; s1 < 5; s1++) for (let s2 = 0; 2 * s2 < 5; s2++) for (let s3 = 0; 4 * s3 < 5; s3++) {
      expected += 4 ** -Math.max(s1, 2 * s2, 4 * s3);
    }
    assert.ok(Math.abs(f.normSquared() - expected) < 1e-12);
  });

  it('batched evaluation equals the per-point definition (1e-12 relative: GEMM reorders the sums)', () => {
    for (const kind of ['mixed', 'anisotropic'] as const) {
      const f = sampleTarget({ a: [1, 1.5, 3, 6, 9], kind, T: 6, seed: 11 });
      const x = Matrix.random(300, 5, { seed: 5 });
      assertClose(f.evaluate(x), f.evaluateDirect(x), F64, kind);
    }
  });

  it('rejects bad options with attnsim errors', () => {
    assert.throws(() => gamma({ kind: 'iso' as 'mixed', a: [1] }), { code: 'ERR_ATTNSIM_ARGUMENT' });
    assert.throws(() => gamma({ kind: 'mixed', a: [1, 0] }), { code: 'ERR_ATTNSIM_ARGUMENT' });
    const f = sampleTarget({ a: [1, 2], kind: 'mixed', T: 3, seed: 1 });
    assert.throws(() => f.evaluate([[0.1]]), { code: 'ERR_ATTNSIM_SHAPE' });
    assert.throws(() => f.evaluate([[0.1, NaN]]), { code: 'ERR_ATTNSIM_NON_FINITE' });
  });
});
