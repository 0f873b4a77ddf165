/** U for a whole encoder: against encoderForward (float64) and the tfjs oracle (float32), one stack for many weight sets. */
import * as assert from 'assert';
import { buildSimulator, EncoderLayerWeights, encoderForward, LayerNormPlacement, Matrix, tfjsEncoder } from '../../src/index';
import { assertClose, maxAbsDiff, TFJS } from '../helpers/close';
import { assertThrows } from '../helpers/throws';

/**
 * The hard stack in float64 leaves only the rounding of means, products, exp, √ and division; 1e-9 absolute on
 * inputs of magnitude ≤ 2 (LayerNorm divides by at least √ε, so rounding can grow by ~300, still far below).
 */
const SIM = 1e-9;

const random = (rows: number, cols: number, seed: number, scale = 1) => Matrix.random(rows, cols, { seed, min: -scale, max: scale });

function weights(layers: number, d: number, h: number, seed: number): EncoderLayerWeights[] {
  return Array.from({ length: layers }, (_, l) => {
    const s = seed + 20 * l;
    return {
      wq: random(d, d, s + 1), wk: random(d, d, s + 2), wv: random(d, d, s + 3), wo: random(d, d, s + 4),
      w1: random(d, h, s + 5), b1: random(1, h, s + 6), w2: random(h, d, s + 7), b2: random(1, d, s + 8),
      ln: { gamma: random(2, d, s + 9), beta: random(2, d, s + 10) },
    };
  });
}

describe('simulator: a whole transformer encoder', () => {
  const shapes: [number, number, number, number, number, LayerNormPlacement, boolean][] = [
    [3, 2, 1, 1, 3, 'pre', false], [3, 4, 2, 1, 2, 'post', true], [2, 2, 2, 2, 2, 'none', false],
    [3, 2, 1, 2, 2, 'pre', true], [2, 2, 1, 2, 3, 'post', false], [2, 4, 4, 3, 2, 'post', true], [3, 4, 4, 3, 3, 'pre', false],
  ];
  for (const [n, d, heads, layers, ffnHidden, layerNorm, causal] of shapes) {
    it(`n=${n}, d=${d}, heads=${heads}, L=${layers}, ffn ${ffnHidden}, ${layerNorm}-LN${causal ? ', causal' : ''}: within ${SIM} of encoderForward`, () => {
      const sim = buildSimulator({ seqLen: n, dModel: d, heads, layers, ffnHidden, layerNorm, causal });
      const x = random(n, d, 99, 2), w = weights(layers, d, ffnHidden, n * d);
      assert.ok(maxAbsDiff(sim.run({ x, layers: w }).data, encoderForward({ x, layers: w, heads, causal, layerNorm }).data) <= SIM);
    });
  }
  it('one built stack on many weight sets (data-agnostic), and runAsync in the worker thread agrees', async () => {
    const sim = buildSimulator({ seqLen: 2, dModel: 2, heads: 1, layers: 1, ffnHidden: 2, layerNorm: 'post' });
    for (let seed = 0; seed < 5; seed++) {
      const x = random(2, 2, seed, 2), w = weights(1, 2, 2, 100 * seed);
      assert.ok(maxAbsDiff(sim.run({ x, layers: w }).data, encoderForward({ x, layers: w, layerNorm: 'post' }).data) <= SIM);
    }
    const x = random(2, 2, 9, 2), w = weights(1, 2, 2, 900).map((l) => ({ ...l, ln: undefined }));
    assert.deepStrictEqual((await sim.runAsync({ x, layers: w })).data, sim.run({ x, layers: w }).data);
  });
  it(`encoderForward agrees with the tfjs oracle within ${TFJS} (float32), both placements, causal and not`, async () => {
    for (const [layerNorm, causal] of [['pre', true], ['post', false], ['none', true]] as const) {
      const x = random(4, 4, 7), layers = weights(2, 4, 3, 50);
      const direct = encoderForward({ x, layers, heads: 2, causal, layerNorm });
      const { output } = await tfjsEncoder({ x, layers, heads: 2, causal, layerNorm });
      assertClose(output.flat(), direct.data, TFJS, `${layerNorm}-LN${causal ? ', causal' : ''}`);
    }
  });
  it('a LayerNorm with γ = 1, β = 0 gives rows of mean 0 and variance 1 (within 1e-4: the ε of LayerNorm)', () => {
    const x = random(3, 4, 3, 5), layers = weights(1, 4, 2, 9).map((l) => ({ ...l, ln: undefined }));
    const zero = layers.map((l) => ({ ...l, wv: Matrix.zeros(4, 4), w2: Matrix.zeros(2, 4), b2: Matrix.zeros(1, 4) }));
    const out = encoderForward({ x, layers: zero, layerNorm: 'post' });
    for (let r = 0; r < 3; r++) {
      const row = [...out.data.subarray(r * 4, r * 4 + 4)], mean = row.reduce((a, b) => a + b) / 4;
      assert.ok(Math.abs(mean) <= 1e-12);
      assert.ok(Math.abs(row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4 - 1) <= 1e-4);
    }
  });
  it('refuses inputs that do not fit the built shape, with coded errors', () => {
    const sim = buildSimulator({ seqLen: 2, dModel: 2, layers: 1, ffnHidden: 2 });
    assertThrows(() => sim.run({ x: random(2, 2, 1), layers: weights(2, 2, 2, 1) }), /expected 1 layers with ffnHidden 2 but received 2/, 'ERR_ATTNSIM_SHAPE');
    assertThrows(() => sim.run({ x: random(3, 2, 1), layers: weights(1, 2, 2, 1) }), /expected x to be 2×2 but received a 3×2/, 'ERR_ATTNSIM_SHAPE');
    assertThrows(() => encoderForward({ x: random(2, 2, 1), layers: [{ ...weights(1, 2, 2, 1)[0], b1: random(1, 3, 1) }] }),
      /encoderForward: expected layers\[0\]\.b1 to be 1×2 but received a 1×3/, 'ERR_ATTNSIM_SHAPE');
    assertThrows(() => buildSimulator({ seqLen: 2, dModel: 2, layers: 1, layerNorm: 'middle' as never }), /expected one of 'pre', 'post', 'none' for layerNorm/);
    assertThrows(() => encoderForward(null as never), /encoderForward: expected an object \{ x, layers, \.\.\. \} for input but received null/, 'ERR_ATTNSIM_ARGUMENT');
  });
});
