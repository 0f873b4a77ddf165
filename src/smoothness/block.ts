/** Dyadic blocks: s(0) = 0, s(l) = ⌊log₂|l|⌋ + 1; block s holds 2^{Σ s} basis functions. */
import { checkInteger, invalidType } from '../check';

/** The block level of one frequency, unchecked. */
export function level(l: number): number {
  return l === 0 ? 0 : Math.floor(Math.log2(Math.abs(l))) + 1;
}

/**
 * The dyadic block of a frequency or of a multi-index (coordinate by coordinate).
 * @param l an integer frequency or a list of them.
 * @returns s(l), one level per coordinate.
 * @throws {ArgumentTypeError} for a non-integer frequency.
 * @example block([0, 1, -3, 4]); // [0, 1, 2, 3]
 */
export function block(l: number | readonly number[]): number[] {
  const fn = 'smoothness.block';
  const ls = typeof l === 'number' ? [l] : l;
  if (!Array.isArray(ls)) throw invalidType(fn, 'l', 'an integer or an array of integers', l);
  return ls.map((v) => level(checkInteger(fn, 'l', v, -(2 ** 30), 2 ** 30)));
}

/** The frequencies of one coordinate at level s: [0] for s = 0, else ±l for 2^{s−1} ≤ l < 2^s. */
function levelFrequencies(s: number): number[] {
  if (s === 0) return [0];
  const out: number[] = [];
  for (let l = 2 ** (s - 1); l < 2 ** s; l++) out.push(l, -l);
  return out;
}

/** Every multi-index of block s (2^{Σ s} of them), as rows of a flat array of length 2^{Σ s}·J. */
export function blockMembers(s: readonly number[]): Int32Array {
  const lists = s.map(levelFrequencies), count = lists.reduce((n, l) => n * l.length, 1), j = s.length;
  const out = new Int32Array(count * j);
  for (let m = 0; m < count; m++) {
    let rest = m;
    for (let i = j - 1; i >= 0; i--) {
      out[m * j + i] = lists[i][rest % lists[i].length];
      rest = Math.floor(rest / lists[i].length);
    }
  }
  return out;
}
