/** Block kernels and their L^p norms, and targets drawn for p < 2: each block on the F^γ_{p,∞} unit sphere. */
import * as assert from 'assert';
import { smoothness } from '../../src/index';
import { blockKernel, blockKernelNorm } from '../../src/smoothness/block_kernel';
import { psi } from '../../src/smoothness/trig_basis';
import { level } from '../../src/smoothness/block';
import { assertThrows } from '../helpers/throws';

const { sampleTarget, gamma } = smoothness;

describe('smoothness/block_kernel', () => {
  it('the closed form equals Σ_{l=2^{s−1}}^{2^s−1} 2cos(2πly) (1e-9: a few hundred rounded terms)', () => {
    for (let s = 0; s <= 6; s++) {
      for (const y of [0, 0.013, 0.25, 0.5, 0.731]) {
        let direct = s === 0 ? 1 : 0;
        for (let l = 2 ** (s - 1); s > 0 && l < 2 ** s; l++) direct += 2 * Math.cos(2 * Math.PI * l * y);
        assert.ok(Math.abs(blockKernel(s, y) - direct) < 1e-9, `s = ${s}, y = ${y}: ${blockKernel(s, y)} against ${direct}`);
      }
    }
  });

  it('‖k_s‖₂ = 2^{s/2} (Parseval: 2^{s−1} cosines of amplitude 2; the midpoint rule is exact for it, 1e-9)', () => {
    for (let s = 1; s <= 10; s++) assert.ok(Math.abs(blockKernelNorm('t', s, 2) / 2 ** (s / 2) - 1) < 1e-9, `s = ${s}`);
  });
});

describe('smoothness.sampleTarget with p < 2', () => {
  it('p = 1: every block has ‖δ_s f‖₁ = 2^{−γ(s)} (2-D midpoint sums on 512², 1 % for the kinks of |δ_s f|) and ‖δ_s f‖₂ above it', () => {
    const f = sampleTarget({ a: [1, 2], kind: 'anisotropic', T: 4, seed: 5, p: 1 }), g = gamma({ kind: 'anisotropic', a: [1, 2] });
    const blocks = new Map<string, number[]>();
    for (let r = 0; r < f.coefficients.length; r++) {
      const key = `${level(f.frequencies[2 * r])},${level(f.frequencies[2 * r + 1])}`;
      blocks.set(key, [...(blocks.get(key) ?? []), r]);
    }
    assert.strictEqual(blocks.size, 8, 'levels (0..3) × (0..1)');
    const M = 512;
    for (const [key, rows] of blocks) {
      const s = key.split(',').map(Number);
      let l1 = 0;
      for (let u = 0; u < M; u++) for (let w = 0; w < M; w++) {
        let v = 0;
        for (const r of rows) v += f.coefficients[r] * psi(f.frequencies[2 * r], (u + 0.5) / M) * psi(f.frequencies[2 * r + 1], (w + 0.5) / M);
        l1 += Math.abs(v);
      }
      const cap = 2 ** -g(s), l2 = Math.hypot(...rows.map((r) => f.coefficients[r]));
      assert.ok(Math.abs(l1 / (M * M) / cap - 1) < 0.01, `block ${key}: ‖δ_s f‖₁ = ${l1 / (M * M)} against ${cap}`);
      assert.ok(l2 >= cap * (1 - 1e-12), `block ${key}: ‖δ_s f‖₂ = ${l2} below ${cap}`);
    }
  });

  it('p = 2 is the default draw; p outside [1, 2] and p < 2 past level 16 are refused with ERR_ATTNSIM_THEORY_RANGE', () => {
    const opts = { a: [1, 2], kind: 'mixed' as const, T: 5, seed: 3 };
    assert.deepStrictEqual(sampleTarget({ ...opts, p: 2 }).coefficients, sampleTarget(opts).coefficients);
    assertThrows(() => sampleTarget({ ...opts, p: 3 }), /^smoothness\.sampleTarget: targets are drawn for 1 ≤ p ≤ 2 but received p = 3/,
      'ERR_ATTNSIM_THEORY_RANGE');
    assertThrows(() => sampleTarget({ ...opts, p: 0.5 }), /expected p ≥ 1/, 'ERR_ATTNSIM_THEORY_RANGE');
    assertThrows(() => sampleTarget({ a: [0.5], kind: 'mixed', T: 9, seed: 1, p: 1.5 }),
      /computed up to level 16, but a block reaches level 17; lower T or raise a/, 'ERR_ATTNSIM_THEORY_RANGE');
  });
});
