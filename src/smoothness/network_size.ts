/**
 * The network-size calculator: for a class F^γ_{p,θ} and a level T (or an accuracy ε, or a sample size n with the T the
 * rate picks), the size of the level-T transformer: H heads copy the tokens the blocks below T read, and a feed-forward
 * part computes the truncation R_T f = Σ_{γ(s)<T} δ_s f of the G(T) basis functions on the copies.
 *
 * What is counted here is exact for that construction: T, the error bound 2^{−(1−v/a†)T} (smoothness.rate's header
 * derives it), G(T), the active coordinates, the heads and the copies' width. The depth, width, nonzero parameters and
 * weight bound of a ReLU feed-forward part are given as orders only, each with what it counts: the papers (Okumoto &
 * Suzuki 2022, Takakura & Suzuki 2023) state their construction's sizes, but their text could not be read in the session
 * that wrote this file, so no constant and no theorem number is quoted and none is invented.
 */
import { calledAs } from '../called_as';
import { checkFiniteNumber, checkInteger, checkOptions, invalidRange, invalidType } from '../check';
import { activeCoordinates, basisCount } from './count';
import { mixedConstant } from './c_mix';
import { gamma } from './gamma';
import { rate, RateOptions } from './rate';

/** The class, one of T / epsilon / n, and how many coordinates make a token. */
export interface NetworkSizeOptions extends RateOptions {
  /** The level: blocks with γ(s) < T. */
  T?: number;
  /** A target accuracy in L²: the least T with 2^{−(1−v/a†)T} ≤ ε. */
  epsilon?: number;
  /** A sample size: T = a†·log₂ n/(2(a†−v)+1), where 2^{−2(1−v/a†)T} meets 2^{T/a†}/n (constants, σ², logs dropped). */
  n?: number;
  /** Coordinates per token (default 1): coordinates j·d … j·d+d−1 of `a` are token j. */
  tokenDim?: number;
}

/** One size: a value when it is counted, an order (with what it counts) when it is not. */
export interface SizeEntry {
  value?: number;
  order: string;
  source: 'counted' | 'order only';
}

/** The level-T transformer's size. */
export interface NetworkSize {
  T: number;
  chosenBy: 'T' | 'epsilon' | 'n';
  /** a†, v and the rate exponent (smoothness.rate). */
  effectiveSmoothness: number;
  v: number;
  exponent: number;
  /** ‖f − R_T f‖₂ ≤ 2^{−(1−v/a†)T} on the unit ball (θ ≤ 2; for θ > 2 times a power of T: see `errorLogFactor`). */
  approximationError: number;
  /** The power of T beside the error bound for θ > 2 (0 for θ ≤ 2). */
  errorLogFactor: number;
  /** G(T): the basis functions below T (the truncation's coefficients). */
  basisFunctions: number;
  /** The coordinates (0-based) some block below T uses: d_max of them. */
  activeCoordinates: number[];
  /** C_mix (mixed smoothness with a unique smallest a_i): G(T) ≤ C_mix·2^{T/a†}. */
  cMix?: number;
  heads: SizeEntry;
  embeddingWidth: SizeEntry;
  depth: SizeEntry;
  feedForwardWidth: SizeEntry;
  nonzeroParameters: SizeEntry;
  weightBound: SizeEntry;
}

/**
 * The size of the level-T transformer for a class (see the file's header for what is counted and what is an order).
 * @param opts `{ kind, a, p = 2, theta = 2, tokenDim = 1 }` and exactly one of `T`, `epsilon` (0 < ε < 1) or `n` (≥ 2).
 * @returns T and how it was chosen, the error bound, G(T), the active coordinates, C_mix (mixed, untied), and the sizes.
 * @throws {ArgumentTypeError} / {ArgumentRangeError} for bad options, none or several of T / epsilon / n, or a `tokenDim`
 *   that does not divide a's length; ERR_ATTNSIM_THEORY_RANGE as smoothness.rate; {TooLargeError} when G(T) has more
 *   blocks than smoothness.basisCount walks.
 * @example networkSize({ kind: 'anisotropic', a: [1, 2], T: 4 }).basisFunctions; // 45
 */
