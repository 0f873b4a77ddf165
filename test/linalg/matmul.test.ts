/** matmul, matmulAsync and matmulBatched on every backend, both dtypes, against the reference. */
import * as assert from 'assert';
import { assertRejects, assertThrows } from '../helpers/throws';
import { matmul, matmulAsync, matmulBatched } from '../../src/linalg/matmul';
import { DType, Matrix } from '../../src/linalg/matrix';
import { forEachBackend } from '../helpers/backends';
import { assertClose, F32, F64 } from '../helpers/close';
import { refMatmul, refTranspose } from '../helpers/reference';

const tol = (dtype: DType) => (dtype === 'float32' ? F32 : F64);
const shapes: [number, number, number][] = [[1, 1, 1], [1, 7, 1], [7, 1, 1], [1, 1, 9], [3, 4, 3], [3, 3, 4], [5, 2, 6], [257, 129, 33], [64, 64, 64]];

function check(a: Matrix, b: Matrix, got: Matrix, transA = false, transB = false): void {
  const A = transA ? refTranspose(a.toArray(), a.cols) : a.toArray();
  const B = transB ? refTranspose(b.toArray(), b.cols) : b.toArray();
  const want = refMatmul(A, B);
  assert.deepStrictEqual([got.rows, got.cols, got.dtype], [A.length, B[0].length, a.dtype]);
  assertClose(got.data, want.flat(), tol(a.dtype), `${a.rows}×${a.cols}·${b.rows}×${b.cols}`);
}

forEachBackend('matmul', () => {
  it('a fresh output of 16,384+ entries (not zero-filled on the native backend) holds exactly the product', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const a = Matrix.random(128, 64, { seed: 5, dtype }), b = Matrix.random(64, 130, { seed: 6, dtype });
      const fresh = matmul(a, b), into = matmul(a, b, { out: Matrix.zeros(128, 130, dtype) });
      assert.strictEqual(fresh.data.byteOffset, 0);
      assert.strictEqual(fresh.data.buffer.byteLength, fresh.data.byteLength);
      assert.deepStrictEqual(Array.from(fresh.data), Array.from(into.data));
    }
  });
  for (const dtype of ['float64', 'float32'] as const) {
    for (const [m, k, n] of shapes) {
      it(`${dtype} ${m}×${k} · ${k}×${n} matches the reference`, () => {
        const a = Matrix.random(m, k, { seed: m * 7 + k, dtype }), b = Matrix.random(k, n, { seed: n * 13 + k, dtype });
        check(a, b, matmul(a, b));
      });
    }
    for (const [transA, transB] of [[true, false], [false, true], [true, true]]) {
      it(`${dtype} transA=${transA} transB=${transB} on 5×3 and 3×4 operands`, () => {
        const a = transA ? Matrix.random(3, 5, { seed: 1, dtype }) : Matrix.random(5, 3, { seed: 1, dtype });
        const b = transB ? Matrix.random(4, 3, { seed: 2, dtype }) : Matrix.random(3, 4, { seed: 2, dtype });
        check(a, b, matmul(a, b, { transA, transB }), transA, transB);
      });
    }
    it(`${dtype} empty shapes: 0×3 · 3×2 is 0×2 and 2×0 · 0×3 is a 2×3 of zeros`, () => {
      const e = matmul(Matrix.zeros(0, 3, dtype), Matrix.random(3, 2, { dtype }));
      assert.deepStrictEqual([e.rows, e.cols], [0, 2]);
      const z = matmul(Matrix.zeros(2, 0, dtype), Matrix.zeros(0, 3, dtype));
      assert.deepStrictEqual(z.toArray(), [[0, 0, 0], [0, 0, 0]]);
    });
    it(`${dtype} out: writes into the given matrix and returns it`, () => {
      const a = Matrix.random(6, 4, { seed: 8, dtype }), b = Matrix.random(4, 5, { seed: 9, dtype });
      const out = Matrix.random(6, 5, { seed: 10, dtype });
      assert.strictEqual(matmul(a, b, { out }), out);
      check(a, b, out);
    });
    it(`${dtype} matmulAsync equals matmul`, async () => {
      const a = Matrix.random(40, 30, { seed: 3, dtype }), b = Matrix.random(30, 20, { seed: 4, dtype });
      const got = await matmulAsync(a, b, { transB: false });
      assert.deepStrictEqual(Array.from(got.data), Array.from(matmul(a, b).data));
    });
    it(`${dtype} matmulBatched: arrays on both sides, and one side shared`, () => {
      const as = [1, 2, 3].map((s) => Matrix.random(4, 5, { seed: s, dtype }));
      const bs = [4, 5, 6].map((s) => Matrix.random(5, 2, { seed: s, dtype }));
      matmulBatched(as, bs).forEach((c, i) => check(as[i], bs[i], c));
      matmulBatched(as, bs[0]).forEach((c, i) => check(as[i], bs[0], c));
      matmulBatched(as[0], bs, { transA: false }).forEach((c, i) => check(as[0], bs[i], c));
      assert.deepStrictEqual(matmulBatched([], []), []);
    });
  }
});

