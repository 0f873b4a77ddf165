/** What the theory says about a smoothness vector before any sample is drawn: summability and ties, as coded warnings. */
import { checkOneOf } from '../check';
import { checkSmoothness, SmoothnessKind } from './gamma';

/** A coded remark on a smoothness vector (the rate it implies holds, but not as the exponent alone suggests). */
export interface SmoothnessWarning {
  code: 'ATTNSIM_W_NOT_SUMMABLE' | 'ATTNSIM_W_MIXED_TIES' | 'ATTNSIM_W_THETA_LOG' | 'ATTNSIM_W_P_BELOW_2';
  message: string;
}

/** The fewest finite a_i whose growth is fitted: a shorter vector says nothing about its tail. */
export const MIN_TAIL = 8;

/**
 * The growth exponent q of a_i ≈ C·i^q, by least squares of log a_i on log i over the finite entries (i from 1).
 * @returns q, or undefined with fewer than MIN_TAIL finite entries.
 */
export function growthExponent(a: readonly number[]): number | undefined {
  const pts = a.map((v, i) => [Math.log(i + 1), Math.log(v)]).filter(([, y]) => Number.isFinite(y));
  if (pts.length < MIN_TAIL) return undefined;
  const mx = pts.reduce((s, [x]) => s + x, 0) / pts.length, my = pts.reduce((s, [, y]) => s + y, 0) / pts.length;
  const sxx = pts.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return pts.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
}

/**
 * The warnings a smoothness vector earns. Anisotropic, with at least MIN_TAIL finite entries growing like i^q with
 * q ≤ 1: Σ 1/a_i diverges as the sequence goes on, so a† = (Σ 1/a_i)^{−1} → 0 and the rate exponent with it (the
 * infinite-dimensional theory needs q > 1). Mixed with the smallest a_i taken by m ≥ 2 coordinates: the number of
 * basis functions below T grows like T^{m−1}·2^{T/a†}, so balancing bias 2^{−2T} against variance G/n leaves a factor
 * (log n)^{(m−1)·2a†/(2a†+1)} the exponent does not show, and a measured slope at finite n is shallower.
 * @param a the smoothness of each coordinate (Infinity: irrelevant); @param kind 'mixed' or 'anisotropic'.
 * @returns the warnings, empty when none applies.
 * @throws {ArgumentTypeError} as smoothness.gamma.
 * @example smoothnessWarnings(Array.from({ length: 16 }, (_, i) => i + 1), 'anisotropic')[0].code; // 'ATTNSIM_W_NOT_SUMMABLE'
 */
export function smoothnessWarnings(a: readonly number[], kind: SmoothnessKind): SmoothnessWarning[] {
  const fn = 'smoothness.smoothnessWarnings';
  const v = checkSmoothness(fn, a), k = checkOneOf(fn, 'kind', kind, ['mixed', 'anisotropic'] as const);
  const out: SmoothnessWarning[] = [];
  if (k === 'anisotropic') {
    const q = growthExponent(v);
    if (q !== undefined && q <= 1) {
      const dagger = 1 / v.reduce((s, x) => s + 1 / x, 0);
      out.push({ code: 'ATTNSIM_W_NOT_SUMMABLE', message: `a_i grows like i^${q.toFixed(2)} (q ≤ 1): Σ 1/a_i diverges as more ` +
        `coordinates are added, so a† → 0 (here ${dagger.toPrecision(3)} with ${v.length} entries) and so does the rate exponent; ` +
        'the infinite-dimensional rate needs a_i growing faster than i' });
    }
  } else {
    const min = Math.min(...v), ties = v.filter((x) => x === min).length;
    if (ties >= 2) {
      out.push({ code: 'ATTNSIM_W_MIXED_TIES', message: `mixed smoothness with the smallest a_i = ${min} on ${ties} coordinates: ` +
        `G(T) grows like T^${ties - 1}·2^(T/a†), so the risk carries a (log n)^${((ties - 1) * 2 * min / (2 * min + 1)).toFixed(2)} ` +
        'factor beyond n^(−2a†/(2a†+1)) and measured slopes at finite n are shallower' });
    }
  }
  return out;
}