export function networkSize(opts: NetworkSizeOptions): NetworkSize {
  return calledAs('smoothness.networkSize', () => {
    const fn = 'smoothness.networkSize';
    const o = checkOptions<NetworkSizeOptions>(fn, opts, ['kind', 'a', 'p', 'theta', 'T', 'epsilon', 'n', 'tokenDim']);
    const r = rate({ kind: o.kind as RateOptions['kind'], a: o.a as number[], p: o.p, theta: o.theta });
    const v = r.v, dagger = r.effectiveSmoothness, a = o.a as number[];
    const given = (['T', 'epsilon', 'n'] as const).filter((k) => o[k] !== undefined);
    if (given.length !== 1) {
      throw invalidRange(fn, `expected exactly one of T, epsilon or n but received ${given.length === 0 ? 'none' : given.join(', ')}`);
    }
    const shrink = 1 - v / dagger;
    let T: number;
    if (o.T !== undefined) {
      T = checkFiniteNumber(fn, 'T', o.T);
      if (T <= 0) throw invalidRange(fn, `expected a positive level T but received ${T}`);
    } else if (o.epsilon !== undefined) {
      const eps = checkFiniteNumber(fn, 'epsilon', o.epsilon);
      if (!(eps > 0 && eps < 1)) throw invalidRange(fn, `expected an accuracy epsilon in (0, 1) but received ${eps}`);
      T = Math.log2(1 / eps) / shrink;
    } else {
      const n = checkFiniteNumber(fn, 'n', o.n);
      if (n < 2) throw invalidRange(fn, `expected a sample size n ≥ 2 but received ${n}`);
      T = (dagger * Math.log2(n)) / (2 * (dagger - v) + 1);
    }
    const d = checkInteger(fn, 'tokenDim', o.tokenDim ?? 1, 1, a.length);
    if (a.length % d !== 0) throw invalidType(fn, 'tokenDim', `a divisor of a's length (${a.length})`, o.tokenDim);
    const g = gamma({ kind: r.kind, a }), G = basisCount(T, g), active = activeCoordinates(T, g);
    const H = new Set(active.map((i) => Math.floor(i / d))).size, dmax = active.length;
    const finite = a.filter(Number.isFinite).length, theta = r.theta;
    const untied = r.kind === 'mixed' && a.filter((x) => x === dagger).length === 1;
    const product = `one product of the ${dmax} active coordinates' trigonometric factors per basis function`;
    return {
      T, chosenBy: given[0], effectiveSmoothness: dagger, v, exponent: r.exponent,
      approximationError: 2 ** (-shrink * T), errorLogFactor: theta > 2 && finite > 1 ? (finite - 1) * (0.5 - 1 / theta) : 0,
      basisFunctions: G, activeCoordinates: active, ...(untied ? { cMix: mixedConstant(a) } : {}),
      heads: { value: H, order: 'the tokens holding an active coordinate, one head each', source: 'counted' },
      embeddingWidth: { value: d * (H + 1), order: 'the token and its H copies, d·(H+1), plus a positional code sized by the ' +
        'window, not by N or T', source: 'counted' },
      depth: { order: `O(T·log₂(2·d_max)) = O(${fmt(T * Math.log2(2 * Math.max(1, dmax)))}): accuracy 2^{−T} per factor, ` +
        'products of d_max factors in a binary tree', source: 'order only' },
      feedForwardWidth: { order: `O(G(T)·d_max) = O(${fmt(G * Math.max(1, dmax))}): ${product}, side by side`, source: 'order only' },
      nonzeroParameters: { order: `O(G(T)·d_max·T) = O(${fmt(G * Math.max(1, dmax) * T)})`, source: 'order only' },
      weightBound: { order: 'O(1) per weight when frequencies are built by composing hat functions (depth instead of ' +
        'large weights); the output weights are the coefficients, each at most 1 on the unit ball', source: 'order only' },
    };
  });
}

/** A count for an order's text: integers below 10^6 as they are, larger ones to 3 significant digits. */
function fmt(x: number): string {
  return x < 1e6 ? String(Math.ceil(x)) : x.toPrecision(3);
}
