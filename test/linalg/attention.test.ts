/** attention and attentionAsync on every backend against the reference; argument checks. */
import * as assert from 'assert';
import { assertRejects, assertThrows } from '../helpers/throws';
import { attention, attentionAsync, attentionBytes, checkAttention } from '../../src/linalg/attention';
import { Matrix } from '../../src/linalg/matrix';
import { forEachBackend } from '../helpers/backends';
import { assertClose, F32, F64 } from '../helpers/close';
import { instance } from '../helpers/instances';
import { refAttention } from '../helpers/reference';
import { setMemoryBudget } from '../../src/budget';

const configs: [number, number, number, number | null, number, boolean][] = [
  // n, dIn, dModel, dOut, heads, causal
  [1, 1, 1, null, 1, false], [1, 4, 4, 4, 2, true], [5, 8, 8, 8, 2, false], [5, 8, 8, 3, 2, true],
  [7, 3, 12, null, 3, false], [16, 16, 16, 16, 4, true], [33, 24, 24, 24, 4, false], [3, 6, 8, 5, 4, true],
];

forEachBackend('attention', (name) => {
  for (const dtype of ['float64', 'float32'] as const) {
    for (const [n, dIn, dModel, dOut, heads, causal] of configs) {
      it(`${dtype} n=${n} dIn=${dIn} dModel=${dModel} dOut=${dOut ?? '-'} heads=${heads}${causal ? ' causal' : ''}`, () => {
        const inst = instance(n, dIn, dModel, dOut, n + heads, dtype);
        const got = attention({ ...inst, heads, causal });
        const want = refAttention(inst.x, inst.wq, inst.wk, inst.wv, inst.wo ?? null, heads, causal);
        assert.deepStrictEqual([got.rows, got.cols, got.dtype], [n, dOut ?? dModel, dtype]);
        assertClose(got.data, want.flat(), dtype === 'float32' ? F32 : F64);
      });
    }
    it(`${dtype} an explicit scale replaces 1/√dHead`, () => {
      const inst = instance(6, 4, 4, null, 9, dtype);
      assertClose(attention({ ...inst, scale: 2.5 }).data, refAttention(inst.x, inst.wq, inst.wk, inst.wv, null, 1, false, 2.5).flat(), dtype === 'float32' ? F32 : F64);
    });
    it(`${dtype} attentionAsync equals attention`, async () => {
      const inst = instance(20, 8, 8, 8, 5, dtype);
      const got = await attentionAsync({ ...inst, heads: 4, causal: true });
      assert.deepStrictEqual(Array.from(got.data), Array.from(attention({ ...inst, heads: 4, causal: true }).data));
    });
  }
  for (const causal of [false, true]) {
    it(`n=600 (over two key blocks of the fused kernel, not a multiple of its tiles) heads=2${causal ? ' causal' : ''}, both dtypes`, () => {
      for (const dtype of ['float64', 'float32'] as const) {
        const inst = instance(600, 16, 16, 8, 61, dtype);
        const want = refAttention(inst.x, inst.wq, inst.wk, inst.wv, inst.wo ?? null, 2, causal).flat();
        assertClose(attention({ ...inst, heads: 2, causal }).data, want, dtype === 'float32' ? F32 : F64, dtype);
      }
    });
  }
  it('n=256 dIn=168 dModel=136 dOut=40 heads=8: weights and K, V packed on two threads (408 columns, 13 strips, the last padded)', () => {
    // [wq | wk | wv] has 168·408 entries and K, V 256·272: enough for the native kernel to share their packing.
    const inst = instance(256, 168, 136, 40, 17, 'float32');
    const want = refAttention(inst.x, inst.wq, inst.wk, inst.wv, inst.wo ?? null, 8, true).flat();
    assertClose(attention({ ...inst, heads: 8, causal: true }).data, want, F32);
  });
  it('an empty wo (dV×0) gives an n×0 output, and dV = 0 with a 0×3 wo gives zeros', async () => {
    const one = Matrix.from([[1]]), x = Matrix.from([[1], [2]]);
    const input = { x, wq: one, wk: one, wv: one, wo: Matrix.zeros(1, 0) };
    for (const y of [attention(input), await attentionAsync(input)]) assert.deepStrictEqual([y.rows, y.cols], [2, 0]);
    const z = attention({ x, wq: one, wk: one, wv: Matrix.zeros(1, 0), wo: Matrix.zeros(0, 3) });
    assert.deepStrictEqual(z.toArray(), [[0, 0, 0], [0, 0, 0]]);
  });
  it('scores that overflow (x = [[1e200], [-1e200]]) are refused with ERR_ATTNSIM_NON_FINITE, not NaN', async () => {
    const one = Matrix.from([[1]]), input = { x: Matrix.from([[1e200], [-1e200]]), wq: one, wk: one, wv: one };
    assertThrows(() => attention(input), /^attention: the attention scores overflowed \(a score of query row 0 in head 0 is not finite\)/, 'ERR_ATTNSIM_NON_FINITE', RangeError);
    await assert.rejects(attentionAsync(input), (e: Error & { code?: string }) =>
      /^attentionAsync: the attention scores overflowed/.test(e.message) && e.code === 'ERR_ATTNSIM_NON_FINITE');
  });
  it('an output that overflows is refused with ERR_ATTNSIM_NON_FINITE, sync and async', async () => {
    const one = Matrix.from([[1]]), big = Matrix.from([[1e200]]), input = { x: big, wq: Matrix.from([[0]]), wk: one, wv: big };
    assertThrows(() => attention(input),
      /^attention: the output overflowed the float64 range at \[0, 0\]; scale the inputs down$/, 'ERR_ATTNSIM_NON_FINITE');
    await assertRejects(attentionAsync(input),
      /^attentionAsync: the output overflowed the float64 range at \[0, 0\]; scale the inputs down$/, 'ERR_ATTNSIM_NON_FINITE', RangeError);
  });
  it('attentionAsync refuses NaN and ±Infinity in any matrix with the messages of attention (checked on the native worker)', async () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const inst = instance(5, 6, 8, 3, 2, dtype);
      const bad = (m: Matrix, at: number, value: number) => {
        const copy = new Matrix(m.rows, m.cols, m.data.slice());
        copy.data[at] = value;
        return copy;
      };
      await assertRejects(attentionAsync({ ...inst, x: bad(inst.x, 4 * 6 + 5, NaN), heads: 2 }),
        /^attentionAsync: expected finite values in x but received NaN at \[4, 5\]$/, 'ERR_ATTNSIM_NON_FINITE', RangeError);
      await assertRejects(attentionAsync({ ...inst, wk: bad(inst.wk, 8 + 1, Infinity), heads: 2 }),
        /^attentionAsync: expected finite values in wk but received Infinity at \[1, 1\]$/, 'ERR_ATTNSIM_NON_FINITE', RangeError);
      await assertRejects(attentionAsync({ ...inst, wo: bad(inst.wo as Matrix, 7 * 3 + 2, -Infinity), heads: 2 }),
        /^attentionAsync: expected finite values in wo but received -Infinity at \[7, 2\]$/, 'ERR_ATTNSIM_NON_FINITE', RangeError);
    }
  });
  it('attention beyond the memory budget is refused with ERR_ATTNSIM_TOO_LARGE, saying how much it needs', () => {
    const w = Matrix.random(4, 4);
    setMemoryBudget(1e5);
    try {
      // The fused native kernel holds no n×n scores: (2000·4 out + 2000·12 [Q | K | V] + 4·12 weights side by side +
      // 2000·4 packed Kᵀ + 1000·8 packed V, two keys' 4 columns a 512-bit row) · 8 bytes = 375.4 KiB.
      const [n, message] = name === 'native'
        ? [2000, /^attention: the attention's projections \(Q, K, V\) and output needs 375\.4 KiB, over the memory budget of 97\.7 KiB/]
        : [200, /^attention: the 200×200 attention scores and the projections needs 3\d\d\.\d KiB, over the memory budget of 97\.7 KiB/];
      assertThrows(() => attention({ x: Matrix.random(n, 4), wq: w, wk: w, wv: w }), message, 'ERR_ATTNSIM_TOO_LARGE');
    } finally {
      setMemoryBudget();
    }
  });
  it('logits near 1e3 stay finite (max-subtracted softmax)', () => {
    const inst = instance(8, 4, 4, null, 2);
    const got = attention({ ...inst, scale: 1e3 });
    assert.ok(Array.from(got.data).every(Number.isFinite));
    assertClose(got.data, refAttention(inst.x, inst.wq, inst.wk, inst.wv, null, 1, false, 1e3).flat(), 1e-9);
  });
});

