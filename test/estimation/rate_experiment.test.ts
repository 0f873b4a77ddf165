/** Rate experiments: the sieve's measured rate against the theory, irrelevant coordinates, jobs and the pool. */
import * as assert from 'assert';
import * as path from 'path';
import Piscina from 'piscina';
import { rateExperiment, summarizeTrials, trialJobs } from '../../src/estimation/rate_experiment';
import { RateTarget, runTrial, sequenceTarget, targetFunction, TrialResult } from '../../src/estimation/trial';
import { sampleTarget } from '../../src/smoothness/target';
import { assertThrows } from '../helpers/throws';

const target: RateTarget = { kind: 'anisotropic', a: [1, 2, 4, 8], T: 7, noise: 0.5, seed: 1 };
const powers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => 2 ** (from + k));

/** Mean risk over reps of one estimator at one n, the trials in the experiments' worker pool (the suite's 2 cores). */
async function meanRisk(pool: Piscina, t: RateTarget, estimator: 'sieve' | 'isotropic', n: number, reps: number): Promise<number> {
  const trials: TrialResult[] = await Promise.all(Array.from({ length: reps }, (_, rep) => pool.run({ target: t, estimator, n, rep })));
  return trials.reduce((s, p) => s + p.risk, 0) / reps;
}

