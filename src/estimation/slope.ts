/** The log-log slope of risk against sample size, by least squares, with a Student-t confidence interval. */
import { jStat } from 'jstat';
import { invalidRange, invalidType } from '../check';

/** One measured risk at one sample size. */
export interface RiskPoint {
  n: number;
  risk: number;
}

/** A fitted line log(risk) = intercept + slope·log(n), and the slope's confidence interval. */
export interface SlopeFit {
  slope: number;
  intercept: number;
  /** [low, high] at the requested level (default 95 %). */
  ci: [number, number];
}

/**
 * Fits log(risk) against log(n) by ordinary least squares over every point (repetitions included).
 * @param points at least three points over at least two distinct n, each with n > 0 and risk > 0.
 * @param level the confidence level of the interval, in (0, 1).
 * @returns the slope, the intercept (natural logs) and the slope's interval.
 * @throws {ArgumentRangeError} for fewer than three points, a single n, or a non-positive n or risk.
 * @example fitLogLogSlope([{ n: 100, risk: 0.1 }, { n: 400, risk: 0.05 }, { n: 1600, risk: 0.025 }]).slope; // -0.5
 */
export function fitLogLogSlope(points: readonly RiskPoint[], level = 0.95): SlopeFit {
  const fn = 'fitLogLogSlope';
  if (!Array.isArray(points)) throw invalidType(fn, 'points', 'an array of { n, risk }', points);
  if (!(level > 0 && level < 1)) throw invalidRange(fn, `expected a level in (0, 1) but received ${level}`);
  const bad = points.find((p) => !(p.n > 0 && p.risk > 0 && Number.isFinite(p.n) && Number.isFinite(p.risk)));
  if (bad) throw invalidRange(fn, `expected positive finite n and risk but received n = ${bad.n}, risk = ${bad.risk}`);
  const x = points.map((p) => Math.log(p.n)), y = points.map((p) => Math.log(p.risk));
  const m = points.length;
  const mx = mean(x), my = mean(y);
  const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
  if (m < 3 || sxx === 0) throw invalidRange(fn, `expected at least three points over two or more n but received ${m}`);
  const slope = x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0) / sxx;
  const intercept = my - slope * mx;
  const residual = y.reduce((s, v, i) => s + (v - intercept - slope * x[i]) ** 2, 0);
  const se = Math.sqrt(residual / (m - 2) / sxx);
  const t = jStat.studentt.inv(1 - (1 - level) / 2, m - 2);
  return { slope, intercept, ci: [slope - t * se, slope + t * se] };
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
