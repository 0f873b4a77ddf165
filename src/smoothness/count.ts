/** The blocks below a level T: G(T, γ) = Σ_{γ(s) < T} 2^{Σ s} basis functions, and the coordinates they touch. */
import { checkFiniteNumber, invalidType } from '../check';
import { Gamma } from './gamma';

/** Checks that `g` is what gamma() returned. */
export function checkGamma(fn: string, g: unknown): Gamma {
  if (typeof g !== 'function' || !Array.isArray((g as Gamma).a)) throw invalidType(fn, 'gamma', 'the result of smoothness.gamma', g);
  return g as Gamma;
}

/**
 * Every block s with γ(s) < T, depth first (γ grows in each s_i, so each coordinate stops at its first failure).
 * @param visit called with each block (the array is reused: copy it to keep it).
 */
export function forEachBlock(T: number, g: Gamma, visit: (s: readonly number[]) => void): void {
  const j = g.a.length, s = new Array<number>(j).fill(0);
  const walk = (i: number): void => {
    if (i === j) {
      visit(s);
      return;
    }
    for (s[i] = 0; g(s) < T; s[i]++) walk(i + 1);
    s[i] = 0;
  };
  if (g(s) < T) walk(0);
}

/**
 * G(T, γ): the number of basis functions in the blocks with γ(s) < T.
 * @param T the level; @param g what gamma() returned.
 * @returns Σ_{γ(s) < T} 2^{Σ s}.
 * @throws {ArgumentTypeError} for a non-finite T or a g not made by gamma().
 * @example basisCount(4, gamma({ kind: 'anisotropic', a: [1, 2, 4, 8] })); // 45
 */
export function basisCount(T: number, g: Gamma): number {
  const fn = 'smoothness.basisCount';
  checkFiniteNumber(fn, 'T', T);
  let total = 0;
  forEachBlock(T, checkGamma(fn, g), (s) => { total += 2 ** s.reduce((n, v) => n + v, 0); });
  return total;
}

/**
 * I(T, γ): the coordinates (0-based) that some block with γ(s) < T uses (s_i ≠ 0); d_max is its length.
 * @param T the level; @param g what gamma() returned.
 * @returns the coordinates in increasing order.
 * @throws {ArgumentTypeError} for a non-finite T or a g not made by gamma().
 * @example activeCoordinates(3, gamma({ kind: 'anisotropic', a: [1, 2, 4, 8] })); // [0, 1]
 */
export function activeCoordinates(T: number, g: Gamma): number[] {
  const fn = 'smoothness.activeCoordinates';
  checkFiniteNumber(fn, 'T', T);
  const j = checkGamma(fn, g).a.length;
  return [...Array(j).keys()].filter((i) => g(Array.from({ length: j }, (_, k) => (k === i ? 1 : 0))) < T);
}
