/** The figure presets: what they declare, and small-n smoke runs of both through runFigure (the bench runs them in full). */
import * as assert from 'assert';
import { FigurePoint, FigurePreset, FIGURES, figureJobs, runFigure, runFigureTrial, summarizePoints } from '../../src/estimation/figures/index';
import { figureSpacing } from '../../src/estimation/figures/run_figure';
import { fitSieve, sieveRisk } from '../../src/estimation/sieve';
import { runTrial } from '../../src/estimation/trial';
import { Matrix } from '../../src/linalg/matrix';
import { basisCount, gamma, rateExponent, sampleTarget } from '../../src/smoothness/index';
import { assertThrows } from '../helpers/throws';

/** The preset with its target's level lowered to T = 4: the same machinery, without evaluating 257,985 basis functions per point. */
function light(p: FigurePreset): FigurePreset {
  return { ...p, arms: p.arms.map((a) => ({ ...a, target: { ...a.target, T: 4 } })) };
}

describe('estimation/figures', () => {
  it('the dimension preset is the issue\'s: d = 1, offsets (−3, 2), a = (1, 2), T = 12 (G = 257,985), N = 64, W = 2 … 32', () => {
    const p = FIGURES.dimension, t = p.arms[0].target;
    assert.deepStrictEqual(t.window, { N: 64, d: 1, offsets: [-3, 2] });
    assert.strictEqual(basisCount(t.T, gamma({ kind: t.kind, a: t.a })), 257985);
    assert.deepStrictEqual(p.windows, [2, 4, 8, 16, 32]);
    assert.deepStrictEqual(p.ns, [256, 512, 1024, 2048, 4096, 8192, 16384]);
    assert.strictEqual(p.reps, 5);
  });

  it('the importance preset: (key, value) tokens, μ = key, a = (∞, 1, ∞, 2), window / importance / margin arms', () => {
    const p = FIGURES.importance;
    assert.deepStrictEqual(p.arms.map((a) => a.name), ['window', 'importance', 'importance-margin']);
    assert.deepStrictEqual(p.arms[1].target.a, [Infinity, 1, Infinity, 2]);
    assert.deepStrictEqual(p.arms[1].target.importance?.w, [1, 0]);
    assert.ok((p.arms[2].target.importance?.margin ?? 0) > 0);
    assert.ok(p.estimators.includes('fixed-offset') && p.estimators.includes('oracle'));
    assert.strictEqual(p.disjoint, true);
    assert.strictEqual(figureSpacing(p), 16);
    assert.strictEqual(figureSpacing(FIGURES.dimension), 1);
  });

  it('jobs: the oracle runs at the widest window only; unknown estimators and single n are refused', () => {
    const jobs = figureJobs(FIGURES.dimension, { ns: [256, 512], reps: 2, windows: [2, 4], estimators: ['oracle', 'knn'] });
    assert.strictEqual(jobs.length, 2 * 2 * (1 + 2));
    assert.ok(jobs.filter((j) => j.estimator === 'oracle').every((j) => j.W === 4));
    assertThrows(() => figureJobs(FIGURES.importance, { estimators: ['kernel-ridge'] }), /has no estimator 'kernel-ridge'/);
    assertThrows(() => figureJobs(FIGURES.dimension, { ns: [256] }), /at least two sample sizes/);
  });

  it('smoke (T = 4): the dimension figure at n = 256, 512, W = 4, 8, gives each estimator a slope and a W trend with intervals', async () => {
    const r = await runFigure(light(FIGURES.dimension), { ns: [256, 512], reps: 2, windows: [4, 8], estimators: ['oracle', 'erm-transformer', 'knn'] });
    assert.strictEqual(r.theory.slope, -rateExponent([1, 2], 'anisotropic'));
    assert.strictEqual(r.points.length, 2 * 2 * (1 + 2 + 2));
    for (const name of ['oracle', 'erm-transformer', 'knn'] as const) {
      const s = r.estimators[name];
      assert.ok(s !== undefined && s.ci[0] <= s.slope && s.slope <= s.ci[1], name);
    }
    assert.ok(r.estimators.knn?.trend !== undefined && r.estimators.oracle?.trend === undefined);
    assert.deepStrictEqual(r.estimators.knn?.trend?.windows, [4, 8]);
  });

  it('smoke (T = 4): the importance figure reports slope differences against the window arm and the margin\'s fixed fraction', async () => {
    const r = await runFigure(light(FIGURES.importance), { ns: [256, 512], reps: 2, estimators: ['oracle'] });
    const oracle = r.estimators.oracle;
    assert.deepStrictEqual(Object.keys(oracle?.arms ?? {}), ['window', 'importance', 'importance-margin']);
    assert.deepStrictEqual(Object.keys(oracle?.differences ?? {}), ['importance − window', 'importance-margin − window']);
    const fixed = oracle?.fixedFraction?.['importance-margin'] ?? 0;
    assert.ok(fixed > 0 && fixed < 1, String(fixed));
  });

  it('jobs run one by one and summarised by summarizePoints give runFigure\'s summary (a repeated cell counts once)', async () => {
    const preset = light(FIGURES.importance), opts = { ns: [256, 512], reps: 2, estimators: ['oracle' as const] };
    const direct = await runFigure(preset, opts);
    const points: FigurePoint[] = [];
    for (const job of figureJobs(preset, opts)) points.push(await runFigureTrial(job));
    const collected = summarizePoints(preset, [{ ...points[0], risk: 99 }, ...points]);
    assert.deepStrictEqual(collected.estimators, direct.estimators);
    assert.deepStrictEqual(summarizePoints(preset, points, { ns: [256, 512], reps: 1 }).run.repetitions, { 256: 1, 512: 1 });
    assertThrows(() => summarizePoints(preset, points, { ns: [256] }), /summarizePoints: expected points at two or more n/);
  });

  it('fitSieve at a fixed level T fits that level on every sample (no hold-out) and refuses a T that is not a level', () => {
    const g = gamma({ kind: 'anisotropic', a: [1, 2] }), f = sampleTarget({ a: [1, 2], kind: 'anisotropic', T: 4, seed: 3 });
    const x = Array.from({ length: 400 }, (_, i) => [((i * 0.618034) % 1), ((i * 0.414214) % 1)]);
    const points = new Matrix(400, 2, Float64Array.from(x.flat()));
    const fit = fitSieve(points, f.evaluate(points), g, { T: 4 });
    assert.strictEqual(fit.T, 4);
    assert.strictEqual(fit.frequencies.length, 45);
    // Noise-free labels of a target inside the level: least squares recovers it up to rounding (tolerance 1e-8: the Gram
    // matrix is summed in float32, ~1e-7 relative error per coefficient).
    assert.ok(sieveRisk(fit, f) < 1e-8, String(sieveRisk(fit, f)));
    assertThrows(() => fitSieve(points, f.evaluate(points), g, { T: 4.5 }), /fitSieve: expected opts\.T to be a level of gamma/);
  });

  it('the oracle sieve fits the selected tokens of an importance target (Cholesky used to fail there)', async () => {
    const job = (d: number, a: number[], w: number[]) => runTrial({ target: { kind: 'anisotropic', a, T: 6, noise: 0.3, seed: 1,
      importance: { N: 16, d, U: 2, k: 2, w } }, estimator: 'oracle', n: 64, rep: 0 });
    const plain = await job(1, [1, 2], [1]);
    assert.ok(Number.isFinite(plain.risk) && plain.basisSize > 1, JSON.stringify(plain));
    const keyValue = await job(2, [Infinity, 1, Infinity, 2], [1, 0]);
    assert.ok(keyValue.risk < 0.2, `risk ${keyValue.risk}: f reads only the values, which stay uniform, so Parseval's risk is exact`);
  });
});
