/** The blocks below a level T: G(T, γ) = Σ_{γ(s) < T} 2^{Σ s} basis functions, and the coordinates they touch. */
import { checkFiniteNumber, invalidType } from '../check';
import { TooLargeError } from '../errors';
import { Gamma } from './gamma';

/** Checks that `g` is what gamma() returned. */
export function checkGamma(fn: string, g: unknown): Gamma {
  if (typeof g !== 'function' || !Array.isArray((g as Gamma).a)) throw invalidType(fn, 'gamma', 'the result of smoothness.gamma', g);
  return g as Gamma;
}

/** The most blocks a level may hold: past it the walk alone takes seconds, and G(T) ≥ 2^22 coefficients. */
export const MAX_BLOCKS = 2 ** 22;

/**
 * Every block s with γ(s) < T, depth first (γ grows in each s_i, so each coordinate stops at its first failure).
 * @param fn the public function the user called, named in the error.
 * @param visit called with each block (the array is reused: copy it to keep it).
 * @throws {TooLargeError} past MAX_BLOCKS blocks.
 */
export function forEachBlock(fn: string, T: number, g: Gamma, visit: (s: readonly number[]) => void): void {
  const j = g.a.length, s = new Array<number>(j).fill(0);
  let count = 0;
  const walk = (i: number): void => {
    if (i === j) {
      if (++count > MAX_BLOCKS) {
        throw new TooLargeError(`${fn}: T = ${T} holds more than ${MAX_BLOCKS} blocks for this γ; lower T`, count, MAX_BLOCKS);
      }
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
  forEachBlock(fn, T, checkGamma(fn, g), (s) => { total += 2 ** s.reduce((n, v) => n + v, 0); });
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
