/**
 * Why the importance figure's oracle curve is steeper than the window arm's (issue 21): oracle-only diagnostics on the
 * importance figure's window and importance arms (same f, same token draws), run by
 * `node dist/bench/figure_importance_probe.js [--n A:B] [--reps R]` and written to bench/figure_importance_probe.json.
 * Per arm, n and repetition it measures, with the exact Parseval risk of the fitted sieve (the selected values are
 * uniform on [0, 1]², since μ reads the keys only, so the L² risk is the risk on fresh positions):
 * - `distinct`: the fraction of the n labelled positions whose selected pair of tokens no other position selects first
 *   (neighbouring importance windows often select the same two tokens: fewer distinct design points);
 * - `holdout`: the oracle sieve as the figure fits it (level T by its hold-out), on the figure's own draws;
 * - `fixed`: the sieve at fixed levels T = 3, 4, 5 on every sample (no hold-out choice), where n is at least 4 times the
 *   level's basis size (21, 45, 217 functions);
 * - `disjoint`: the same hold-out sieve when only the positions of the figure's disjoint design are labelled (0, 16, 32,
 *   48 of each sequence: windows t−4 … t+4 that never meet, so every labelled position is an independent draw in both
 *   arms), n labelled positions again, drawn as the figure draws them (samplePositions with figureSpacing);
 * - the selected values' means, variances and correlation (uniform and independent if the target is right).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Matrix } from '../src/linalg/matrix';
import { gatherTokens, samplePositions } from '../src/estimation/positions';
import { basisLevels, fitSieve, sieveRisk } from '../src/estimation/sieve';
import { FIGURES } from '../src/estimation/figures/index';
import { figureSpacing } from '../src/estimation/figures/run_figure';
import { RateTarget, sampleSeed, sequenceShape, sequenceTarget } from '../src/estimation/trial';
import { SequenceTarget } from '../src/selection/targets';
import { gamma } from '../src/smoothness/gamma';
import { clusterBootstrap, groupedLogSlope, SlopeWithCI } from '../src/estimation/bootstrap';

const FIXED_LEVELS = [3, 4, 5];

interface ProbeRow {
  arm: string; n: number; rep: number; distinct: number; holdout: { T: number; risk: number };
  fixed: Record<number, number>; disjoint: { T: number; risk: number }; values?: { mean: number[]; variance: number[]; correlation: number };
}

/** An arm's sequence target, built once (its f holds 257,985 coefficients). */
const targets = new Map<RateTarget, SequenceTarget>();
function targetOf(t: RateTarget): SequenceTarget {
  const target = targets.get(t) ?? sequenceTarget(t);
  targets.set(t, target);
  return target;
}

/** The figure's draws of one arm (the seed figure_trial.ts uses), the oracle's gathered tokens and labels, at every position or spaced. */
function figureDraw(t: RateTarget, n: number, rep: number, spacing = 1): { x: Matrix; y: Float64Array } {
  const { N } = sequenceShape(t), target = targetOf(t);
  const s = samplePositions({ target, N, positions: n, seed: sampleSeed(t.seed, n, rep), noise: t.noise, spacing });
  return { x: gatherTokens(s.inputs, (x) => target.sources(x), s.labelled), y: s.labels };
}

/** The fraction of rows that are the first of their value (distinct design points). */
function distinctFraction(x: Matrix): number {
  const seen = new Set<string>();
  for (let r = 0; r < x.rows; r++) seen.add(x.data.subarray(r * x.cols, (r + 1) * x.cols).join(','));
  return seen.size / x.rows;
}

/** Means and variances of the value coordinates (1 and 3) and their correlation. */
function valueMoments(x: Matrix): { mean: number[]; variance: number[]; correlation: number } {
  const col = (c: number) => Float64Array.from({ length: x.rows }, (_, r) => x.data[r * x.cols + c]);
  const v = [col(1), col(3)], mean = v.map((a) => a.reduce((s, z) => s + z, 0) / a.length);
  const variance = v.map((a, i) => a.reduce((s, z) => s + (z - mean[i]) ** 2, 0) / a.length);
  const cov = v[0].reduce((s, z, r) => s + (z - mean[0]) * (v[1][r] - mean[1]), 0) / x.rows;
  return { mean, variance, correlation: cov / Math.sqrt(variance[0] * variance[1]) };
}

function main(args: string[]): void {
  const flag = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const [from, to] = flag('--n', '256:16384').split(':').map(Number), reps = Number(flag('--reps', '5'));
  const ns: number[] = [];
  for (let n = from; n <= to; n *= 2) ns.push(n);
  const arms = FIGURES.importance.arms.filter((a) => a.name !== 'importance-margin'), rows: ProbeRow[] = [];
  for (const n of ns) {
    for (let rep = 0; rep < reps; rep++) {
      for (const arm of arms) {
        const t = arm.target, g = gamma({ kind: t.kind, a: t.a }), f = targetOf(t).f;
        const { x, y } = figureDraw(t, n, rep), fit = fitSieve(x, y, g);
        const fixed: Record<number, number> = {};
        for (const level of basisLevels(g, n / 4).filter((l) => FIXED_LEVELS.includes(l.T))) {
          fixed[level.T] = sieveRisk(fitSieve(x, y, g, { T: level.T }), f);
        }
        const dj = figureDraw(t, n, rep, figureSpacing(FIGURES.importance)), djFit = fitSieve(dj.x, dj.y, g);
        rows.push({ arm: arm.name, n, rep, distinct: distinctFraction(x), holdout: { T: fit.T, risk: sieveRisk(fit, f) }, fixed,
          disjoint: { T: djFit.T, risk: sieveRisk(djFit, f) }, ...(t.importance ? { values: valueMoments(x) } : {}) });
        const last = rows[rows.length - 1];
        console.error(`${arm.name} n ${n} rep ${rep}: distinct ${last.distinct.toFixed(3)}, hold-out T ${fit.T} risk ` +
          `${last.holdout.risk.toFixed(4)}, fixed ${JSON.stringify(fixed)}, disjoint T ${djFit.T} risk ${last.disjoint.risk.toFixed(4)}`);
      }
    }
  }
  const difference = (pick: (r: ProbeRow) => number | undefined): SlopeWithCI & { window: number; importance: number } => {
    const points = rows.filter((r) => pick(r) !== undefined).map((r) => ({ arm: r.arm, x: r.n, y: pick(r) as number, stratum: r.n, cluster: r.rep }));
    const slope = (arm: string) => (set: typeof points) => groupedLogSlope(set.filter((p) => p.arm === arm).map((p) => ({ group: 0, x: p.x, y: p.y })));
    return { ...clusterBootstrap(points, (set) => slope('importance')(set) - slope('window')(set), 1),
      window: slope('window')(points), importance: slope('importance')(points) };
  };
  const summary = {
    holdout: difference((r) => r.holdout.risk),
    disjoint: difference((r) => r.disjoint.risk),
    ...Object.fromEntries(FIXED_LEVELS.map((T) => [`fixed T = ${T}`, difference((r) => r.fixed[T])])),
  };
  const out = { ns, reps, note: 'slope differences importance − window of log risk on log n, 95 % bootstrap over repetitions', summary, rows };
  fs.writeFileSync(path.resolve(__dirname, '..', '..', 'bench', 'figure_importance_probe.json'), JSON.stringify(out, null, 1) + '\n');
  console.log(JSON.stringify(summary, null, 1));
}

main(process.argv.slice(2));
