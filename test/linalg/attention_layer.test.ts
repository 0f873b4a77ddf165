/** createAttentionLayer on every backend: equal to attention on the same weights; bad weights, bad inputs, dispose. */
import * as assert from 'assert';
import { attention } from '../../src/linalg/attention';
import { createAttentionLayer } from '../../src/linalg/attention_layer';
import { Matrix } from '../../src/linalg/matrix';
import { forEachBackend } from '../helpers/backends';
import { instance } from '../helpers/instances';
import { assertRejects, assertThrows } from '../helpers/throws';

forEachBackend('createAttentionLayer', () => {
  // The layer runs attention's own kernel on copies of the same weights, so its outputs are equal bit for bit
  // (tolerance 0): any difference means the layer passed other weights, options or sizes.
  for (const dtype of ['float64', 'float32'] as const) {
    for (const [n, dIn, dModel, dOut, heads, causal] of [[5, 8, 8, 3, 2, true], [40, 16, 16, null, 4, false], [1, 4, 4, 4, 1, false]] as const) {
      it(`${dtype} n=${n} dIn=${dIn} dModel=${dModel} heads=${heads}${causal ? ' causal' : ''}: forward and forwardAsync equal attention`, async () => {
        const { x, ...w } = instance(n, dIn, dModel, dOut, n + heads, dtype);
        const layer = createAttentionLayer({ ...w, heads, causal, scale: 0.7 });
        const want = Array.from(attention({ x, ...w, heads, causal, scale: 0.7 }).data);
        assert.deepStrictEqual([layer.dIn, layer.dOut, layer.dtype], [dIn, dOut ?? dModel, dtype]);
        assert.deepStrictEqual(Array.from(layer.forward(x).data), want);
        assert.deepStrictEqual(Array.from((await layer.forwardAsync(x)).data), want);
        // Another input through the same layer: the weights are kept, not consumed.
        const x2 = Matrix.random(n + 3, dIn, { seed: 99, dtype });
        assert.deepStrictEqual(Array.from(layer.forward(x2).data), Array.from(attention({ x: x2, ...w, heads, causal, scale: 0.7 }).data));
      });
    }
  }
  it('keeps copies: changing a weight matrix after createAttentionLayer does not change the layer', () => {
    const { x, ...w } = instance(6, 4, 4, null, 3);
    const layer = createAttentionLayer({ ...w, heads: 2 }), before = Array.from(layer.forward(x).data);
    w.wv.data.fill(0);
    assert.deepStrictEqual(Array.from(layer.forward(x).data), before);
    assert.ok(before.some((v) => v !== 0));
  });
});

describe('createAttentionLayer rejects bad weights and inputs with a message that names the problem', () => {
  const { x, ...w } = instance(4, 6, 8, null, 1);
  it('weights that do not fit together, heads that do not divide, NaN in a weight, an unknown option', () => {
    assertThrows(() => createAttentionLayer({ ...w, wk: Matrix.zeros(5, 8) }),
      /^createAttentionLayer: expected wk to be 6×8 \(wq\.rows × wq\.cols\) but received a 5×8 float64 Matrix/, 'ERR_ATTNSIM_SHAPE');
    assertThrows(() => createAttentionLayer({ ...w, heads: 3 }), /^createAttentionLayer: expected heads \(3\) to divide dModel/, 'ERR_ATTNSIM_SHAPE');
    const bad = new Matrix(6, 8, w.wv.data.slice());
    bad.data[7] = NaN;
    assertThrows(() => createAttentionLayer({ ...w, wv: bad }), /^createAttentionLayer: expected finite values in wv but received NaN/, 'ERR_ATTNSIM_NON_FINITE');
    assertThrows(() => createAttentionLayer({ ...w, x } as never), /^createAttentionLayer: .*x/, 'ERR_ATTNSIM_ARGUMENT');
  });
  it('an input of the wrong width, dtype, a NaN in it, or not a Matrix', async () => {
    const layer = createAttentionLayer(w);
    assertThrows(() => layer.forward(Matrix.zeros(4, 5)),
      /^attentionLayer\.forward: expected x to have 6 columns \(the layer's dIn = wq\.rows\) but received a 4×5 float64 Matrix/, 'ERR_ATTNSIM_SHAPE');
    assertThrows(() => layer.forward(x.toDType('float32')), /^attentionLayer\.forward: expected float64 values like the layer's weights for x/, 'ERR_ATTNSIM_DTYPE');
    const nan = new Matrix(4, 6, x.data.slice());
    nan.data[9] = NaN;
    assertThrows(() => layer.forward(nan), /^attentionLayer\.forward: expected finite values in x but received NaN/, 'ERR_ATTNSIM_NON_FINITE');
    await assertRejects(layer.forwardAsync(nan), /^attentionLayer\.forwardAsync: expected finite values in x but received NaN/, 'ERR_ATTNSIM_NON_FINITE');
    assertThrows(() => layer.forward([[1]] as never), /^attentionLayer\.forward: expected a Matrix for x/, 'ERR_ATTNSIM_ARGUMENT');
  });
  it('a disposed layer refuses forward and forwardAsync with ERR_ATTNSIM_DISPOSED', () => {
    const layer = createAttentionLayer(w);
    layer.dispose();
    for (const call of [() => layer.forward(x), () => layer.forwardAsync(x)]) {
      assertThrows(call, /^attentionLayer\.forward(Async)?: the layer was disposed \(dispose\(\) was called\)/, 'ERR_ATTNSIM_DISPOSED');
    }
  });
});
