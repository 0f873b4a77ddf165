/** ERM over the one-layer transformer subclass: it finds the offsets, or the importance direction, the target reads. */
import * as assert from 'assert';
import { fitErmTransformer, importanceCandidates, offsetCandidates, selectionSources } from '../../src/estimation/erm_transformer';
import { samplePositions } from '../../src/estimation/positions';
import { Matrix } from '../../src/linalg/matrix';
import { importanceTarget, windowTarget } from '../../src/selection/targets';
import { gamma } from '../../src/smoothness/gamma';
import { assertThrows } from '../helpers/throws';

describe('estimation/erm_transformer', () => {
  it('the candidates: every ordered pair of distinct offsets in −W … W, and ±e_i, (±e_i ± e_j)/√2', () => {
    assert.strictEqual(offsetCandidates(3, 2).length, 7 * 6);
    assert.strictEqual(importanceCandidates(2, 4, 2).length, 8);
    assert.deepStrictEqual(importanceCandidates(1, 4, 1).map((c) => ('w' in c ? c.w : [])), [[1], [-1]]);
    assertThrows(() => offsetCandidates(40, 3), /more than 20,000 choices of 3 offsets/, 'ERR_ATTNSIM_ARGUMENT');
  });

  it('a top-k selection reads the k tokens of largest w·x, most important first', () => {
    const x = Matrix.from([[0.1, 0.9], [0.8, 0.1], [0.5, 0.5], [0.9, 0.0], [0.2, 0.2]]);
    assert.deepStrictEqual(Array.from(selectionSources({ w: [1, 0], U: 1, k: 2 }, x)[2]), [3, 1]);
    assert.deepStrictEqual(Array.from(selectionSources({ offsets: [-1, 2] }, x)[0]), [4, 2]);
  });

  it('finds the offsets (−1, 2) of a window target among 42 choices, and its risk is the oracle\'s order', () => {
    const a = [1, 2], target = windowTarget({ d: 1, offsets: [-1, 2], a, T: 5, seed: 3 });
    const train = samplePositions({ target, N: 16, positions: 16 * 64, seed: 1, noise: 0.3 });
    const fit = fitErmTransformer(train, offsetCandidates(3, 2), gamma({ kind: 'anisotropic', a }));
    assert.deepStrictEqual(fit.selection, { offsets: [-1, 2] });
    const test = samplePositions({ target, N: 16, positions: 16 * 32, seed: 2, noise: 0 });
    const risk = fit.predict(test.inputs).reduce((s, v, i) => s + (v - test.clean[i]) ** 2, 0) / test.clean.length;
    assert.ok(risk < 0.05, `risk ${risk}`);
  });

  it('finds μ = key on (key, value) tokens with a = (∞, 1, ∞, 2), with or without a margin', () => {
    const a = [Infinity, 1, Infinity, 2];
    const target = importanceTarget({ d: 2, U: 2, k: 2, importance: [1, 0], a, T: 5, seed: 4 });
    for (const margin of [0, 0.05]) {
      const train = samplePositions({ target, N: 16, positions: 16 * 64, seed: 5, noise: 0.3, margin });
      const fit = fitErmTransformer(train, importanceCandidates(2, 2, 2), gamma({ kind: 'anisotropic', a }));
      assert.deepStrictEqual(fit.selection, { w: [1, 0], U: 2, k: 2 });
      if (margin > 0) assert.ok(train.fixedFraction > 0 && train.fixedFraction < 1, String(train.fixedFraction));
    }
  });

  it('needs two sequences (one to validate on)', () => {
    const target = windowTarget({ d: 1, offsets: [0], a: [1], T: 3, seed: 1 });
    const one = samplePositions({ target, N: 16, positions: 16, seed: 1, noise: 0 });
    assertThrows(() => fitErmTransformer(one, offsetCandidates(1, 1), gamma({ kind: 'anisotropic', a: [1] })),
      /at least 2 sequences/, 'ERR_ATTNSIM_ARGUMENT');
  });
});
