/** The sieve estimator: its levels, exact recovery without noise, and the Parseval risk against quadrature. */
import * as assert from 'assert';
import { basisLevels, fitSieve, sieveRisk } from '../../src/estimation/sieve';
import { Matrix } from '../../src/linalg/matrix';
import { Random } from '../../src/linalg/random';
import { basisCount, gamma, sampleTarget } from '../../src/smoothness/index';
import { assertThrows } from '../helpers/throws';

function uniformPoints(n: number, J: number, seed: number): Matrix {
  const random = new Random(seed);
  return new Matrix(n, J, new Float64Array(n * J).map(() => random.next()));
}

describe('estimation/sieve', () => {
  it('levels are the bases {γ(s) < T} in order, of size G(T)', () => {
    const g = gamma({ kind: 'anisotropic', a: [1, 2, 4, 8] });
    const levels = basisLevels(g, 20_000);
    assert.deepStrictEqual(levels.map((l) => l.T), [1, 2, 3, 4, 5, 6, 7, 8]);
    for (const l of levels) assert.strictEqual(l.frequencies.length, basisCount(l.T, g));
    const mixed = gamma({ kind: 'mixed', a: [1, 2, 3] });
    for (const l of basisLevels(mixed, 5000)) assert.strictEqual(l.frequencies.length, basisCount(l.T, mixed));
  });

  it('recovers a target inside its basis from noiseless samples (risk below 1e-12: the float32 Gram leaves ~1e-7 ' +
    'relative error per coefficient)', () => {
    const f = sampleTarget({ a: [1, 2], kind: 'anisotropic', T: 3, seed: 4 });
    const points = uniformPoints(2000, 2, 9);
    const fit = fitSieve(points, f.evaluate(points), gamma({ kind: 'anisotropic', a: [1, 2] }));
    assert.ok(fit.T >= 3, `chose T = ${fit.T}`);
    assert.ok(sieveRisk(fit, f) < 1e-12, String(sieveRisk(fit, f)));
  });

  it('its Parseval risk equals ‖f̂ − f‖² by exact quadrature on a 64×64 grid (1e-12: both are trigonometric polynomials of degree < 32)', () => {
    const f = sampleTarget({ a: [1, 1], kind: 'mixed', T: 5, seed: 2 });
    const points = uniformPoints(600, 2, 3), random = new Random(5);
    const labels = f.evaluate(points).map((v) => v + 0.3 * random.normal());
    const fit = fitSieve(points, labels, gamma({ kind: 'mixed', a: [1, 1] }));
    const grid: number[][] = [];
    for (let i = 0; i < 64; i++) for (let j = 0; j < 64; j++) grid.push([i / 64, j / 64]);
    const truth = f.evaluate(grid), psi = (l: number, x: number) =>
      (l === 0 ? 1 : l > 0 ? Math.SQRT2 * Math.sin(2 * Math.PI * l * x) : Math.SQRT2 * Math.cos(2 * Math.PI * -l * x));
    let quadrature = 0;
    grid.forEach((p, k) => {
      const fitted = fit.frequencies.reduce((s, l, m) => s + fit.coefficients[m] * psi(l[0], p[0]) * psi(l[1], p[1]), 0);
      quadrature += (fitted - truth[k]) ** 2 / grid.length;
    });
    assert.ok(Math.abs(quadrature - sieveRisk(fit, f)) < 1e-12, `${quadrature} vs ${sieveRisk(fit, f)}`);
  });

  it('refuses mismatched labels, a gamma of another dimension, and too few samples', () => {
    const g = gamma({ kind: 'anisotropic', a: [1, 2] });
    assertThrows(() => fitSieve(uniformPoints(10, 2, 1), new Float64Array(9), g), /one label per point \(10\) but received 9/,
      'ERR_ATTNSIM_SHAPE');
    assertThrows(() => fitSieve(uniformPoints(10, 3, 1), new Float64Array(10), g), /gamma over 3 coordinates/, 'ERR_ATTNSIM_SHAPE');
    assertThrows(() => fitSieve(uniformPoints(2, 2, 1), new Float64Array(2), g), /at least 3 samples/, 'ERR_ATTNSIM_ARGUMENT');
  });
});
