/** Log-log slopes with one intercept per group (fixed effects) and percentile-bootstrap 95 % intervals over independent clusters. */
import { invalidRange } from '../check';
import { Random } from '../linalg/random';

/** One measurement for a slope: x and y are logged inside; each group has its own intercept. */
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
 * @example groupedLogSlope([{ group: 0, x: 1, y: 1 }, { group: 0, x: 4, y: 0.5 }]); // -0.5
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

/** A point's place in the design: its stratum (e.g. n) and its independent cluster inside it (e.g. the repetition). */
export interface Clustered {
  stratum: number;
  cluster: number;
}

/**
 * A statistic with a percentile-bootstrap 95 % interval, resampling whole clusters inside each stratum: every resample
 * draws, for each stratum, as many clusters as it has, with replacement, and keeps all their points. Points that share
 * data (the windows and arms of one repetition) therefore move together, and the interval is not narrowed by them.
 * @param points the measurements; @param statistic computed on a (resampled) set; @param seed seeds the resampling.
 * @returns the statistic on the data and its interval.
 * @example clusterBootstrap(points, (set) => groupedLogSlope(set), 1).ci;
 */
export function clusterBootstrap<P extends Clustered>(points: readonly P[], statistic: (set: P[]) => number, seed: number): SlopeWithCI {
  const strata = new Map<number, Map<number, P[]>>();
  for (const p of points) {
    const clusters = strata.get(p.stratum) ?? new Map<number, P[]>();
    clusters.set(p.cluster, [...(clusters.get(p.cluster) ?? []), p]);
    strata.set(p.stratum, clusters);
  }
  const groups = [...strata.values()].map((c) => [...c.values()]), random = new Random(seed), values: number[] = [];
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    values.push(statistic(groups.flatMap((cs) => cs.flatMap(() => cs[random.int(cs.length)]))));
  }
  values.sort((p, q) => p - q);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))];
  return { slope: statistic([...points]), ci: [at(0.025), at(0.975)] };
}
