/** What a named figure is: a declarative preset (arms, estimators, windows, ns, reps) that the CLI, bench and tests run. */
import { checkFiniteNumber, checkInteger, checkOneOf, invalidRange, invalidType } from '../../check';
import { RateTarget } from '../trial';

/** The estimators a figure can compare. */
export const FIGURE_ESTIMATORS = ['oracle', 'erm-transformer', 'fixed-offset', 'trained-transformer', 'knn', 'kernel-ridge',
  'isotropic-sieve', 'mlp'] as const;
/**
 * 'oracle': the anisotropic sieve on the tokens the target reads (told the offsets or the selection);
 * 'erm-transformer': ERM over a one-layer transformer subclass (offsets searched in the window on a window arm, the top-k
 * of a learned μ = w·x on an importance arm, then the anisotropic sieve); 'fixed-offset': the same ERM restricted to fixed
 * offsets (the negative control on importance arms); 'trained-transformer': the windowed transformer trained by Adam
 * (blocks = tokens picked, feed-forward width ⌈n^{1/(2a†+1)}⌉, early stopping on held-out sequences);
 * 'knn', 'kernel-ridge', 'isotropic-sieve', 'mlp': on the flattened estimator window x_{t−W} … x_{t+W}.
 */
export type FigureEstimator = (typeof FIGURE_ESTIMATORS)[number];

/** One data-generating target of a figure, named. */
export interface FigureArm {
  name: string;
  target: RateTarget;
}

/** A named figure. */
export interface FigurePreset {
  name: string;
  title: string;
  arms: FigureArm[];
  /** The arm whose rate slope the summary reports first. */
  primaryArm: string;
  /** Slope differences to report: each arm's slope minus the reference arm's. */
  differences?: { reference: string; arms: string[] };
  /** Estimator window radii W: the flattened input has (2W+1)·d coordinates. */
  windows: number[];
  /** Labelled positions n (multiples of N). */
  ns: number[];
  reps: number;
  estimators: FigureEstimator[];
  /**
   * Label only positions whose windows share no token, so that every labelled position is an independent draw (as the
   * theory's sample is): positions 0, s, 2s, … of each sequence with s = disjointSpacing(N, r), r the largest of the
   * preset's windows W and its arms' reach (U, or the largest |offset|), fixed by the design before any run. Default:
   * every position of n/N sequences.
   */
  disjoint?: boolean;
}

/** One cell of a figure: an estimator on an arm at one window, one n, one repetition. */
export interface FigureJob {
  figure: string;
  arm: FigureArm;
  estimator: FigureEstimator;
  W: number;
  n: number;
  rep: number;
  /** Labelled positions 0, s, 2s, … of each sequence (the preset's disjoint design); absent: every position. */
  spacing?: number;
}

/** What one cell measured. */
export interface FigurePoint {
  arm: string;
  estimator: FigureEstimator;
  W: number;
  n: number;
  rep: number;
  /** Mean of (F̂ − F)² over the rep's fresh test positions. */
  risk: number;
  seconds: number;
  /** What the estimator chose (k, offsets, w, level, epochs, …). */
  detail: string;
  fixedFraction?: number;
}

/**
 * Checks a figure preset: one of FIGURES, or an object of its shape.
 * @throws {ArgumentTypeError} naming `fn` for anything else.
 */
export function checkPreset(fn: string, preset: unknown): FigurePreset {
  const p = preset as Partial<FigurePreset> | null;
  if (typeof p !== 'object' || p === null || typeof p.name !== 'string' || !Array.isArray(p.arms) || p.arms.length === 0 ||
    !Array.isArray(p.windows) || !Array.isArray(p.ns) || !Array.isArray(p.estimators)) {
    throw invalidType(fn, 'preset', 'a figure preset (estimation.FIGURES.dimension or .importance)', preset);
  }
  return p as FigurePreset;
}

/**
 * Checks that `value` is a point of the preset (as runFigureTrial gives and `attnsim run-job` prints): its arm and
 * estimator the preset's, W, n and rep integers, risk a finite number at least 0.
 * @param fn the public function to name; @param name what the value is, e.g. `point`.
 * @returns the value, typed.
 * @throws {ArgumentTypeError} / {ArgumentRangeError} naming the field.
 * @example checkFigurePoint('rate --collect', 'point', JSON.parse(line), FIGURES.dimension);
 */
export function checkFigurePoint(fn: string, name: string, value: unknown, preset: FigurePreset): FigurePoint {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidType(fn, name, 'a figure point object', value);
  const p = value as Record<string, unknown>;
  checkOneOf(fn, `${name}.arm`, p.arm, preset.arms.map((a) => a.name));
  checkOneOf(fn, `${name}.estimator`, p.estimator, preset.estimators);
  checkInteger(fn, `${name}.W`, p.W, 1, 2 ** 20);
  checkInteger(fn, `${name}.n`, p.n, 1, Number.MAX_SAFE_INTEGER);
  checkInteger(fn, `${name}.rep`, p.rep, 0, Number.MAX_SAFE_INTEGER);
  const risk = checkFiniteNumber(fn, `${name}.risk`, p.risk);
  if (risk < 0) throw invalidRange(fn, `expected a risk at least 0 for ${name}.risk but received ${risk}`);
  return value as unknown as FigurePoint;
}
