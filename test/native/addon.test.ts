/** The addon called directly: every bad argument is a TypeError or RangeError, never a crash or garbage. */
import * as assert from 'assert';
import { backendInfo } from '../../src/backend/select';
import { NativeBinding } from '../../src/native/binding';
import { loadNative } from '../../src/native/load';
import { testedBackends } from '../helpers/backends';
import { assertThrows } from '../helpers/throws';

const wanted = testedBackends().includes('native');

describe('the native addon', () => {
  it('loads, unless ATTNSIM_BACKEND=js asks for the fallback (then the fallback runs)', () => {
    if (process.env.ATTNSIM_BACKEND === 'js') {
      assert.strictEqual(backendInfo().native, false);
    } else {
      const result = loadNative();
      assert.ok(result.binding !== null, result.binding === null ? result.explanation : '');
    }
  });
});

if (wanted) describe('the native addon validates before it touches memory', () => {
  let addon: NativeBinding;
  before(() => {
    const result = loadNative();
    if (result.binding === null) throw new Error(result.explanation);
    addon = result.binding;
  });
  const f64 = (n: number) => new Float64Array(n), f32 = (n: number) => new Float32Array(n);

  it('reports OpenBLAS and its thread count, and setThreads changes it', () => {
    const info = addon.blasInfo();
    assert.match(info.name, /OpenBLAS/);
    const before = info.threads;
    addon.setThreads(1);
    assert.strictEqual(addon.blasInfo().threads, 1);
    addon.setThreads(before);
  });
  it('computes a 2×2 product in both dtypes', () => {
    for (const Kind of [Float64Array, Float32Array]) {
      const c = new Kind(4);
      addon.gemm(new Kind([1, 2, 3, 4]), new Kind([5, 6, 7, 8]), c, 2, 2, 2, false, false, 1, 0);
      assert.deepStrictEqual(Array.from(c), [19, 22, 43, 50]);
    }
  });
  it('firstNonFinite finds the first NaN or ±Infinity in either dtype, in any block', () => {
    const x = new Float32Array(5000).fill(1.5), y = new Float64Array(3000).fill(-2);
    assert.deepStrictEqual([addon.firstNonFinite(x), addon.firstNonFinite(y), addon.firstNonFinite(new Float64Array(0))], [-1, -1, -1]);
    x[4097] = Infinity;
    x[4500] = NaN;
    y[2999] = NaN;
    assert.deepStrictEqual([addon.firstNonFinite(x), addon.firstNonFinite(y)], [4097, 2999]);
    assertThrows(() => addon.firstNonFinite([1] as never), /^firstNonFinite: expected a Float32Array or Float64Array for x but received an array \(object\)$/, undefined, TypeError);
  });
  it('honours alpha and beta', () => {
    const c = new Float64Array([1, 1, 1, 1]);
    addon.gemm(new Float64Array([1, 2, 3, 4]), new Float64Array([5, 6, 7, 8]), c, 2, 2, 2, false, false, 2, 10);
    assert.deepStrictEqual(Array.from(c), [48, 54, 96, 110]);
  });

  const g = (over: Partial<Record<number, unknown>>) => () => {
    const args: unknown[] = [f64(6), f64(6), f64(4), 2, 2, 3, false, false, 1, 0];
    for (const [i, v] of Object.entries(over)) args[Number(i)] = v;
    return (addon.gemm as (...a: unknown[]) => void)(...args);
  };
  const cases: [string, () => unknown, RegExp, new (...a: never[]) => Error][] = [
    ['a too short', g({ 0: f64(5) }), /^gemm: expected 6 elements in a but received 5$/, RangeError],
    ['c too long', g({ 2: f64(5) }), /^gemm: expected 4 elements in c but received 5$/, RangeError],
    ['b of another dtype', g({ 1: f32(6) }), /^gemm: expected a Float64Array for b but received a Float32Array \(object\)$/, TypeError],
    ['a not a typed array', g({ 0: [1, 2, 3, 4, 5, 6] }), /^gemm: expected a Float32Array or Float64Array for a but received an array \(object\)$/, TypeError],
    ['an Int32Array', g({ 0: new Int32Array(6) }), /^gemm: expected a Float32Array or Float64Array for a but received another typed array \(object\)$/, TypeError],
    ['a negative dimension', g({ 3: -2 }), /^gemm: expected an integer between 0 and 2147483647 for m but received -2 \(number\)$/, RangeError],
    ['a fractional dimension', g({ 5: 1.5 }), /^gemm: expected an integer between 0 and 2147483647 for k but received 1\.5 \(number\)$/, RangeError],
    ['a string dimension', g({ 4: '2' }), /^gemm: expected an integer for n but received '2' \(string\)$/, TypeError],
    ['a NaN alpha', g({ 8: NaN }), /^gemm: expected a finite number for alpha but received NaN \(number\)$/, RangeError],
    ['a non-boolean transA', g({ 6: 0 }), /^gemm: expected a boolean for transA but received 0 \(number\)$/, TypeError],
    ['dimensions whose product overflows', g({ 3: 2147483647, 5: 2147483647 }), /^gemm: the size of a does not fit in memory$/, RangeError],
    ['no arguments', () => (addon.gemm as () => void)(), /^gemm: expected a Float32Array or Float64Array for a but received undefined \(undefined\)$/, TypeError],
    ['batched outputs that overlap', () => addon.gemmBatched(f64(4), f64(4), f64(8), 2, 2, 2, 1, false, false, 1, 0, 2, 2, 3),
      /^gemmBatched: expected strideC \(3\) to be at least m·n \(4\) so that outputs do not overlap$/, RangeError],
    ['batched a shorter than its stride says', () => addon.gemmBatched(f64(3), f64(4), f64(8), 2, 2, 2, 1, false, false, 1, 0, 2, 2, 4),
      /^gemmBatched: expected 4 elements in a but received 3$/, RangeError],
    ['softmax out too short', () => addon.softmaxRows(f64(6), f64(5), 2, 3), /^softmaxRows: expected 6 elements in out but received 5$/, RangeError],
    ['attention heads not dividing dModel', () => addon.attention(f64(4), f64(6), f64(6), f64(6), null, f64(6), 2, 2, 3, 3, 3, 2, false, 1),
      /^attention: expected heads \(2\) to be positive and divide dModel \(3\)$/, RangeError],
    ['attention without wo but dOut ≠ dV', () => addon.attention(f64(4), f64(4), f64(4), f64(4), null, f64(6), 2, 2, 2, 2, 3, 1, false, 1),
      /^attention: expected dOut \(3\) to equal dV \(2\) when wo is omitted$/, RangeError],
    ['setThreads(0)', () => addon.setThreads(0), /^setThreads: expected an integer between 1 and 1024 for n but received 0$/, RangeError],
    ['c the same array as a', () => { const a = f64(4); addon.gemm(a, f64(4), a, 2, 2, 2, false, false, 1, 0); },
      /^gemm: expected c to share no memory with a$/, RangeError],
    ['c overlapping b through a view', () => { const buf = f64(6); addon.gemm(f64(4), buf.subarray(0, 4), buf.subarray(2, 6), 2, 2, 2, false, false, 1, 0); },
      /^gemm: expected c to share no memory with b$/, RangeError],
    ['softmax out aliasing x', () => { const x = f64(4); addon.softmaxRows(x, x, 2, 2); }, /^softmaxRows: expected out to share no memory with x$/, RangeError],
    ['attention out overlapping wo', () => { const buf = f64(8); addon.attention(f64(2), f64(1), f64(1), f64(1), buf.subarray(0, 2), buf.subarray(1, 5), 2, 1, 1, 1, 2, 1, false, 1); },
      /^attention: expected out to share no memory with wo$/, RangeError],
    ['a float32 alpha beyond the float32 range', () => addon.gemm(f32(1), f32(1), f32(1), 1, 1, 1, false, false, 1e39, 0),
      /^gemm: expected a number within the float32 range \(magnitude at most 3\.4028234663852886e\+38\) for alpha but received 1e\+39 \(number\)$/, RangeError],
    ['a float32 attention scale beyond the float32 range', () => addon.attention(f32(1), f32(1), f32(1), f32(1), null, f32(1), 1, 1, 1, 1, 1, 1, false, -1e39),
      /^attention: expected a number within the float32 range .* for scale but received -1e\+39 \(number\)$/, RangeError],
    ['more heads than max(1, dModel, dV)', () => addon.attention(f64(0), f64(0), f64(0), f64(0), null, f64(0), 0, 0, 0, 0, 0, 2147483647, false, 1),
      /^attention: expected heads \(2147483647\) to be at most max\(1, dModel, dV\) \(1\)$/, RangeError],
    ['scores that overflow', () => addon.attention(new Float64Array([1e200, -1e200]), new Float64Array([1]), new Float64Array([1]), new Float64Array([1]), null, f64(2), 2, 1, 1, 1, 1, 1, false, 1),
      /^attention: the attention scores overflowed \(a score of query row 0 in head 0 is not finite\)/, RangeError],
  ];
  for (const [what, call, message, kind] of cases) {
    it(`throws for ${what}, with an ERR_ATTNSIM_ code`, () => {
      assertThrows(call, message, undefined, kind);
      assert.throws(call, (e: { code?: string }) => /^ERR_ATTNSIM_[A-Z_]+$/.test(e.code ?? ''));
    });
  }
  it('attention with an empty wo writes nothing into an empty out that ends where its buffer ends', () => {
    const out = new Float64Array(new ArrayBuffer(8), 8, 0), one = () => new Float64Array([1]);
    addon.attention(new Float64Array([1, 2]), one(), one(), one(), f64(0), out, 2, 1, 1, 1, 0, 1, false, 1);
    assert.strictEqual(out.length, 0); // the old addon copied n·dV values here (ASan: heap-buffer-overflow)
  });
  it('a batch of 2^31 − 1 empty products returns at once, having nothing to write', () => {
    addon.gemmBatched(f64(0), f64(0), f64(0), 2147483647, 0, 0, 5, false, false, 1, 0, 0, 0, 0);
    addon.softmaxRows(f64(0), f64(0), 2147483647, 0);
  });
  it('an async call that fails in the kernel rejects with a coded error (it computes in place: out then holds no result)', async () => {
    const out = new Float64Array([7, 7]);
    await assert.rejects(addon.attentionAsync(new Float64Array([1e200, -1e200]), new Float64Array([1]), new Float64Array([1]), new Float64Array([1]), null, out, 2, 1, 1, 1, 1, 1, false, 1),
      (e: Error & { code?: string }) => e instanceof RangeError && e.code === 'ERR_ATTNSIM_NON_FINITE' && /^attention: the attention scores overflowed/.test(e.message));
  });
  it('the async forms refuse non-finite inputs before the kernel runs, out unwritten, and c only when beta reads it', async () => {
    const out = new Float64Array([7, 7]), one = new Float64Array([1]);
    await assert.rejects(addon.attentionAsync(new Float64Array([1, NaN]), one, one, one, null, out, 2, 1, 1, 1, 1, 1, false, 1),
      (e: Error & { code?: string }) => e.code === 'ERR_ATTNSIM_NON_FINITE' && e.message === 'attention: expected finite values in x but received NaN at [1, 0]');
    assert.deepStrictEqual(Array.from(out), [7, 7]);
    const c = new Float64Array([NaN]);
    await addon.gemmAsync(one, one, c, 1, 1, 1, false, false, 1, 0);
    assert.deepStrictEqual(Array.from(c), [1]);
    await assert.rejects(addon.gemmAsync(one, one, new Float64Array([NaN]), 1, 1, 1, false, false, 1, 1),
      (e: Error) => e.message === 'gemm: expected finite values in c but received NaN at [0, 0]');
  });
  it('with fresh (a new c), the async gemm still refuses a non-finite a or b by its own message, checked after the product', async () => {
    const one = new Float64Array([1]), nanAt = (n: number, i: number) => Object.assign(new Float64Array(n).fill(1), { [i]: NaN });
    const rejects = (call: Promise<void>, message: string) => assert.rejects(call,
      (e: Error & { code?: string }) => e.code === 'ERR_ATTNSIM_NON_FINITE' && e.message === message);
    const c64 = new Float64Array(4);
    await rejects(addon.gemmAsync(nanAt(4, 3), one, c64, 4, 1, 1, false, false, 1, 0, true),
      'gemm: expected finite values in a but received NaN at [3, 0]');
    assert.deepStrictEqual(Array.from(c64), [1, 1, 1, NaN]); // the product ran before the scan of a
    // 0·Infinity is NaN: a zero in a does not hide an infinite b
    await rejects(addon.gemmAsync(new Float64Array([0]), new Float64Array([Infinity]), new Float64Array(1), 1, 1, 1, false, false, 1, 0, true),
      'gemm: expected finite values in b but received Infinity at [0, 0]');
    // an empty product shows nothing of b: b is scanned all the same
    await rejects(addon.gemmAsync(new Float64Array(0), nanAt(2, 1), new Float64Array(0), 0, 2, 1, false, false, 1, 0, true),
      'gemm: expected finite values in b but received NaN at [0, 1]');
    // alpha = 0: BLAS skips the product, so the inputs are scanned first
    await rejects(addon.gemmAsync(nanAt(1, 0), one, new Float64Array(1), 1, 1, 1, false, false, 0, 0, true),
      'gemm: expected finite values in a but received NaN at [0, 0]');
    await rejects(addon.gemmAsync(new Float64Array([1e200]), new Float64Array([1e200]), new Float64Array(1), 1, 1, 1, false, false, 1, 0, true),
      'gemm: the product overflowed the float64 range at [0, 0]; scale the operands down');
    const c = new Float32Array(1);
    await addon.gemmAsync(new Float32Array([3]), new Float32Array([5]), c, 1, 1, 1, false, false, 1, 0, true);
    assert.strictEqual(c[0], 15);
  });
  it('the sync and async forms agree and honour beta on c (c is read as well as written)', async () => {
    const a = new Float64Array([1, 2, 3, 4]), b = new Float64Array([5, 6, 7, 8]);
    const c1 = new Float64Array([1, 1, 1, 1]), c2 = new Float64Array([1, 1, 1, 1]);
    addon.gemm(a, b, c1, 2, 2, 2, false, false, 2, 10);
    await addon.gemmAsync(a, b, c2, 2, 2, 2, false, false, 2, 10);
    assert.deepStrictEqual([Array.from(c1), Array.from(c2)], [[48, 54, 96, 110], [48, 54, 96, 110]]);
  });

  it('the async form throws at once for bad arguments and leaves the output untouched', () => {
    const c = new Float64Array([7, 7, 7, 7]);
    assertThrows(() => addon.gemmAsync(f64(6), f64(5), c, 2, 2, 3, false, false, 1, 0), /^gemm: expected 6 elements in b but received 5$/);
    assert.deepStrictEqual(Array.from(c), [7, 7, 7, 7]);
  });
  it('the async form resolves after writing the result, with the event loop free meanwhile', async () => {
    const n = 1200, a = new Float64Array(n * n).fill(1), c = new Float64Array(n * n);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await addon.gemmAsync(a, a, c, n, n, n, false, false, 1, 0);
    clearInterval(timer);
    assert.strictEqual(c[0], n);
    assert.strictEqual(c[n * n - 1], n);
    assert.ok(ticks > 0, 'timers ran while the product was computed'); // a blocking call would leave 0
  });
});
