/**
 * C_mix: the constant of mixed smoothness's basis count, G(T, γ) ≤ C_mix·2^{T/a†} for every T.
 *
 * With γ(s) = Σ a_i s_i and a† = a_{i*} the unique smallest a_i: fix the other levels s'; s_{i*} runs over
 * 0 … ⌈R/a†⌉ − 1 with R = T − Σ_{i≠i*} a_i s_i, and Σ 2^{s_{i*}} = 2^{⌈R/a†⌉} − 1 < 2·2^{R/a†}. Summing over s',
 * G(T) < 2·2^{T/a†}·Π_{i≠i*} Σ_k 2^{k(1 − a_i/a†)} = C_mix·2^{T/a†}, C_mix = 2·Π_{i≠i*} (1 − 2^{1 − a_i/a†})^{−1}.
 * The product is finite for any finite list with a unique minimum, and for an infinite a-sequence exactly when
 * Σ_i 2^{−a_i/a†} converges (a_i growing faster than a†·log₂ i); this is the role the mixed-smoothness constant plays
 * in the counting and approximation arguments of Okumoto & Suzuki (ICLR 2022) and Takakura & Suzuki (ICML 2023). Its
 * normalisation here (the factor 2 and the bound for every T, not only asymptotically) is this file's, derived above;
 * the papers' own normalisation could not be read in the session that wrote it. With the minimum tied on m ≥ 2
 * coordinates no constant exists: G(T) grows like T^{m−1}·2^{T/a†} (smoothnessWarnings' ATTNSIM_W_MIXED_TIES).
 */
import { calledAs } from '../called_as';
import { invalidRange } from '../check';
import { checkSmoothness } from './gamma';

/**
 * C_mix = 2·Π_{i≠i*} (1 − 2^{1 − a_i/a†})^{−1} for mixed smoothness (a_i = ∞ contributes 1).
 * @param a the smoothness of each coordinate (positive, or Infinity for an irrelevant one); the smallest must be unique.
 * @returns C_mix, with G(T, γ) ≤ C_mix·2^{T/a†} for every T (and G(T)·2^{−T/a†} → C_mix/2 … C_mix as T grows).
 * @throws {ArgumentTypeError} for a bad a; {ArgumentRangeError} ERR_ATTNSIM_THEORY_RANGE when the smallest a_i is tied.
 * @example mixedConstant([1, 2]); // 4
 */
export function mixedConstant(a: readonly number[]): number {
  return calledAs('smoothness.mixedConstant', () => {
    const fn = 'smoothness.mixedConstant';
    const v = checkSmoothness(fn, a), dagger = Math.min(...v), ties = v.filter((x) => x === dagger).length;
    if (ties > 1) {
      throw invalidRange(fn, `C_mix needs a unique smallest a_i, but a† = ${dagger} is taken by ${ties} coordinates: G(T) then ` +
        `grows like T^${ties - 1}·2^(T/a†) and no constant bounds G(T)·2^(−T/a†)`, 'ERR_ATTNSIM_THEORY_RANGE');
    }
    return v.reduce((c, x) => (x === dagger ? c : c / (1 - 2 ** (1 - x / dagger))), 2);
  });
}
