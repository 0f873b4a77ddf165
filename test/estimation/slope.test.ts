/** fitLogLogSlope: exact on a power law, an interval that holds the truth, coded errors. */
import * as assert from 'assert';
import { fitLogLogSlope } from '../../src/estimation/slope';
import { assertThrows } from '../helpers/throws';

describe('estimation/slope', () => {
  it('recovers an exact power law (slope −0.5 within 1e-12; logs of exact powers round at ~1e-16)', () => {
    const fit = fitLogLogSlope([100, 400, 1600, 6400].map((n) => ({ n, risk: 3 / Math.sqrt(n) })));
    assert.ok(Math.abs(fit.slope + 0.5) < 1e-12, String(fit.slope));
    assert.ok(Math.abs(fit.intercept - Math.log(3)) < 1e-12);
    assert.ok(fit.ci[1] - fit.ci[0] < 1e-9, 'no residual, no width');
  });

  it('gives an interval around the slope that widens with scatter', () => {
    const points = [256, 512, 1024, 2048].flatMap((n, k) => [0.9, 1.1].map((s) => ({ n, risk: s * (1 + 0.05 * k) / n })));
    const fit = fitLogLogSlope(points);
    assert.ok(fit.ci[0] < fit.slope && fit.slope < fit.ci[1]);
    assert.ok(fit.ci[1] - fit.ci[0] > 0.01);
  });

  it('refuses too few points, one n, and non-positive risks', () => {
    assertThrows(() => fitLogLogSlope([{ n: 1, risk: 1 }, { n: 2, risk: 1 }]), /at least three points/, 'ERR_ATTNSIM_ARGUMENT');
    assertThrows(() => fitLogLogSlope([1, 1, 1].map(() => ({ n: 8, risk: 1 }))), /at least three points over two or more n/);
    assertThrows(() => fitLogLogSlope([{ n: 8, risk: 0 }]), /positive finite n and risk but received n = 8, risk = 0/);
  });
});
