/**
 * The norm parameters of the γ-smooth class F^γ_{p,θ} and the estimation rate they give: exponent, conditions, log factor.
 *
 * The class (Okumoto & Suzuki, ICLR 2022; Takakura & Suzuki, ICML 2023, whose γ-smooth space it is):
 * ‖f‖_{F^γ_{p,θ}} = (Σ_s 2^{θγ(s)} ‖δ_s f‖_p^θ)^{1/θ}, with δ_s f the part of f in the dyadic block s, p ≥ 1 the L^p norm
 * of each block and θ ≥ 1 the ℓ^θ sum over the blocks. The papers' theorem text could not be read in the session that
 * wrote this file (the reference search returned only the papers' openings), so what follows is derived here from that
 * definition, step by step, and no theorem number is cited:
 * - Block Nikolskii inequality: block s spans 2^{‖s‖₁} basis functions and Σ_{l ∈ s} ψ_l(x)² = 2^{‖s‖₁} at every x
 *   (sin² + cos² per frequency pair), so ‖g‖_∞ ≤ 2^{‖s‖₁/2}‖g‖₂ for g in the block and, for p < 2,
 *   ‖g‖₂ ≤ 2^{v‖s‖₁}‖g‖_p with v = (1/p − 1/2)₊; for p ≥ 2, ‖g‖₂ ≤ ‖g‖_p on [0,1]^J (v = 0).
 * - ‖s‖₁ ≤ γ(s)/a† for both kinds (mixed: Σ s_i ≤ Σ a_i s_i / min a; anisotropic: s_i ≤ γ(s)/a_i, summed), so on the
 *   unit ball ‖δ_s f‖₂ ≤ 2^{−(1 − v/a†)γ(s)}·b_s with ‖b‖_θ ≤ 1.
 * - The level-T truncation R_T f = Σ_{γ(s)<T} δ_s f therefore errs by ‖f − R_T f‖₂ ≤ 2^{−(1−v/a†)T} when θ ≤ 2 (then
 *   ‖b‖₂ ≤ ‖b‖_θ); for θ > 2, Hölder over the blocks above T adds a factor T^{(J'−1)(1/2 − 1/θ)} (about T^{J'−1} blocks
 *   per unit of γ, J' finite a_i).
 * - Least squares on the G(T) ≲ T^{m−1}·2^{T/a†} basis functions below T (m: ties at the smallest a_i of mixed
 *   smoothness, else 1) has variance σ²G(T)/n; balancing it with the squared error at T = a†·log₂ n/(2(a†−v)+1) gives
 *   n^{−2(a†−v)/(2(a†−v)+1)}·(log n)^{power}, power = (2c(m−1) + (J'−1)(1 − 2/θ)₊)/(2c+1) with c = a† − v.
 * It needs a† > v (else the truncation does not converge). For p ≥ 2 it is the familiar 2a†/(2a†+1). For p < 2 it is
 * the rate of the linear (level-T) argument; an adaptive, n-term approximation may do better, and whether the papers'
 * theorem keeps 2a†/(2a†+1) there could not be checked. sampleTarget draws the class's hard members for p < 2 (each
 * block its kernel, which meets the block Nikolskii inequality up to a constant), so an experiment can look.
 */
import { calledAs } from '../called_as';
import { checkOneOf, describe, invalidRange, invalidType } from '../check';
import { effectiveSmoothness, SmoothnessKind } from './gamma';
import { smoothnessWarnings, SmoothnessWarning } from './warnings';

/** The checked norm parameters and v = (1/p − 1/2)₊. */
export interface NormParameters {
  p: number;
  theta: number;
  v: number;
}

/** What `rate` takes: the smoothness and the class's norm parameters (p = θ = 2 by default: the targets' own class). */
export interface RateOptions {
  kind: SmoothnessKind;
  a: readonly number[];
  /** The L^p norm of each block, p ≥ 1 (Infinity allowed). */
  p?: number;
  /** The ℓ^θ sum over blocks, θ ≥ 1 (Infinity allowed). */
  theta?: number;
}

/** The estimation rate over the unit ball of F^γ_{p,θ}: risk ≲ n^{−exponent}·(log n)^{logFactor.power}. */
export interface Rate extends NormParameters {
  kind: SmoothnessKind;
  /** a†: min a_i (mixed) or (Σ 1/a_i)^{−1} (anisotropic). */
  effectiveSmoothness: number;
  /** 2(a†−v)/(2(a†−v)+1). */
  exponent: number;
  /** −exponent: the log-log slope of risk against n. */
  slope: number;
  /** The power of log n beside n^{−exponent}, and where it comes from (empty: none). */
  logFactor: { power: number; sources: string[] };
  /** The conditions the rate needs, each stated with the values that meet it. */
  conditions: string[];
  /** smoothnessWarnings(a, kind), then θ > 2 (ATTNSIM_W_THETA_LOG) and p < 2 (ATTNSIM_W_P_BELOW_2). */
  warnings: SmoothnessWarning[];
}

/** A number at least 1, or Infinity; a RangeError naming it (in the user's terms: what it measures) otherwise. */
function checkAtLeastOne(fn: string, name: string, what: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw invalidType(fn, name, `a number ≥ 1 (${what}; Infinity allowed)`, value);
  if (!(value >= 1)) {
    throw invalidRange(fn, `expected ${name} ≥ 1 (${what}; below 1 it is not a norm and the class is outside the theory) ` +
      `but received ${describe(value)}`, 'ERR_ATTNSIM_THEORY_RANGE');
  }
  return value;
}