forEachBackend('matmulAsync refuses the values matmul refuses, with its messages (the native backend checks on its worker)', () => {
  const nanAt = (rows: number, cols: number, at: number, dtype: DType = 'float64') => {
    const m = Matrix.random(rows, cols, { seed: at, dtype });
    m.data[at] = NaN;
    return m;
  };
  const cases: [string, () => Promise<Matrix>, RegExp][] = [
    ['NaN in a', () => matmulAsync(new Matrix(1, 1, new Float64Array([NaN])), Matrix.from([[1]])), /^matmulAsync: expected finite values in a but received NaN at \[0, 0\]$/],
    ['-Infinity in b', () => matmulAsync(Matrix.from([[1]]), new Matrix(1, 2, new Float64Array([1, -Infinity]))), /^matmulAsync: expected finite values in b but received -Infinity at \[0, 1\]$/],
    ['NaN deep in a large float32 b', () => matmulAsync(Matrix.random(200, 200, { dtype: 'float32' }), nanAt(200, 200, 150 * 200 + 7, 'float32')), /^matmulAsync: expected finite values in b but received NaN at \[150, 7\]$/],
    ['NaN in a transposed a (the position is in a as stored)', () => matmulAsync(nanAt(30, 20, 29 * 20 + 3), Matrix.random(30, 5), { transA: true }), /^matmulAsync: expected finite values in a but received NaN at \[29, 3\]$/],
    ['NaN in b of an empty product', () => matmulAsync(Matrix.zeros(0, 2), new Matrix(2, 1, new Float64Array([1, NaN]))), /^matmulAsync: expected finite values in b but received NaN at \[1, 0\]$/],
    ['a product that overflows', () => matmulAsync(Matrix.from([[1e200, 1]]), Matrix.from([[1e200], [1]])), /^matmulAsync: the product overflowed the float64 range at \[0, 0\]; scale the operands down$/],
    ['a float32 product that overflows at [1, 2]', () => matmulAsync(Matrix.from([[1], [1e30]], 'float32'), Matrix.from([[1, 1, 1e30]], 'float32')), /^matmulAsync: the product overflowed the float32 range at \[1, 2\]; scale the operands down$/],
  ];
  for (const [what, call, message] of cases) {
    it(`${what}: rejects (it does not throw) with ERR_ATTNSIM_NON_FINITE`, () => assertRejects(call(), message, 'ERR_ATTNSIM_NON_FINITE', RangeError));
  }
  it('a NaN operand leaves a given out unwritten', async () => {
    const out = Matrix.from([[7]]);
    await assertRejects(matmulAsync(new Matrix(1, 1, new Float64Array([NaN])), Matrix.from([[1]]), { out }), /expected finite values in a/);
    assert.strictEqual(out.get(0, 0), 7);
  });
});

