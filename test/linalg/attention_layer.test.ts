/** createAttentionLayer on every backend: equal to attention on the same weights; bad weights, bad inputs, dispose. */
import * as assert from 'assert';
import { attention } from '../../src/linalg/attention';
import { createAttentionLayer } from '../../src/linalg/attention_layer';
import { Matrix } from '../../src/linalg/matrix';
import { AttentionArgs, AttentionWeightArgs, Floats } from '../../src/backend/backend';
import { backend, setBackend } from '../../src/backend/select';
import { loadNative } from '../../src/native/load';
import { forEachBackend, testedBackends } from '../helpers/backends';
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

if (testedBackends().includes('native')) describe('createAttentionLayer on the native backend keeps its weights packed', () => {
  afterEach(() => setBackend('native'));
  it('packs them once, at its first call, and every forward and forwardAsync reads them packed', async () => {
    setBackend('native');
    const b = backend(), { packAttention, attention: plain, attentionAsync } = b;
    const packs: Floats[] = [], passed: (Floats | null | undefined)[] = [];
    b.packAttention = (w: AttentionWeightArgs) => {
      packs.push(packAttention!(w));
      return packs[packs.length - 1];
    };
    b.attention = (t: AttentionArgs) => (passed.push(t.packed), plain(t));
    b.attentionAsync = (t: AttentionArgs) => (passed.push(t.packed), attentionAsync(t));
    try {
      const { x, ...w } = instance(9, 8, 8, 5, 4, 'float32');
      const layer = createAttentionLayer({ ...w, heads: 2 });
      assert.strictEqual(packs.length, 0);
      layer.forward(x);
      await layer.forwardAsync(x);
      layer.forward(x);
      assert.strictEqual(packs.length, 1);
      assert.deepStrictEqual(passed.map((p) => p === packs[0]), [true, true, true]);
      passed.length = 0;
      attention({ x, ...w, heads: 2 });
      assert.deepStrictEqual(passed, [null]);
    } finally {
      Object.assign(b, { packAttention, attention: plain, attentionAsync });
    }
  });
  it('the addon: attention on attentionPack\'s array equals attention without it, bit for bit; another length or dtype is refused', () => {
    const result = loadNative();
    if (result.binding === null) throw new Error(result.explanation);
    const addon = result.binding;
    // dModel 40: [wq | wk | wv] has 120 columns, 4 strips of 32 in float32 with AVX-512 (the last padded); dOut 7 pads wo's.
    for (const dtype of ['float32', 'float64'] as const) {
      for (const dOut of [7, null]) {
        const n = 11, dIn = 6, dModel = 40, heads = 5, { x, wq, wk, wv, wo } = instance(n, dIn, dModel, dOut, 8, dtype);
        const cols = dOut ?? dModel, wod = wo ? wo.data : null;
        const run = (packed: Floats | null) => {
          const out = dtype === 'float32' ? new Float32Array(n * cols) : new Float64Array(n * cols);
          addon.attention(x.data, wq.data, wk.data, wv.data, wod, out, n, dIn, dModel, dModel, cols, heads, true, 0.5, packed);
          return Array.from(out);
        };
        const packed = addon.attentionPack(wq.data, wk.data, wv.data, wod, dIn, dModel, dModel, cols);
        assert.strictEqual(packed.constructor, x.data.constructor);
        const want = run(null);
        assert.ok(want.some((v) => v !== 0));
        assert.deepStrictEqual(run(packed), want, `${dtype}, dOut ${dOut}`);
        assertThrows(() => run(packed.subarray(1)), new RegExp(`^attention: expected ${packed.length} elements in packed but received ${packed.length - 1}$`),
          'ERR_ATTNSIM_SHAPE');
        const other = dtype === 'float32' ? new Float64Array(packed.length) : new Float32Array(packed.length);
        assertThrows(() => run(other), /^attention: expected a Float(32|64)Array for packed/, 'ERR_ATTNSIM_ARGUMENT');
      }
    }
  });
});
