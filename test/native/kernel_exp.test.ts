/** The fused attention kernel's exp (native/simd_exp.h, simd_exp512.h) against Math.exp over dense sweeps, through its test hook. */
import * as assert from 'assert';
import { NativeBinding } from '../../src/native/binding';
import { loadNative } from '../../src/native/load';
import { testedBackends } from '../helpers/backends';

/**
 * Max relative error allowed: float32 1.5e-7 (1.25 ulp at 2^-23; the polynomial measures 7.7e-8, the result's own
 * rounding included), float64 4.5e-16 (2 ulp; it measures 2.3e-16). A wrong coefficient or reduction shows as 1e-5 or more.
 */
const bounds = [
  { Kind: Float32Array, tol: 1.5e-7, lo: -87.3, hi: 88, under: -87.5 },
  { Kind: Float64Array, tol: 4.5e-16, lo: -708, hi: 709, under: -709 },
] as const;

if (testedBackends().includes('native')) describe('the attention kernel\'s exp', () => {
  let addon: NativeBinding;
  before(() => {
    const result = loadNative();
    if (result.binding === null) throw new Error(result.explanation);
    addon = result.binding;
  });

  for (const { Kind, tol, lo, hi, under } of bounds) {
    for (const simd of [true, false]) {
      it(`${Kind.name}, ${simd ? 'vector path' : 'scalar path'}: relative error ≤ ${tol} on 400,001 points of [${lo}, ${hi}]`, () => {
        const n = 400001, x = new Kind(n), out = new Kind(n);
        for (let i = 0; i < n; i++) x[i] = lo + ((hi - lo) * i) / (n - 1);
        addon._kernelExp(x, out, simd);
        let worst = 0, at = 0;
        for (let i = 0; i < n; i++) {
          const want = Math.exp(x[i]), err = Math.abs(out[i] - want) / want;
          if (!(err <= worst)) [worst, at] = [err, x[i]];
        }
        assert.ok(worst <= tol, `max relative error ${worst} at x = ${at} (path: ${addon._kernelIsa()})`);
      });
    }
    it(`${Kind.name}: exp of 0 is 1, of −∞ and of ${under} is 0, in any lane`, () => {
      const x = Kind.from([0, -Infinity, under, 0, 1, under, -Infinity, 0, 0, -Infinity, 2]);
      const out = new Kind(x.length);
      addon._kernelExp(x, out, true);
      out.forEach((v, i) => assert.ok(x[i] === 0 ? v === 1 : x[i] < lo ? v === 0 : v > 0, `exp(${x[i]}) gave ${v} in lane ${i}`));
    });
  }
  it('names the path it takes on this CPU', () => {
    assert.ok(['avx512', 'avx2-fma', 'scalar'].includes(addon._kernelIsa()));
  });
});
