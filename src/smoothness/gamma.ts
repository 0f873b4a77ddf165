/** Smoothness γ of a vector a > 0 (mixed Σ a_i s_i or anisotropic max a_i s_i), its effective smoothness and rate. */
import { calledAs } from '../called_as';
import { checkFiniteNumber, checkOneOf, invalidType } from '../check';

/** Mixed smoothness adds the weighted block levels; anisotropic takes their largest. */
export type SmoothnessKind = 'mixed' | 'anisotropic';

/** γ as a function of a block s, with the kind and the vector a it was made from. */
export type Gamma = ((s: readonly number[]) => number) & { readonly kind: SmoothnessKind; readonly a: readonly number[] };

/** A positive finite vector, checked. */
function checkSmoothness(fn: string, a: unknown): number[] {
  if (!Array.isArray(a) || a.length === 0) throw invalidType(fn, 'a', 'a non-empty array of positive numbers', a);
  return a.map((v, i) => {
    const x = checkFiniteNumber(fn, `a[${i}]`, v);
    if (!(x > 0)) throw invalidType(fn, `a[${i}]`, 'a positive number', v);
    return x;
  });
}

/**
 * The smoothness γ of a block s: mixed γ(s) = Σ a_i s_i, anisotropic γ(s) = max_i a_i s_i.
 * @param opts.kind 'mixed' or 'anisotropic'; opts.a the positive smoothness of each coordinate.
 * @returns γ as a function of s, carrying `kind` and `a`.
 * @throws {ArgumentTypeError} for an unknown kind or a non-positive a_i.
 * @example gamma({ kind: 'anisotropic', a: [1, 2] })([3, 1]); // 3
 */
export function gamma(opts: { kind: SmoothnessKind; a: readonly number[] }): Gamma {
  const fn = 'smoothness.gamma';
  if (typeof opts !== 'object' || opts === null) throw invalidType(fn, 'options', 'an object { kind, a }', opts);
  const kind = checkOneOf(fn, 'kind', opts.kind, ['mixed', 'anisotropic'] as const), a = checkSmoothness(fn, opts.a);
  const value = kind === 'mixed'
    ? (s: readonly number[]) => s.reduce((sum, si, i) => sum + a[i] * si, 0)
    : (s: readonly number[]) => s.reduce((max, si, i) => Math.max(max, a[i] * si), 0);
  return Object.assign(value, { kind, a });
}

/**
 * The effective smoothness a†: min_i a_i for mixed, (Σ_i 1/a_i)^{−1} for anisotropic.
 * @param a the positive smoothness of each coordinate; @param kind 'mixed' or 'anisotropic'.
 * @returns a†.
 * @throws {ArgumentTypeError} for an unknown kind or a non-positive a_i.
 * @example effectiveSmoothness([1, 2, 4, 8], 'anisotropic'); // 0.5333…
 */
export function effectiveSmoothness(a: readonly number[], kind: SmoothnessKind): number {
  const fn = 'smoothness.effectiveSmoothness';
  const v = checkSmoothness(fn, a);
  return checkOneOf(fn, 'kind', kind, ['mixed', 'anisotropic'] as const) === 'mixed'
    ? Math.min(...v) : 1 / v.reduce((sum, x) => sum + 1 / x, 0);
}

/**
 * The estimation rate exponent 2a†/(2a†+1): the excess risk falls as n^{−exponent}, whatever the input length.
 * @param a the positive smoothness of each coordinate; @param kind 'mixed' or 'anisotropic'.
 * @returns the exponent, in (0, 1).
 * @throws {ArgumentTypeError} as effectiveSmoothness.
 * @example rateExponent([1, 2, 4, 8], 'anisotropic'); // 0.516129…
 */
export function rateExponent(a: readonly number[], kind: SmoothnessKind): number {
  return calledAs('smoothness.rateExponent', () => {
    const dagger = effectiveSmoothness(a, kind);
    return (2 * dagger) / (2 * dagger + 1);
  });
}

/**
 * The isotropic contrast 2β/(2β+d): the rate of a β-smooth function of d coordinates with no structure.
 * @param beta the smoothness; @param d the number of coordinates.
 * @returns the exponent.
 * @example isotropicRateExponent(1, 4); // 1/3
 */
export function isotropicRateExponent(beta: number, d: number): number {
  return (2 * beta) / (2 * beta + d);
}
