/** smoothness.rate: the norm parameters p, θ and v = (1/p − 1/2)₊, the exponent, conditions, log factor and warnings. */
import * as assert from 'assert';
import { smoothness } from '../../src/index';
import { blockMembers } from '../../src/smoothness/block';
import { psi } from '../../src/smoothness/trig_basis';
import { assertThrows } from '../helpers/throws';

const { rate, rateExponent } = smoothness;

/** Exact arithmetic but for the last bits of the divisions: 1e-12 is far above their rounding. */
const close = (x: number, y: number, what: string) => assert.ok(Math.abs(x - y) < 1e-12, `${what}: ${x} against ${y}`);

describe('smoothness.rate', () => {
  it('p = θ = 2 (the default) is rateExponent: a = (1, 2) anisotropic, a† = 2/3, exponent 4/7, no log factor, no warning', () => {
    const r = rate({ kind: 'anisotropic', a: [1, 2] });
    close(r.effectiveSmoothness, 2 / 3, 'a†');
    close(r.exponent, 4 / 7, 'exponent');
    close(r.slope, -4 / 7, 'slope');
    assert.strictEqual(r.v, 0);
    assert.deepStrictEqual([r.p, r.theta], [2, 2]);
    assert.deepStrictEqual(r.logFactor, { power: 0, sources: [] });
    assert.deepStrictEqual(r.warnings, []);
    assert.strictEqual(r.exponent, rateExponent([1, 2], 'anisotropic'));
    assert.strictEqual(r.conditions.length, 4);
  });

  it('p ≥ 2 (4, ∞) leaves v = 0 and the exponent; θ ≤ 2 (1, 1.5) adds no log factor', () => {
    for (const p of [4, Infinity]) for (const theta of [1, 1.5, 2]) {
      const r = rate({ kind: 'mixed', a: [1, 3], p, theta });
      assert.strictEqual(r.v, 0);
      close(r.exponent, 2 / 3, `p = ${p}`);
      assert.strictEqual(r.logFactor.power, 0);
    }
  });

  it('p < 2: v = 1/p − 1/2 and the exponent 2(a†−v)/(2(a†−v)+1), by hand at p = 1 and p = 1.5', () => {
    const one = rate({ kind: 'mixed', a: [1, 3], p: 1 });
    close(one.v, 0.5, 'v at p = 1');
    close(one.exponent, 0.5, 'a† − v = 1/2: 1/(1+1)');
    const r = rate({ kind: 'anisotropic', a: [1, 2], p: 1.5 });
    const c = 2 / 3 - (1 / 1.5 - 0.5);
    close(r.v, 1 / 6, 'v at p = 1.5');
    close(r.exponent, (2 * c) / (2 * c + 1), 'exponent at p = 1.5');
    assert.deepStrictEqual(r.warnings.map((w) => w.code), ['ATTNSIM_W_P_BELOW_2']);
    assert.match(r.warnings[0].message, /p = 1\.5 < 2: .*a linear argument: an adaptive estimator may do better/);
    assert.match(r.conditions[1], /a† = 0\.6667 > v = \(1\/p − 1\/2\)₊ = 0\.1667/);
  });

  it('θ > 2: a log factor (J′−1)(1 − 2/θ)/(2c+1) and ATTNSIM_W_THETA_LOG; one finite a_i has none', () => {
    const r = rate({ kind: 'anisotropic', a: [1, 2, Infinity], theta: Infinity });
    close(r.logFactor.power, 1 / (4 / 3 + 1), 'two finite a_i, θ = ∞: 1/(2a†+1) = 3/7');
    assert.match(r.logFactor.sources[0], /θ = Infinity > 2 with 2 finite a_i/);
    assert.deepStrictEqual(r.warnings.map((w) => w.code), ['ATTNSIM_W_THETA_LOG']);
    close(rate({ kind: 'anisotropic', a: [1, 2, 4], theta: 4 }).logFactor.power, (2 * 0.5) / (2 * (4 / 7) + 1), 'θ = 4, J′ = 3');
    assert.strictEqual(rate({ kind: 'mixed', a: [2, Infinity], theta: Infinity }).logFactor.power, 0);
  });

  it('mixed ties: the power 2a†(m−1)/(2a†+1), the same as smoothnessWarnings\' ATTNSIM_W_MIXED_TIES states', () => {
    const r = rate({ kind: 'mixed', a: [1, 1, 3] });
    close(r.logFactor.power, 2 / 3, 'two tied: 2·1/(2+1)');
    assert.deepStrictEqual(r.warnings.map((w) => w.code), ['ATTNSIM_W_MIXED_TIES']);
    assert.match(r.warnings[0].message, /\(log n\)\^0\.67/);
  });

  it('refuses p < 1, θ < 1 and a† ≤ v with ERR_ATTNSIM_THEORY_RANGE in the user\'s terms; non-numbers with a TypeError', () => {
    assertThrows(() => rate({ kind: 'mixed', a: [1], p: 0.5 }),
      /^smoothness\.rate: expected p ≥ 1 \(the L\^p norm of each block δ_s f; below 1 it is not a norm.*received 0\.5 \(number\)$/,
      'ERR_ATTNSIM_THEORY_RANGE', RangeError);
    assertThrows(() => rate({ kind: 'mixed', a: [1], theta: 0 }), /expected theta ≥ 1 \(the ℓ\^θ sum over blocks/, 'ERR_ATTNSIM_THEORY_RANGE');
    assertThrows(() => rate({ kind: 'mixed', a: [0.5, 3], p: 1 }),
      /^smoothness\.rate: the rate needs a† > v = \(1\/p − 1\/2\)₊, but a† = 0\.5000 and v = 0\.5000 for p = 1: .*raise the smallest a_i/,
      'ERR_ATTNSIM_THEORY_RANGE');
    assertThrows(() => rate({ kind: 'mixed', a: [1], p: '2' as unknown as number }), /expected a number ≥ 1 .* for p but received '2'/,
      'ERR_ATTNSIM_ARGUMENT', TypeError);
    assertThrows(() => rate({ kind: 'mixed', a: [1], theta: NaN }), /for theta but received NaN/, 'ERR_ATTNSIM_ARGUMENT', TypeError);
    assertThrows(() => rate({ kind: 'cubic' as 'mixed', a: [1] }), /^smoothness\.rate: .*kind/);
    assertThrows(() => rate({ kind: 'mixed', a: [-1] }), /^smoothness\.rate: .*a\[0\]/);
    assertThrows(() => rate(null as never), /an object \{ kind, a, p, theta \}/);
  });
});

describe('the block Nikolskii inequality behind v (smoothness.rate\'s derivation)', () => {
  it('Σ_{l in block s} ψ_l(x)² = 2^{‖s‖₁} at every x (the block\'s reproducing kernel is flat on the diagonal)', () => {
    for (const s of [[0], [3], [2, 1], [1, 0, 2]]) {
      const members = blockMembers(s), j = s.length, size = members.length / j;
      for (const x of [[0.1, 0.77, 0.3], [0.5, 0.01, 0.9], [0, 0, 0]]) {
        let sum = 0;
        for (let m = 0; m < size; m++) {
          let v = 1;
          for (let i = 0; i < j; i++) v *= psi(members[m * j + i], x[i]);
          sum += v * v;
        }
        close(sum / 2 ** s.reduce((a, b) => a + b, 0), 1, `s = ${s}, x = ${x}`);
      }
    }
  });

  it('‖g‖₂ ≤ 2^{v·s}‖g‖_p for p = 1, 1.5 on block s = 5 (1-D), and the kernel comes within a factor 4 of it', () => {
    // Measured: the bound over the kernel's ratio is 2.68 (p = 1) and 1.28 (p = 1.5) at s = 5; at p = 1 it grows slowly with
    // s (1.98 at s = 3, 3.74 at s = 8: a block kernel's L¹ norm grows like s), at p = 1.5 it stays near 1.3.
    // Midpoint sums on 4096 points: exact for ‖g‖₂ (degree < 32 ≪ 2048); for ‖g‖_p the error is below 1e-6 relative,
    // far inside the margins asserted (the kernel's ratio is ≥ 0.25 of the bound, random elements ≤ 1).
    const s = 5, members = blockMembers([s]), size = members.length, M = 4096;
    const norms = (c: number[], p: number) => {
      let two = 0, pp = 0;
      for (let k = 0; k < M; k++) {
        const x = (k + 0.5) / M;
        let g = 0;
        for (let m = 0; m < size; m++) g += c[m] * psi(members[m], x);
        two += g * g; pp += Math.abs(g) ** p;
      }
      return [Math.sqrt(two / M), (pp / M) ** (1 / p)];
    };
    const kernel = Array.from({ length: size }, (_, m) => psi(members[m], 0.3));
    let seed = 7;
    const random = Array.from({ length: size }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5);
    for (const p of [1, 1.5]) {
      const bound = 2 ** ((1 / p - 0.5) * s);
      for (const c of [kernel, random]) {
        const [two, lp] = norms(c, p);
        assert.ok(two <= bound * lp * (1 + 1e-9), `p = ${p}: ‖g‖₂ = ${two} > ${bound}·‖g‖_p = ${bound * lp}`);
      }
      const [two, lp] = norms(kernel, p);
      assert.ok(two / lp >= bound / 4, `the kernel's ratio ${two / lp} is far below the bound ${bound} at p = ${p}`);
    }
  });
});