describe('matmul rejects bad input with a message that names the problem', () => {
  const a = Matrix.from([[1, 2, 3]]), b = Matrix.from([[1], [2]]);
  const cases: [string, () => unknown, RegExp, string][] = [
    ['inner sizes differ', () => matmul(a, b), /^matmul: expected a\.cols \(3\) to equal b\.rows \(2\)$/, 'ERR_ATTNSIM_SHAPE'],
    ['inner sizes differ under transA', () => matmul(a, b, { transA: true }), /^matmul: expected a\.rows \(1\) to equal b\.rows \(2\)$/, 'ERR_ATTNSIM_SHAPE'],
    ['a is not a Matrix', () => matmul([[1]] as never, b), /^matmul: expected a Matrix for a but received an array of length 1 \(object\)$/, 'ERR_ATTNSIM_ARGUMENT'],
    ['mixed dtypes', () => matmul(a, Matrix.zeros(3, 1, 'float32')), /^matmul: expected float64 values like a for b but received a 3×1 float32 Matrix \(object\)$/, 'ERR_ATTNSIM_DTYPE'],
    ['NaN entry', () => matmul(new Matrix(1, 1, new Float64Array([NaN])), Matrix.from([[1]])), /^matmul: expected finite values in a but received NaN at \[0, 0\]$/, 'ERR_ATTNSIM_NON_FINITE'],
    ['Infinity entry', () => matmul(Matrix.from([[1]]), new Matrix(1, 2, new Float64Array([1, -Infinity]))), /^matmul: expected finite values in b but received -Infinity at \[0, 1\]$/, 'ERR_ATTNSIM_NON_FINITE'],
    ['NaN deep in a large operand (found by the backend scan)', () => { const big = Matrix.random(40, 40); big.data[37 * 40 + 5] = NaN; return matmul(big, big); }, /^matmul: expected finite values in a but received NaN at \[37, 5\]$/, 'ERR_ATTNSIM_NON_FINITE'],
    ['Infinity in a facing a row of zeros in b (its products are NaN, so the scan after the GEMM still finds it)',
      () => matmul(new Matrix(1, 2, new Float64Array([Infinity, 1])), Matrix.from([[0, 0], [1, 1]])),
      /^matmul: expected finite values in a but received Infinity at \[0, 0\]$/, 'ERR_ATTNSIM_NON_FINITE'],
    ['NaN in b of an empty product (nothing to show it, so the operands are scanned)',
      () => matmul(Matrix.zeros(0, 2), new Matrix(2, 1, new Float64Array([1, NaN]))),
      /^matmul: expected finite values in b but received NaN at \[1, 0\]$/, 'ERR_ATTNSIM_NON_FINITE'],
    ['NaN deep in a large float32 b', () => {
      const big = Matrix.random(200, 200, { dtype: 'float32' });
      big.data[150 * 200 + 7] = NaN;
      return matmul(Matrix.random(200, 200, { dtype: 'float32' }), big);
    }, /^matmul: expected finite values in b but received NaN at \[150, 7\]$/, 'ERR_ATTNSIM_NON_FINITE'],
    ['misspelt option', () => matmul(a, a, { transposeB: true } as never), /^matmul: expected one of the options transA, transB, out for option 'transposeB'/, 'ERR_ATTNSIM_ARGUMENT'],
    ['non-boolean option', () => matmul(a, a, { transB: 1 } as never), /^matmul: expected a boolean for transB but received 1 \(number\)$/, 'ERR_ATTNSIM_ARGUMENT'],
    ['out of the wrong shape', () => matmul(a, Matrix.zeros(3, 2), { out: Matrix.zeros(2, 2) }), /^matmul: expected out to be 1×2 but received a 2×2 float64 Matrix$/, 'ERR_ATTNSIM_SHAPE'],
    ['out of another dtype', () => matmul(a, Matrix.zeros(3, 2), { out: Matrix.zeros(1, 2, 'float32') }), /^matmul: expected float64 values like a for out but received a 1×2 float32 Matrix \(object\)$/, 'ERR_ATTNSIM_DTYPE'],
    ['out sharing memory with an operand', () => { const m = Matrix.zeros(2, 2); return matmul(m, Matrix.zeros(2, 2), { out: new Matrix(2, 2, m.data) }); }, /^matmul: expected out to share no memory with a$/, 'ERR_ATTNSIM_ARGUMENT'],
    ['out for matmulBatched', () => matmulBatched([a], [b], { out: a } as never), /^matmulBatched: expected one of the options transA, transB for option 'out'/, 'ERR_ATTNSIM_ARGUMENT'],
    ['batch lengths differ', () => matmulBatched([a, a], [b]), /^matmulBatched: expected a\.length \(2\) to equal b\.length \(1\)$/, 'ERR_ATTNSIM_SHAPE'],
    ['batch shapes differ', () => matmulBatched([Matrix.zeros(1, 2), Matrix.zeros(2, 2)], Matrix.zeros(2, 1)), /^matmulBatched: expected a\[1\] \(a 2×2 float64 Matrix\) to match a\[0\] \(a 1×2 float64 Matrix\)$/, 'ERR_ATTNSIM_SHAPE'],
    ['a product that overflows', () => matmul(Matrix.from([[1e200, 1]]), Matrix.from([[1e200], [1]])), /^matmul: the product overflowed the float64 range at \[0, 0\]; scale the operands down$/, 'ERR_ATTNSIM_NON_FINITE'],
    ['a float32 product that overflows', () => matmul(Matrix.from([[1e30]], 'float32'), Matrix.from([[1e30]], 'float32')), /^matmul: the product overflowed the float32 range at \[0, 0\]/, 'ERR_ATTNSIM_NON_FINITE'],
    ['a product with more than 2^31 − 1 entries', () => matmul(Matrix.zeros(100000, 1), Matrix.zeros(1, 100000)), /^matmul: the 100000×100000 product needs 74\.5 GiB/, 'ERR_ATTNSIM_TOO_LARGE'],
  ];
  for (const [what, call, message, code] of cases) {
    it(what, () => assertThrows(call, message, code));
  }
  it('leaves a given out untouched when an operand holds NaN (operands are checked before out is written)', () => {
    const out = Matrix.from([[7]]);
    assertThrows(() => matmul(new Matrix(1, 1, new Float64Array([NaN])), Matrix.from([[1]]), { out }), /expected finite values in a/);
    assert.strictEqual(out.get(0, 0), 7);
  });
  it('matmulAsync throws at once (not a rejection) for a shape mismatch', () => {
    assertThrows(() => matmulAsync(a, b), /^matmulAsync: expected a\.cols \(3\) to equal b\.rows \(2\)/);
  });
});

