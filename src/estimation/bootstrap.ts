/** Log-log slopes with one intercept per group (fixed effects) and their percentile-bootstrap 95 % intervals. */
import { invalidRange } from '../check';
import { Random } from '../linalg/random';

/** One measurement: x and y are logged inside; cells (group, x) hold the repetitions the bootstrap resamples. */
export interface GroupedPoint {
  group: string | number;
  x: number;
  y: number;
}

/** A slope and its interval. */
export interface SlopeWithCI {
  slope: number;
  ci: [number, number];
}

/** Bootstrap resamples behind every interval. */
export const BOOTSTRAP_RESAMPLES = 2000;

/**
 * The least-squares slope of log y on log x with one intercept per group (so groups at other levels do not bend it).
 * @throws {ArgumentRangeError} when no group spans two x, or an x or y is not positive.
 */
export function groupedLogSlope(points: readonly GroupedPoint[]): number {
  const groups = new Map<string | number, { x: number; y: number }[]>();
  for (const p of points) {
    if (!(p.x > 0 && p.y > 0)) throw invalidRange('groupedLogSlope', `expected positive x and y but received ${p.x}, ${p.y}`);
    const g = groups.get(p.group) ?? [];
    g.push({ x: Math.log(p.x), y: Math.log(p.y) });
    groups.set(p.group, g);
  }
  let sxy = 0, sxx = 0;
  for (const g of groups.values()) {
    const mx = g.reduce((s, p) => s + p.x, 0) / g.length, my = g.reduce((s, p) => s + p.y, 0) / g.length;
    for (const p of g) { sxy += (p.x - mx) * (p.y - my); sxx += (p.x - mx) ** 2; }
  }
  if (sxx === 0) throw invalidRange('groupedLogSlope', 'expected some group to span two or more x');
  return sxy / sxx;
}

/**
 * A statistic of grouped points with a percentile-bootstrap 95 % interval: each resample redraws, with replacement,
 * the repetitions inside every (group, x) cell of every sample.
 * @param samples independent sets of points (e.g. two arms whose slopes are subtracted).
 * @param statistic computed on the (resampled) sets.
 * @param seed seeds the resampling.
 * @returns the statistic on the data and its interval.
 */
export function bootstrap(samples: readonly (readonly GroupedPoint[])[], statistic: (sets: GroupedPoint[][]) => number,
  seed: number): SlopeWithCI {
  const cellsOf = (points: readonly GroupedPoint[]) => {
    const cells = new Map<string, GroupedPoint[]>();
    for (const p of points) {
      const key = `${p.group}|${p.x}`;
      cells.set(key, [...(cells.get(key) ?? []), p]);
    }
    return [...cells.values()];
  };
  const cells = samples.map(cellsOf), random = new Random(seed), values: number[] = [];
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    const sets = cells.map((cs) => cs.flatMap((c) => c.map(() => c[random.int(c.length)])));
    values.push(statistic(sets));
  }
  values.sort((p, q) => p - q);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))];
  return { slope: statistic(samples.map((s) => [...s])), ci: [at(0.025), at(0.975)] };
}
