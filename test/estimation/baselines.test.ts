/** The dimension-dependent baselines (kNN, Nyström kernel ridge) and the bootstrap slopes every figure reports. */
import * as assert from 'assert';
import { clusterBootstrap, groupedLogSlope } from '../../src/estimation/bootstrap';
import { fitKernelRidge } from '../../src/estimation/kernel_ridge';
import { fitKnn } from '../../src/estimation/knn';
import { Matrix } from '../../src/linalg/matrix';
import { Random } from '../../src/linalg/random';

function sample(n: number, m: number, seed: number, noise: number): { x: Matrix; y: Float64Array; clean: Float64Array } {
  const r = new Random(seed), x = new Matrix(n, m, new Float64Array(n * m).map(() => r.next()));
  const clean = Float64Array.from({ length: n }, (_, i) => Math.sin(2 * Math.PI * x.data[i * m]));
  return { x, y: clean.map((v) => v + noise * r.normal()), clean };
}

const mse = (p: Float64Array, q: Float64Array) => p.reduce((s, v, i) => s + (v - q[i]) ** 2, 0) / p.length;

describe('estimation baselines and bootstrap', () => {
  it('kNN picks a small k on noiseless data (error < 1e-3 at its own points) and k > 1 on noisy data', () => {
    const clean = sample(300, 1, 1, 0), exact = fitKnn(clean.x, clean.y);
    assert.ok(exact.k <= 4 && mse(exact.predict(clean.x), clean.clean) < 1e-3, `k ${exact.k}`);
    const noisy = sample(600, 1, 2, 0.5);
    const fit = fitKnn(noisy.x, noisy.y);
    assert.ok(fit.k > 1, `k = ${fit.k}`);
    const test = sample(500, 1, 3, 0);
    assert.ok(mse(fit.predict(test.x), test.clean) < 0.05, String(mse(fit.predict(test.x), test.clean)));
  });

  it('the same n costs kNN and kernel ridge more risk in 9 coordinates than in 1 (one of them relevant)', () => {
    for (const fitter of [fitKnn, fitKernelRidge]) {
      const risk = (m: number) => {
        const s = sample(800, m, 4, 0.3), t = sample(400, m, 5, 0);
        return mse(fitter(s.x, s.y).predict(t.x), t.clean);
      };
      const low = risk(1), high = risk(9);
      assert.ok(high > 2 * low, `${fitter.name}: ${low} in 1, ${high} in 9 coordinates`);
    }
  });

  it('kernel ridge fits a smooth 1-d function (risk < 0.02 from 400 samples at σ = 0.3)', () => {
    const s = sample(400, 1, 6, 0.3), t = sample(300, 1, 7, 0), fit = fitKernelRidge(s.x, s.y);
    assert.ok(mse(fit.predict(t.x), t.clean) < 0.02, `${mse(fit.predict(t.x), t.clean)} (h ${fit.bandwidth}, λ ${fit.ridge})`);
    assert.strictEqual(fit.validation.length, 9);
  });

  it('the grouped slope ignores the groups\' levels; the cluster bootstrap holds the slope and is 0-wide without spread', () => {
    const points = [1, 2, 4, 8].flatMap((x) => [{ group: 'a', x, y: 3 * x ** -0.5 }, { group: 'b', x, y: 100 * x ** -0.5 }]);
    assert.ok(Math.abs(groupedLogSlope(points) + 0.5) < 1e-12);
    const slope = (set: { group: string | number; x: number; y: number }[]) => groupedLogSlope(set);
    const exact = clusterBootstrap(points.map((p, i) => ({ ...p, stratum: p.x, cluster: i % 2 })), slope, 1);
    assert.ok(Math.abs(exact.ci[0] + 0.5) < 1e-12 && Math.abs(exact.ci[1] + 0.5) < 1e-12);
    const r = new Random(3), noisy = [1, 2, 4, 8, 16].flatMap((x) => [0, 1, 2, 3].map((rep) =>
      ({ group: 0, x, y: x ** -1 * Math.exp(0.3 * r.normal()), stratum: x, cluster: rep })));
    const fit = clusterBootstrap(noisy, slope, 2);
    assert.ok(fit.ci[0] < fit.slope && fit.slope < fit.ci[1] && fit.ci[0] > -1.5 && fit.ci[1] < -0.5, JSON.stringify(fit));
  });

  it('the cluster bootstrap moves a cluster\'s points together: copies of one measurement do not narrow the interval', () => {
    const r = new Random(4), base = [1, 2, 4, 8].flatMap((x) => [0, 1, 2].map((rep) => ({ x, rep, y: x ** -1 * Math.exp(0.5 * r.normal()) })));
    const slope = (set: { group: number; x: number; y: number }[]) => groupedLogSlope(set);
    const once = clusterBootstrap(base.map((p) => ({ ...p, group: 0, stratum: p.x, cluster: p.rep })), slope, 5);
    const copies = clusterBootstrap(base.flatMap((p) => [0, 1, 2, 3].map((g) => ({ ...p, group: g, stratum: p.x, cluster: p.rep }))), slope, 5);
    assert.ok(Math.abs(once.slope - copies.slope) < 1e-12);
    assert.ok(Math.abs((copies.ci[1] - copies.ci[0]) - (once.ci[1] - once.ci[0])) < 1e-12, `${once.ci} against ${copies.ci}`);
  });
});