forEachBackend('matmulAsync in a server: buffers detached while it runs, calls in flight together', (name) => {
  const transfer = (m: Matrix) => structuredClone(m.data.buffer, { transfer: [m.data.buffer as ArrayBuffer] });
  it('rejects with ERR_ATTNSIM_ARGUMENT, naming out, when out is detached while it runs', async () => {
    const x = Matrix.random(64, 64), out = Matrix.zeros(64, 64);
    const pending = matmulAsync(x, x, { out });
    transfer(out);
    await assert.rejects(pending, (e: Error & { code?: string }) => e.code === 'ERR_ATTNSIM_ARGUMENT' &&
      e.message === 'matmulAsync: out was detached or resized while the call ran; the result was discarded');
  });
  it(name === 'native' ? 'an operand transferred away while it runs is still read as it was (its memory is held)'
    : 'an operand transferred away before the loops run is refused with ERR_ATTNSIM_ARGUMENT', async () => {
    const a = Matrix.random(64, 48, { seed: 1 }), b = Matrix.random(48, 32, { seed: 2 }), want = matmul(a, b);
    const pending = matmulAsync(a, b);
    transfer(a);
    if (name === 'native') assert.deepStrictEqual((await pending).data, want.data);
    else await assertRejects(pending, /^matmulAsync: expected a's data to hold 64·48 values but it holds 0 \(its buffer was detached or resized\)$/, 'ERR_ATTNSIM_ARGUMENT');
  });
  it('eight calls in flight together each give matmul\'s product', async () => {
    const pairs = Array.from({ length: 8 }, (_, i) => [Matrix.random(90 + i, 70, { seed: i }), Matrix.random(70, 50, { seed: 20 + i })]);
    const got = await Promise.all(pairs.map(([a, b]) => matmulAsync(a, b)));
    got.forEach((c, i) => assert.deepStrictEqual(c.data, matmul(pairs[i][0], pairs[i][1]).data));
  });
});