/**
 * Checks p and θ and computes v = (1/p − 1/2)₊.
 * @param fn the public function to name; @param p the block norm (default 2); @param theta the ℓ^θ sum (default 2);
 * @param prefix before the names in errors (`target.` names `target.p`).
 * @throws {ArgumentTypeError} for a non-number; {ArgumentRangeError} ERR_ATTNSIM_THEORY_RANGE below 1.
 */
export function checkNorm(fn: string, p: unknown = 2, theta: unknown = 2, prefix = ''): NormParameters {
  const pp = checkAtLeastOne(fn, `${prefix}p`, 'the L^p norm of each block δ_s f', p);
  const t = checkAtLeastOne(fn, `${prefix}theta`, 'the ℓ^θ sum over blocks', theta);
  return { p: pp, theta: t, v: Math.max(0, 1 / pp - 1 / 2) };
}

/**
 * The rate exponent over F^γ_{p,θ} (see the file's header for the derivation), with its conditions and log factor.
 * @param opts `{ kind, a, p = 2, theta = 2 }`.
 * @returns a†, v, the exponent 2(a†−v)/(2(a†−v)+1), the slope, the log factor's power and sources, the conditions
 *   and the coded warnings.
 * @throws {ArgumentTypeError} for a bad kind, a or a non-number p / θ; {ArgumentRangeError} ERR_ATTNSIM_THEORY_RANGE
 *   for p < 1, θ < 1, or a† ≤ v (the message gives both and what to change).
 * @example rate({ kind: 'anisotropic', a: [1, 2] }).exponent; // 4/7
 * @example rate({ kind: 'mixed', a: [1, 3], p: 1 }).exponent; // v = 1/2: 2·0.5/(2·0.5+1) = 0.5
 */
export function rate(opts: RateOptions): Rate {
  return calledAs('smoothness.rate', () => {
    const fn = 'smoothness.rate';
    if (typeof opts !== 'object' || opts === null) throw invalidType(fn, 'options', 'an object { kind, a, p, theta }', opts);
    const kind = checkOneOf(fn, 'kind', opts.kind, ['mixed', 'anisotropic'] as const);
    const dagger = effectiveSmoothness(opts.a, kind), a = opts.a;
    const { p, theta, v } = checkNorm(fn, opts.p, opts.theta);
    if (!(dagger > v)) {
      throw invalidRange(fn, `the rate needs a† > v = (1/p − 1/2)₊, but a† = ${dagger.toPrecision(4)} and v = ${v.toPrecision(4)} ` +
        `for p = ${p}: the blocks' L² norms need not fall; raise the smallest a_i or take p closer to 2`, 'ERR_ATTNSIM_THEORY_RANGE');
    }
    const c = dagger - v, exponent = (2 * c) / (2 * c + 1);
    const finite = a.filter(Number.isFinite), ties = kind === 'mixed' ? finite.filter((x) => x === dagger).length : 1;
    const thetaPart = finite.length > 1 && theta > 2 ? (finite.length - 1) * (1 - 2 / theta) : 0;
    const sources: string[] = [];
    if (ties > 1) sources.push(`mixed smoothness with the smallest a_i on ${ties} coordinates: G(T) carries T^${ties - 1}`);
    if (thetaPart > 0) sources.push(`θ = ${theta} > 2 with ${finite.length} finite a_i: the truncation error carries T^${(thetaPart / 2).toPrecision(3)}`);
    const conditions = [
      `p = ${p} ≥ 1 and θ = ${theta} ≥ 1: F^γ_{p,θ} is a normed space`,
      `a† = ${dagger.toPrecision(4)} > v = (1/p − 1/2)₊ = ${v.toPrecision(4)}`,
      p >= 2 ? 'p ≥ 2: v = 0 (‖·‖₂ ≤ ‖·‖_p on [0,1]^J, so F^γ_{p,θ} lies in F^γ_{2,θ}) and the exponent is 2a†/(2a†+1)'
        : `p < 2: each block's L² norm may exceed its L^p norm by 2^{v‖s‖₁}, so the exponent drops to 2(a†−v)/(2(a†−v)+1)`,
      theta <= 2 ? 'θ ≤ 2: the level-T truncation errs by at most 2^{−(1−v/a†)T}, no log factor'
        : `θ > 2: the level-T truncation error carries a power of T (a log factor in n)`,
    ];
    const warnings = [...smoothnessWarnings(a, kind)];
    if (thetaPart > 0) {
      warnings.push({ code: 'ATTNSIM_W_THETA_LOG', message: `θ = ${theta} > 2: the ℓ^θ ball lets the mass spread over the ` +
        `≈ T^${finite.length - 1} blocks at each level, so the rate holds up to (log n)^${(thetaPart / (2 * c + 1)).toFixed(2)}` });
    }
    if (p < 2) {
      warnings.push({ code: 'ATTNSIM_W_P_BELOW_2', message: `p = ${p} < 2: the exponent ${exponent.toFixed(4)} is the level-T ` +
        `truncation's (v = ${v.toPrecision(3)}), a linear argument: an adaptive estimator may do better on the same class` });
    }
    const power = (2 * c * (ties - 1) + thetaPart) / (2 * c + 1);
    return { kind, p, theta, v, effectiveSmoothness: dagger, exponent, slope: -exponent, logFactor: { power, sources }, conditions, warnings };
  });
}