describe('estimation/rate_experiment', () => {
  it('the anisotropic sieve on a = (1,2,4,8), T = 7, σ = 0.5 has a log-log slope in [−0.57, −0.37] over n = 2^8…2^15 ' +
    '(theory −0.516; the band is the issue\'s ±0.1 around a reference run of −0.472 with this seed; seeds 2 and 3 gave ' +
    '−0.494 and −0.493, and over 2^8…2^16 the three gave −0.497, −0.519, −0.514)', async () => {
    const result = await rateExperiment({ target, ns: powers(8, 15), reps: 4, estimators: ['sieve'], jobs: 2 });
    const slope = result.slopes.sieve?.slope ?? NaN;
    assert.ok(slope >= -0.572 && slope <= -0.372, `slope ${slope}`);
    assert.ok(Math.abs(result.theory.slope + 0.516129) < 1e-6);
    assert.strictEqual(result.points.length, 32);
  });

  it('irrelevant coordinates (a_i = 16 … 128, J = 8) change the anisotropic risk at n = 2^14 by under 15 %, ' +
    'while the isotropic sieve at J = 8 is over 5× worse', async () => {
    const wide: RateTarget = { ...target, a: [1, 2, 4, 8, 16, 32, 64, 128] };
    const pool = new Piscina({ filename: path.join(__dirname, '../../src/estimation/worker.js'), maxThreads: 2 });
    try {
      const [narrow, anisotropic, isotropic] = await Promise.all([meanRisk(pool, target, 'sieve', 2 ** 14, 4),
        meanRisk(pool, wide, 'sieve', 2 ** 14, 4), meanRisk(pool, wide, 'isotropic', 2 ** 14, 2)]);
      assert.ok(Math.abs(anisotropic / narrow - 1) < 0.15, `J = 4: ${narrow}, J = 8: ${anisotropic}`);
      assert.ok(isotropic > 5 * anisotropic, `isotropic ${isotropic} vs anisotropic ${anisotropic}`);
    } finally {
      await pool.destroy();
    }
  });

  it('a job gives the same result in this thread and in the worker pool (seeded by target, n and rep; 1e-6 relative: ' +
    'the pool runs one BLAS thread per worker, which sums the float32 Gram in another order)', async () => {
    const jobs = trialJobs({ target, ns: [256, 512], reps: 2, estimators: ['sieve', 'isotropic'] });
    assert.strictEqual(jobs.length, 8);
    const pooled = await rateExperiment({ target, ns: [256, 512], reps: 2, estimators: ['sieve', 'isotropic'], jobs: 2 });
    const local = await Promise.all(jobs.map((job) => runTrial(JSON.parse(JSON.stringify(job)))));
    pooled.points.forEach((p, i) => assert.ok(Math.abs(p.risk - local[i].risk) <= 1e-6 * local[i].risk, `${p.risk} vs ${local[i].risk}`));
    assert.deepStrictEqual(Object.keys(summarizeTrials(target, local).slopes).sort(), ['isotropic', 'sieve']);
  });

  it('on a window target the transformer, the MLP and the told sieve all run, and a transformer without a window is refused', async () => {
    const window: RateTarget = { kind: 'anisotropic', a: [1, 2], T: 3, noise: 0.1, seed: 2, window: { N: 8, d: 1, offsets: [-1, 1] } };
    const result = await rateExperiment({ target: window, ns: [16, 32], reps: 1, estimators: ['sieve', 'transformer', 'mlp'] });
    assert.deepStrictEqual(result.points.map((p) => p.estimator), ['sieve', 'sieve', 'transformer', 'transformer', 'mlp', 'mlp']);
    assert.ok(result.points.every((p) => Number.isFinite(p.risk) && p.risk > 0), JSON.stringify(result.points));
    assertThrows(() => trialJobs({ target, ns: [64, 128], reps: 1, estimators: ['transformer'] }), /needs a sequence target/);
  });

  it('on an importance target the transformer and the MLP run; the sieve, which cannot know which tokens to read, is refused', async () => {
    const importance: RateTarget = { kind: 'anisotropic', a: [1, 2], T: 3, noise: 0.1, seed: 2, importance: { N: 8, d: 1, U: 2, k: 2, w: [1] } };
    const result = await rateExperiment({ target: importance, ns: [16, 32], reps: 1, estimators: ['transformer', 'mlp'] });
    assert.ok(result.points.every((p) => Number.isFinite(p.risk) && p.risk > 0), JSON.stringify(result.points));
    assertThrows(() => trialJobs({ target: importance, ns: [16, 32], reps: 1, estimators: ['sieve'] }), /cannot take an importance target/);
  });

  it('reports progress and refuses bad options before any trial runs', async () => {
    const seen: number[] = [];
    await rateExperiment({ target, ns: [64, 128], reps: 1, estimators: ['sieve'], onProgress: (e) => seen.push(e.done) });
    assert.deepStrictEqual(seen, [1, 2]);
    assertThrows(() => trialJobs({ target, ns: [64], reps: 1, estimators: ['sieve'] }), /at least two sample sizes/);
    assertThrows(() => trialJobs({ target: { ...target, a: [] }, ns: [64, 128], reps: 1, estimators: ['sieve'] }),
      /target\.a to be 1 to 16 positive numbers/);
    assertThrows(() => trialJobs({ target, ns: [64, 128], reps: 1, estimators: ['boosting' as never] }), /estimator/);
    await assert.rejects(rateExperiment({ target, ns: [64, 128], reps: 1, estimators: ['sieve'], jobs: 0 }), /jobs/);
  });

  it('the target\'s p and θ set the theory\'s slope (p = 1: v = 1/2, −2(a†−v)/(2(a†−v)+1)); a† ≤ v or p < 1 is refused', () => {
    const t: RateTarget = { kind: 'mixed', a: [1, 3], T: 3, noise: 0.5, seed: 1, p: 1 };
    const point = { target: t, estimator: 'sieve' as const, n: 16, rep: 0, risk: 0.1, T: 2, basisSize: 3, seconds: 0 };
    assert.strictEqual(summarizeTrials(t, [point]).theory.slope, -0.5);
    assert.strictEqual(summarizeTrials({ ...t, p: undefined }, [point]).theory.slope, -2 / 3);
    assertThrows(() => trialJobs({ target: { ...t, a: [0.5, 3] }, ns: [16, 32], reps: 1, estimators: ['sieve'] }),
      /^trialJobs: the rate needs a† > v/, 'ERR_ATTNSIM_THEORY_RANGE');
    assertThrows(() => trialJobs({ target: { ...t, theta: 0.5 }, ns: [16, 32], reps: 1, estimators: ['sieve'] }),
      /^trialJobs: expected target\.theta ≥ 1/, 'ERR_ATTNSIM_THEORY_RANGE');

    // The target is drawn for min(p, 2), the same f on its own and inside a window target.
    const kernels = sampleTarget({ a: [1, 3], kind: 'mixed', T: 3, seed: 1, p: 1 });
    assert.deepStrictEqual(targetFunction(t).coefficients, kernels.coefficients);
    assert.deepStrictEqual(sequenceTarget({ ...t, window: { N: 8, d: 1, offsets: [-1, 1] } }).f.coefficients, kernels.coefficients);
    assert.deepStrictEqual(targetFunction({ ...t, p: 4 }).coefficients, targetFunction({ ...t, p: undefined }).coefficients);
  });
});