describe('attentionBytes: the memory attention is checked against is what the backend allocates', () => {
  it('on 40,000 tokens (d = 64, 8 heads, float32) the fused native kernel needs 68 MiB, the fallback its 11.9 GiB of n×n scores', () => {
    const x = Matrix.zeros(40000, 64, 'float32'), w = Matrix.zeros(64, 64, 'float32');
    const c = checkAttention('attention', { x, wq: w, wk: w, wv: w, wo: w, heads: 8 });
    // native, in float32 entries: n·64 out, n·192 [Q | K | V], 64·192 packed weights of the larger projection, n·64
    // packed Kᵀ (n a multiple of 32 keys), 8 heads · n/2 · 16 packed V (8 columns a head: two keys a 512-bit row) and
    // n·64 heads; no n² term.
    const n = 40000;
    assert.strictEqual(attentionBytes(c, 'native').bytes, (n * 64 + n * 192 + 64 * 192 + n * 64 + 8 * (n / 2) * 16 + n * 64) * 4);
    assert.ok(attentionBytes(c, 'native').bytes < 70 * 2 ** 20);
    assert.ok(attentionBytes(c, 'js').bytes > n ** 2 * 8);
  });
});

describe('attention rejects bad input with a message that names the problem', () => {
  const inst = instance(4, 6, 8, null, 1);
  const cases: [string, () => unknown, RegExp][] = [
    ['wq rows differ from x.cols', () => attention({ ...inst, wq: Matrix.zeros(5, 8) }), /^attention: expected wq to be 6×8 \(x\.cols × wq\.cols\) but received a 5×8 float64 Matrix$/],
    ['wk shape differs from wq', () => attention({ ...inst, wk: Matrix.zeros(6, 4) }), /^attention: expected wk to be 6×8 \(x\.cols × wq\.cols\) but received a 6×4 float64 Matrix$/],
    ['wo rows differ from wv.cols', () => attention({ ...inst, wo: Matrix.zeros(3, 2) }), /^attention: expected wo to be 8×2 \(wv\.cols × wo\.cols\)/],
    ['heads do not divide dModel', () => attention({ ...inst, heads: 3 }), /^attention: expected heads \(3\) to divide dModel = wq\.cols \(8\) and dV = wv\.cols \(8\)$/],
    ['heads of 0', () => attention({ ...inst, heads: 0 }), /^attention: expected an integer between 1 and 2147483647 for heads but received 0 \(number\)$/],
    ['a non-finite scale', () => attention({ ...inst, scale: Infinity }), /^attention: expected a finite number for scale but received Infinity \(number\)$/],
    ['a missing x', () => attention({ ...inst, x: undefined as never }), /^attention: expected a Matrix for x but received undefined \(undefined\)$/],
    ['mixed dtypes', () => attention({ ...inst, wv: inst.wv.toDType('float32') }), /^attention: expected float64 values like x for wv but received a 6×8 float32 Matrix \(object\)$/],
    ['an unknown option', () => attention({ ...inst, mask: true } as never), /^attention: expected one of the options .* for option 'mask' but received true \(boolean\)$/],
    ['NaN in x', () => attention({ ...inst, x: new Matrix(4, 6, new Float64Array(24).fill(NaN)) }), /^attention: expected finite values in x but received NaN at \[0, 0\]$/],
    ['heads beyond max(1, dModel, dV)', () => attention({ ...inst, wq: Matrix.zeros(6, 0), wk: Matrix.zeros(6, 0), wv: Matrix.zeros(6, 0), heads: 2 ** 31 - 1 }),
      /^attention: expected heads \(2147483647\) to be at most max\(1, dModel, dV\) \(1\)$/],
    ['a float32 scale beyond the float32 range', () => attention({ ...instance(2, 2, 2, null, 1, 'float32'), scale: 1e39 }),
      /^attention: expected a number within the float32 range \(magnitude at most 3\.4028234663852886e\+38\) for scale but received 1e\+39 \(number\)$/],
  ];
  for (const [what, call, message] of cases) {
    it(what, () => {
      assertThrows(call, message);
      assert.throws(call, (e: { code?: string }) => /^ERR_ATTNSIM_/.test(e.code ?? ''));
    });
  }
});
