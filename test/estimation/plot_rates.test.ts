/** plotRates: ticks at the n used, no point on the frame, the theory as a dashed line with a dashed legend symbol. */
import * as assert from 'assert';
import { plotRates } from '../../src/estimation/plot_rates';
import { RateExperimentResult } from '../../src/estimation/rate_experiment';
import { checkPicture } from '../helpers/picture';

const target = { kind: 'anisotropic' as const, a: [1, 2], T: 5, noise: 0.3, seed: 1 };
const ns = [200, 400, 800, 1024];
const result: RateExperimentResult = {
  points: ns.flatMap((n) => [0, 1].map((rep) => ({
    target, estimator: 'sieve' as const, n, rep, risk: (1 + 0.1 * rep) * n ** -0.5, T: 3, basisSize: 9, seconds: 0.01,
  }))),
  slopes: { sieve: { slope: -0.5, intercept: 0, ci: [-0.6, -0.4] } },
  theory: { rateExponent: 0.5, slope: -0.5 },
};

describe('estimation/plot_rates', () => {
  it('has a tick at each n used, written as an integer, and a legend line for the theory', async () => {
    const svg = await plotRates(result);
    const picture = checkPicture(svg, {
      texts: ['Excess risk against sample size', 'samples n', '200', '400', '800', '1024', 'theory: slope -0.500',
        'mean over the trials at each n', 'sieve'],
      width: [400, 1000], height: [300, 700],
    });
    assert.deepStrictEqual(picture.texts.filter((t) => /k$/.test(t)), [], 'no 1.024k');
    // The legend's theory symbol is a dashed stroke, not a filled circle.
    const symbols = [...svg.matchAll(/role-legend-symbol[^>]*>(<path[^>]*>)/g)].map((m) => m[1] ?? '');
    assert.ok(symbols.some((p) => /stroke-dasharray="6,4"/.test(p) && /stroke="black"/.test(p)), symbols.join('\n'));
  });
  it('pads the n axis past the first and last n, so no point sits on the frame', async () => {
    const svg = await plotRates(result);
    const xs = [...svg.matchAll(/aria-label="n: [\d,]+; risk[^"]*"[^>]*transform="translate\(([\d.]+),/g)].map((m) => Number(m[1]));
    assert.ok(xs.length > 0);
    assert.ok(Math.min(...xs) > 5 && Math.max(...xs) < 415, `x from ${Math.min(...xs)} to ${Math.max(...xs)} in a 420-wide plot`);
  });
});
