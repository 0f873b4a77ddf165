/** smoothness.networkSize: T from T / ε / n, the counted sizes by hand, the orders marked, the window extractor beside it. */
import * as assert from 'assert';
import { selection, smoothness } from '../../src/index';
import { assertThrows } from '../helpers/throws';

const { networkSize, basisCount, gamma } = smoothness;

/** Divisions and logarithms of exact powers of two: 1e-9 is far above their rounding. */
const close = (x: number, y: number, what: string) => assert.ok(Math.abs(x - y) < 1e-9, `${what}: ${x} against ${y}`);

describe('smoothness.networkSize', () => {
  it('a = (1, 2) anisotropic at T = 4: G = (2^4 − 1)(2^2 − 1) = 45, two heads, width 3, error 2^-4', () => {
    const s = networkSize({ kind: 'anisotropic', a: [1, 2], T: 4 });
    assert.strictEqual(s.basisFunctions, 45);
    assert.deepStrictEqual(s.activeCoordinates, [0, 1]);
    assert.deepStrictEqual([s.heads.value, s.heads.source, s.embeddingWidth.value], [2, 'counted', 3]);
    close(s.approximationError, 1 / 16, 'error');
    assert.strictEqual(s.chosenBy, 'T');
    assert.strictEqual(s.cMix, undefined);
    for (const key of ['depth', 'feedForwardWidth', 'nonzeroParameters', 'weightBound'] as const) {
      assert.strictEqual(s[key].source, 'order only');
      assert.strictEqual(s[key].value, undefined, `${key} has no invented value`);
    }
    assert.match(s.feedForwardWidth.order, /^O\(G\(T\)·d_max\) = O\(90\)/);
  });

  it('ε picks T = log₂(1/ε)/(1 − v/a†) and n picks T = a†·log₂ n/(2(a†−v)+1), by hand', () => {
    close(networkSize({ kind: 'anisotropic', a: [1, 2], epsilon: 2 ** -6 }).T, 6, 'p = 2, ε = 2^-6');
    close(networkSize({ kind: 'mixed', a: [1, 3], p: 1, epsilon: 2 ** -3 }).T, 6, 'v = 1/2, a† = 1: 3/(1/2)');
    const byN = networkSize({ kind: 'anisotropic', a: [1, 2], n: 2 ** 14 });
    close(byN.T, 4, '(2/3)·14/(7/3)');
    assert.strictEqual(byN.chosenBy, 'n');
    assert.strictEqual(byN.basisFunctions, 45);
  });

  it('mixed with a unique smallest a_i carries C_mix and G(T) ≤ C_mix·2^{T/a†}; ties or anisotropic carry none', () => {
    const s = networkSize({ kind: 'mixed', a: [1, 3], T: 8 });
    assert.strictEqual(s.cMix, 2 / (1 - 2 ** -2));
    assert.ok(s.basisFunctions <= (s.cMix as number) * 2 ** 8);
    assert.strictEqual(networkSize({ kind: 'mixed', a: [1, 1], T: 3 }).cMix, undefined);
  });

  it('tokens of d coordinates: a = (∞, 1, ∞, 2) with d = 2 reads two tokens (one at T = 1.5, where only a = 1 is active)', () => {
    const both = networkSize({ kind: 'anisotropic', a: [Infinity, 1, Infinity, 2], T: 12, tokenDim: 2 });
    assert.deepStrictEqual([both.activeCoordinates, both.heads.value, both.embeddingWidth.value], [[1, 3], 2, 6]);
    assert.strictEqual(both.basisFunctions, 257985);
    const one = networkSize({ kind: 'anisotropic', a: [Infinity, 1, Infinity, 2], T: 1.5, tokenDim: 2 });
    assert.deepStrictEqual([one.activeCoordinates, one.heads.value], [[1], 1]);
  });

  it('θ > 2 reports the error\'s power of T: (J′−1)(1/2 − 1/θ)', () => {
    close(networkSize({ kind: 'anisotropic', a: [1, 2, 4], theta: 4, T: 5 }).errorLogFactor, 2 * 0.25, 'J′ = 3, θ = 4');
    assert.strictEqual(networkSize({ kind: 'anisotropic', a: [1, 2, 4], T: 5 }).errorLogFactor, 0);
  });

  it('beside the package\'s window extractor: the same heads, and its count does not grow with T (the feed-forward does)', () => {
    // The extractor copies the tokens; what grows with the accuracy is G(T), the feed-forward part the theory adds.
    const built = selection.buildWindowExtractor({ N: 64, d: 1, offsets: [-3, 2], positional: 'onehot', coldness: 1 });
    const sizes = [4, 8, 12].map((T) => networkSize({ kind: 'anisotropic', a: [1, 2], T }));
    for (const s of sizes) assert.strictEqual(s.heads.value, built.model.config.heads);
    assert.deepStrictEqual(sizes.map((s) => s.basisFunctions), [4, 8, 12].map((T) => basisCount(T, gamma({ kind: 'anisotropic', a: [1, 2] }))));
    assert.ok(sizes[0].basisFunctions < sizes[1].basisFunctions && sizes[1].basisFunctions < sizes[2].basisFunctions);
    assert.ok(sizes[2].basisFunctions > 100 * built.model.parameterCount, `G(12) against ${built.model.parameterCount} parameters`);
    assert.strictEqual(selection.buildWindowExtractor({ N: 256, d: 1, offsets: [-3, 2], positional: 'onehot', coldness: 1 })
      .model.parameterCount, built.model.parameterCount);
  });

  it('refuses none or several of T / epsilon / n, bad values, and a tokenDim that does not divide a', () => {
    const base = { kind: 'anisotropic' as const, a: [1, 2] };
    assertThrows(() => networkSize(base), /^smoothness\.networkSize: expected exactly one of T, epsilon or n but received none$/);
    assertThrows(() => networkSize({ ...base, T: 3, n: 100 }), /but received T, n$/, 'ERR_ATTNSIM_ARGUMENT', RangeError);
    assertThrows(() => networkSize({ ...base, epsilon: 2 }), /expected an accuracy epsilon in \(0, 1\) but received 2/);
    assertThrows(() => networkSize({ ...base, n: 1 }), /expected a sample size n ≥ 2 but received 1/);
    assertThrows(() => networkSize({ ...base, T: -1 }), /expected a positive level T but received -1/);
    assertThrows(() => networkSize({ ...base, T: 3, tokenDim: 3 }), /tokenDim/);
    assertThrows(() => networkSize({ ...base, T: 3, a: [1, 3, 4], tokenDim: 2 }), /expected a divisor of a's length \(3\) for tokenDim/);
    assertThrows(() => networkSize({ ...base, T: 3, p: 0.9 }), /^smoothness\.networkSize: expected p ≥ 1/, 'ERR_ATTNSIM_THEORY_RANGE');
    assertThrows(() => networkSize({ ...base, T: 3, depth: 2 } as never), /depth/);
  });
});
