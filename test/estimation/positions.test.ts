/** Labelled positions: every position of n/N sequences, or independent positions spaced so that their windows never meet. */
import * as assert from 'assert';
import { disjointSpacing, flattenWindows, gatherTokens, samplePositions } from '../../src/estimation/positions';
import { fitErmTransformer, importanceCandidates } from '../../src/estimation/erm_transformer';
import { FIGURES, figureJobs, runFigureTrial } from '../../src/estimation/figures/index';
import { importanceTarget } from '../../src/selection/targets';
import { Matrix } from '../../src/linalg/matrix';
import { gamma } from '../../src/smoothness/index';
import { assertThrows } from '../helpers/throws';

/** The importance figure's (key, value) target at T = 4 (45 basis functions instead of 257,985). */
const target = importanceTarget({ d: 2, U: 4, k: 2, importance: [1, 0], a: [Infinity, 1, Infinity, 2], T: 4, seed: 2 });

/** Distinct rows of a matrix. */
function distinctRows(x: Matrix): number {
  return new Set(Array.from({ length: x.rows }, (_, r) => x.data.subarray(r * x.cols, (r + 1) * x.cols).join(','))).size;
}

describe('estimation/positions', () => {
  it('disjointSpacing: windows of radius r around the labelled positions never share a token, m a power of two', () => {
    assert.strictEqual(disjointSpacing(64, 4), 16);
    assert.strictEqual(disjointSpacing(64, 2), 8);
    assert.strictEqual(disjointSpacing(64, 0), 1);
    for (const [N, r] of [[64, 4], [64, 3], [50, 4], [16, 2], [9, 4]]) {
      const s = disjointSpacing(N, r), m = Math.floor(N / s);
      assert.strictEqual(2 ** Math.round(Math.log2(m)), m, `N ${N}, r ${r}: m ${m}`);
      // The circular gap between consecutive labelled positions (the last to the first included) is at least 2r + 1.
      assert.ok(s >= 2 * r + 1 && N - (m - 1) * s >= 2 * r + 1, `N ${N}, r ${r}: spacing ${s}`);
    }
    assertThrows(() => disjointSpacing(8, 4), /disjointSpacing: a window of radius 4 \(9 tokens\) does not fit in N = 8/);
  });

  it('samplePositions with a spacing labels 0, s, 2s, … of n/m sequences; labels are F there (sequence-major)', () => {
    const s = samplePositions({ target, N: 64, positions: 256, seed: 3, noise: 0, spacing: 16 });
    assert.deepStrictEqual(Array.from(s.labelled), [0, 16, 32, 48]);
    assert.strictEqual(s.inputs.length, 64);
    assert.strictEqual(s.labels.length, 256);
    s.inputs.forEach((x, i) => {
      const F = target.evaluate(x);
      // The same f on the same gathered tokens, evaluated in one batch or sequence by sequence: equal to rounding.
      s.labelled.forEach((t, j) => assert.ok(Math.abs(s.clean[i * 4 + j] - F[t]) < 1e-12, `sequence ${i}, position ${t}`));
    });
    assert.deepStrictEqual(s.labels, s.clean);
    const noisy = samplePositions({ target, N: 64, positions: 256, seed: 3, noise: 0.5, spacing: 16 });
    assert.ok(noisy.labels.some((v, i) => Math.abs(v - noisy.clean[i]) > 0.1));
    assertThrows(() => samplePositions({ target, N: 64, positions: 250, seed: 3, noise: 0, spacing: 16 }),
      /samplePositions: expected n \(250 labelled positions\) to be a multiple of the 4 labelled positions per sequence/);
    assertThrows(() => samplePositions({ target, N: 64, positions: 256, seed: 3, noise: 0, spacing: 0 }), /expected a spacing between 1 and/);
  });

  it('every position labelled, neighbours select the same tokens; spaced positions select distinct pairs (the design\'s reason)', () => {
    const every = samplePositions({ target, N: 64, positions: 1024, seed: 4, noise: 0 });
    assert.deepStrictEqual(every.labelled, Int32Array.from({ length: 64 }, (_, t) => t));
    const spaced = samplePositions({ target, N: 64, positions: 1024, seed: 4, noise: 0, spacing: 16 });
    const pairs = (s: typeof every) => gatherTokens(s.inputs, (x) => target.sources(x), s.labelled);
    // About 0.38 n distinct pairs with every position labelled (the probe measured 0.36–0.40); all distinct when spaced.
    assert.ok(distinctRows(pairs(every)) < 0.5 * 1024, String(distinctRows(pairs(every))));
    assert.strictEqual(distinctRows(pairs(spaced)), 1024);
  });

  it('flattenWindows and gatherTokens at the labelled positions are the full matrices\' rows there', () => {
    const s = samplePositions({ target, N: 64, positions: 64, seed: 5, noise: 0, spacing: 16 });
    const all = flattenWindows(s.inputs, 4), some = flattenWindows(s.inputs, 4, s.labelled);
    assert.strictEqual(some.rows, 64);
    for (let i = 0; i < s.inputs.length; i++) {
      s.labelled.forEach((t, j) => assert.deepStrictEqual(some.data.subarray((i * 4 + j) * 18, (i * 4 + j + 1) * 18),
        all.data.subarray((i * 64 + t) * 18, (i * 64 + t + 1) * 18)));
    }
  });

  it('ERM on spaced positions finds μ = key and refuses labels that do not match the labelled positions', () => {
    const train = samplePositions({ target, N: 64, positions: 512, seed: 6, noise: 0.3, spacing: 16 });
    const fit = fitErmTransformer(train, importanceCandidates(2, 4, 2), gamma({ kind: 'anisotropic', a: [Infinity, 1, Infinity, 2] }));
    assert.deepStrictEqual(fit.selection, { w: [1, 0], U: 4, k: 2 });
    assertThrows(() => fitErmTransformer({ ...train, labels: train.labels.subarray(1) }, importanceCandidates(2, 4, 2), gamma({ kind: 'anisotropic', a: [1, 2] })),
      /fitErmTransformer: expected 512 labels \(one per labelled position\) but received 511/);
  });

  it('the importance figure labels independent positions (spacing 16 in every arm); the dimension figure every position', async () => {
    const jobs = figureJobs(FIGURES.importance, { ns: [256, 512], reps: 1, estimators: ['oracle', 'mlp'] });
    assert.ok(jobs.every((j) => j.spacing === 16));
    // With 4 labelled positions per sequence, 256 positions are 64 sequences: the trained estimators run from n = 256 on.
    assert.deepStrictEqual([...new Set(jobs.filter((j) => j.estimator === 'mlp').map((j) => j.n))], [256, 512]);
    assert.ok(figureJobs(FIGURES.dimension, { ns: [256, 512], reps: 1, estimators: ['knn'] }).every((j) => j.spacing === undefined));
    // The MLP fits the flattened windows of the labelled positions as independent rows (T = 4 keeps the draw fast).
    const job = jobs.find((j) => j.estimator === 'mlp' && j.arm.name === 'window' && j.n === 256);
    const point = await runFigureTrial({ ...job!, arm: { ...job!.arm, target: { ...job!.arm.target, T: 4 } } });
    assert.ok(Number.isFinite(point.risk) && /rows$/.test(point.detail), JSON.stringify(point));
  });
});
