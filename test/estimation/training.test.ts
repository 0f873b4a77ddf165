/** Transformer ERM and the window MLP: they learn, the exported model equals tfjs's forward, a seed fixes the weights. */
import * as assert from 'assert';
import { trainTransformer, TransformerShape } from '../../src/estimation/transformer';
import { trainWindowMlp } from '../../src/estimation/window_mlp';
import { sampleSequences } from '../../src/selection/sample_sequences';
import { windowTarget } from '../../src/selection/targets';

const target = windowTarget({ d: 1, offsets: [-1, 1], T: 2, seed: 1 });
const data = sampleSequences({ target, N: 16, count: 30, seed: 2, noise: 0.1 });
const shape: TransformerShape = { window: 2, heads: 2, headDim: 4, width: 4, ffnHidden: 16, blocks: 1 };

describe('estimation/training', () => {
  it('the transformer beats predicting the mean clearly: risk below var F / 4 on fresh sequences', async () => {
    // A model that learned nothing scores ≈ var F (0.247 here). Over seeds 3, 5, 7 the risk was 0.006–0.038 (at most
    // 0.15 var F), so a quarter of var F leaves room for the spread between seeds and backends.
    const t = await trainTransformer(data, shape, { seed: 3, epochs: 60, batchSize: 4, learningRate: 0.01 });
    const test = sampleSequences({ target, N: 16, count: 20, seed: 9 }), predicted = await t.predict(test.inputs);
    const clean = test.clean.flatMap((c) => Array.from(c)), mean = clean.reduce((s, v) => s + v, 0) / clean.length;
    const varF = clean.reduce((s, v) => s + (v - mean) ** 2, 0) / clean.length;
    const risk = predicted.flatMap((p) => Array.from(p)).reduce((s, v, i) => s + (v - clean[i]) ** 2, 0) / clean.length;
    assert.ok(risk < varF / 4, `risk ${risk} against var F ${varF} after ${t.history.length} epochs`);
  });

  for (const window of [2, 8]) {
    it(`its EncoderModel equals the tfjs forward at window ${window} of N = 16 (code period ${window === 2 ? 8 : 16}) ` +
      '(1e-4: float32 tfjs against float64 native on the same float32 weights)', async () => {
      const t = await trainTransformer(data, { ...shape, window, blocks: 2 }, { seed: 3, epochs: 3 });
      for (const part of ['.r', '.c', '.bq']) {
        assert.ok(Object.entries(t.weights).some(([k, w]) => k.endsWith(part) && w.some((v) => Math.abs(v) > 1e-3)),
          `training moved the ${part} weights (all start at 0), so the export has them to carry`);
      }
      const test = sampleSequences({ target, N: 16, count: 3, seed: 9 });
      const tfjs = await t.predict(test.inputs), model = t.toEncoderModel();
      test.inputs.forEach((x, i) => {
        const native = model.forwardVectors(x).data;
        native.forEach((v, p) => assert.ok(Math.abs(v - tfjs[i][p]) < 1e-4, `${v} vs ${tfjs[i][p]} on ${t.backend}`));
      });
    });
  }

  it('a fixed seed gives the same weights on the same backend', async () => {
    const [a, b] = [await trainTransformer(data, shape, { seed: 5, epochs: 2 }), await trainTransformer(data, shape, { seed: 5, epochs: 2 })];
    assert.strictEqual(a.backend, b.backend);
    for (const name of Object.keys(a.weights)) assert.deepStrictEqual(a.weights[name], b.weights[name], name);
  });

  it('with labelled positions the loss reads only those: all N labelled is the default, bit for bit', async () => {
    const all = Int32Array.from({ length: 16 }, (_, i) => i);
    const [a, b] = [await trainTransformer(data, shape, { seed: 5, epochs: 2 }),
      await trainTransformer({ ...data, labelled: all }, shape, { seed: 5, epochs: 2 })];
    for (const name of Object.keys(a.weights)) assert.deepStrictEqual(a.weights[name], b.weights[name], name);
  });

  it('with labelled positions the held-out loss is the error at those positions only (1e-5: float32 sums)', async () => {
    // Ten copies of one sequence, so the held-out sequences are that sequence whichever are held out; the best held-out
    // loss must then be the kept weights' error at positions 1, 5, 9, 13, not at all 16 positions.
    const labelled = Int32Array.from([1, 5, 9, 13]), x = data.inputs[0], y = Float64Array.from(labelled, (p) => data.labels[0][p]);
    const t = await trainTransformer({ inputs: Array(10).fill(x), labels: Array(10).fill(y), labelled }, shape, { seed: 5, epochs: 4 });
    const [out] = await t.predict([x]), best = Math.min(...t.history.map((h) => h.validation));
    const atLabelled = y.reduce((s, v, j) => s + (out[labelled[j]] - v) ** 2, 0) / 4;
    const atAll = data.labels[0].reduce((s, v, p) => s + (out[p] - v) ** 2, 0) / 16;
    assert.ok(Math.abs(best - atLabelled) < 1e-5, `held-out ${best} vs ${atLabelled} at the labelled positions`);
    assert.ok(Math.abs(best - atAll) > 1e-3, `the error over all positions (${atAll}) differs, so the check can fail`);
  });

  it('the window MLP trains too (loss falls) and predicts one value per position', async () => {
    const mlp = await trainWindowMlp(data, { window: 2, hidden: 16 }, { seed: 3, epochs: 12, patience: 12 });
    assert.ok(mlp.history[11].train < mlp.history[0].train);
    const [out] = await mlp.predict([data.inputs[0]]);
    assert.strictEqual(out.length, 16);
    assert.ok(out.every(Number.isFinite));
  });

  it('refuses mismatched data, a window wider than the sequence and bad training options', async () => {
    await assert.rejects(trainTransformer({ inputs: data.inputs.slice(0, 3), labels: data.labels.slice(0, 3) }, shape, { seed: 1 }),
      /at least 5 input sequences/);
    await assert.rejects(trainTransformer(data, { ...shape, window: 9 }, { seed: 1 }), /shape\.window/);
    await assert.rejects(trainTransformer({ ...data, labelled: Int32Array.from([3, 2]) }, shape, { seed: 1 }),
      /^ArgumentRangeError: estimation\.trainTransformer: expected labelled positions increasing in 0 … 15 but labelled\[1\] is 2$/);
    await assert.rejects(trainTransformer({ ...data, labelled: Int32Array.from([2, 3]) }, shape, { seed: 1 }),
      /expected every sequence to be 16×1 with 2 labels \(one per labelled position\) \(sequence 0 is not\)/);
    await assert.rejects(trainWindowMlp(data, { window: 1, hidden: 0 }, { seed: 1 }), /shape\.hidden/);
    await assert.rejects(trainTransformer(data, shape, { seed: 1, learningRate: 0 }), /positive learningRate/);
    await assert.rejects(trainTransformer(data, shape, { seed: 1, holdout: 1 }), /holdout fraction/);
    await assert.rejects(trainWindowMlp(data, { window: 1, hidden: 4 }, { seed: 1, batchSize: 0.5 }), /batchSize/);
  });
});
