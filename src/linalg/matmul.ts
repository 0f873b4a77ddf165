/** matmul and matmulAsync: op(a)·op(b) on the current backend. */
import { assertRange, checkBoolean, checkOptions, invalidRange, invalidType } from '../check';
import { checkMemory } from '../budget';
import { GemmArgs } from '../backend/backend';
import { runKernel, runKernelAsync } from '../backend/run_kernel';
import { backend } from '../backend/select';
import {
  allocData, allocMatrix, bytesPerEntry, checkFiniteResult, checkMatrix, checkMatrixObject, checkSameDType, DType,
  firstNonFinite, Matrix, overflowed,
} from './matrix';

/** Options of matmul: transpose either operand first; write into an existing matrix. */
export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
  /** An m×n matrix of the operands' dtype to write the product into (it must not share memory with a or b). */
  out?: Matrix;
}

/** What to do when a product overflows. */
const overflowAdvice = 'scale the operands down';

/** A GEMM set up: its arguments, its output, and whether the operands' values are still to be checked (deferred). */
interface Prepared {
  args: GemmArgs;
  out: Matrix;
  deferred: boolean;
}

/**
 * Checks the operands and sets up the GEMM that computes op(a)·op(b) into a new matrix (or `out`).
 * The memory held against the budget is the new output (an async call works on its arrays' own memory).
 * With `defer` (sync calls), a fresh output on the native backend leaves the NaN/±Infinity scan of the operands to
 * checkProduct: OpenBLAS multiplies every entry (no zero skipped), so a non-finite operand entry makes its whole row
 * or column of the product non-finite, and the operands are scanned only when the product is (or is empty).
 * With `async`, the values are left to matmulAsync, so that they reject rather than throw (the native worker, given a
 * fresh output, defers the operands' scan the same way).
 * A given `out` is never written before the operands are checked.
 */
function prepare(fn: string, a: Matrix, b: Matrix, opts: MatmulOptions | undefined,
  mode: 'defer' | 'async' | 'check'): Prepared {
  checkMatrixObject(fn, 'a', a);
  checkMatrixObject(fn, 'b', b);
  const o = checkOptions<MatmulOptions>(fn, opts, ['transA', 'transB', 'out']);
  const deferred = mode === 'defer' && o.out === undefined && /^OpenBLAS/.test(backend().blas ?? '');
  if (!deferred && mode !== 'async') {
    checkMatrix(fn, 'a', a);
    checkMatrix(fn, 'b', b);
  }
  const transA = checkBoolean(fn, 'transA', o.transA ?? false);
  const transB = checkBoolean(fn, 'transB', o.transB ?? false);
  const dtype = checkSameDType(fn, 'a', a, 'b', b);
  const [m, k] = transA ? [a.cols, a.rows] : [a.rows, a.cols];
  const [kb, n] = transB ? [b.cols, b.rows] : [b.rows, b.cols];
  const nameK = transA ? 'a.rows' : 'a.cols', nameKb = transB ? 'b.cols' : 'b.rows';
  assertRange(k === kb, fn, () => `expected ${nameK} (${k}) to equal ${nameKb} (${kb})`, 'ERR_ATTNSIM_SHAPE');
  checkMemory(fn, `the ${m}×${n} product`, (o.out === undefined ? m * n : 0) * bytesPerEntry(dtype));
  // The native GEMM writes every entry of its output (beta = 0), so a fresh one need not be zero-filled first.
  const fill = backend().name === 'native' ? 'none' : 'zeros';
  const out = o.out === undefined ? allocMatrix(fn, m, n, dtype, fill) : checkOut(fn, o.out, m, n, a, b);
  const fresh = o.out === undefined;
  return { args: { a: a.data, b: b.data, c: out.data, m, n, k, transA, transB, alpha: 1, beta: 0, fresh }, out, deferred };
}

/** The product, once its entries (and, if deferred, the operands' values) are checked: the errors prepare would give. */
function checkProduct(fn: string, a: Matrix, b: Matrix, { out, deferred }: Prepared): Matrix {
  const bad = firstNonFinite(out.data);
  if (deferred && (bad >= 0 || out.data.length === 0)) {
    checkMatrix(fn, 'a', a);
    checkMatrix(fn, 'b', b);
  }
  if (bad >= 0) throw overflowed(fn, 'the product', out, bad, overflowAdvice);
  return out;
}

/** The `out` option: a Matrix of the product's shape and dtype that overlaps neither operand. */
function checkOut(fn: string, out: unknown, m: number, n: number, a: Matrix, b: Matrix): Matrix {
  if (!(out instanceof Matrix)) throw invalidType(fn, 'out', 'a Matrix', out);
  checkSameDType(fn, 'a', a, 'out', out);
  assertRange(out.rows === m && out.cols === n, fn, () => `expected out to be ${m}×${n} but received ${out.describe()}`, 'ERR_ATTNSIM_SHAPE');
  for (const [name, operand] of [['a', a], ['b', b]] as const) {
    assertRange(!overlaps(out.data, operand.data), fn, () => `expected out to share no memory with ${name}`);
  }
  return out;
}

function overlaps(x: ArrayBufferView, y: ArrayBufferView): boolean {
  return x.buffer === y.buffer && x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}

/**
 * The matrix product op(a)·op(b), in the operands' dtype.
 * @param a an m×k matrix (k×m with transA).
 * @param b a k×n matrix (n×k with transB), of a's dtype.
 * @param opts `{ transA?, transB?, out? }`: use the transpose of an operand; write into `out` instead of a new matrix.
 * @returns a new m×n matrix, or `out`.
 * @throws {ArgumentTypeError} for a non-Matrix or mixed dtypes; {ArgumentRangeError} for a shape mismatch, non-finite
 * entries or a product that overflows (ERR_ATTNSIM_NON_FINITE); {TooLargeError} when it exceeds the memory budget.
 * @example matmul(Matrix.from([[1, 2]]), Matrix.from([[3], [4]])).toArray(); // [[11]]
 */
export function matmul(a: Matrix, b: Matrix, opts?: MatmulOptions): Matrix {
  const prepared = prepare('matmul', a, b, opts, 'defer');
  runKernel('matmul', () => backend().gemm(prepared.args));
  return checkProduct('matmul', a, b, prepared);
}

/**
 * matmul off the main thread (on the native backend): the event loop stays free while it runs. The operands are
 * not copied (their memory is held for the call) and their values, like the product's, are checked on the worker:
 * a and b before the product when `out` is given (which a bad operand leaves unwritten), else, as in matmul, only
 * when the product is not finite.
 * Shapes and types are checked at once (a bad call throws); NaN/±Infinity in a or b and an overflowed product
 * reject, with matmul's messages. Do not modify a or b until it settles.
 * @example const c = await matmulAsync(Matrix.random(512, 512), Matrix.random(512, 512));
 */
export function matmulAsync(a: Matrix, b: Matrix, opts?: MatmulOptions): Promise<Matrix> {
  const fn = 'matmulAsync', { args, out } = prepare(fn, a, b, opts, 'async');
  const run = () => runKernelAsync(fn, () => backend().gemmAsync(args), { c: 'out' });
  if (backend().asyncChecksValues) return run().then(() => out);
  return Promise.resolve().then(() => {
    checkMatrix(fn, 'a', a);
    checkMatrix(fn, 'b', b);
    return run();
  }).then(() => checkFiniteResult(fn, 'the product', out, overflowAdvice));
}

/**
 * The products op(a[i])·op(b[i]) of equally shaped pairs, as one strided batched GEMM.
 * Either side may be a single Matrix, used with every matrix of the other side.
 * @returns one m×n matrix per pair.
 * @throws {ArgumentRangeError} when the matrices of a side differ in shape or the batch sizes differ.
 * @example matmulBatched([a1, a2], w); // [a1·w, a2·w]
 */
export function matmulBatched(a: Matrix | Matrix[], b: Matrix | Matrix[], opts?: MatmulOptions): Matrix[] {
  const fn = 'matmulBatched';
  const batch = batchSize(fn, a, b);
  if (batch === 0) return [];
  const o = checkOptions<Omit<MatmulOptions, 'out'>>(fn, opts, ['transA', 'transB']);
  const { args, out } = prepare(fn, Array.isArray(a) ? a[0] : a, Array.isArray(b) ? b[0] : b, o, 'check');
  const size = args.m * args.n;
  const packed = (side: Matrix | Matrix[]) => (Array.isArray(side) ? side.length * side[0].data.length : 0);
  const entries = batch * size + packed(a) + packed(b);
  checkMemory(fn, `${batch} products of ${args.m}×${args.n}`, entries * bytesPerEntry(out.dtype));
  const packedA = pack(fn, 'a', a), packedB = pack(fn, 'b', b);
  const c = allocData(fn, `${batch} products of ${args.m}×${args.n}`, batch * size, out.dtype);
  runKernel(fn, () => backend().gemmBatched({ ...args, a: packedA.data, b: packedB.data, c, batch,
    strideA: packedA.stride, strideB: packedB.stride, strideC: size }));
  const bad = firstNonFinite(c);
  if (bad >= 0) {
    const k = bad % size;
    throw invalidRange(fn, `product ${Math.floor(bad / size)} overflowed the ${out.dtype} range at ` +
      `[${Math.floor(k / args.n)}, ${k % args.n}]; ${overflowAdvice}`, 'ERR_ATTNSIM_NON_FINITE');
  }
  return Array.from({ length: batch }, (_, i) => new Matrix(args.m, args.n, c.subarray(i * size, (i + 1) * size)));
}

/** The number of products: the length of the array side(s), or 1 for two single matrices. */
function batchSize(fn: string, a: Matrix | Matrix[], b: Matrix | Matrix[]): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    assertRange(a.length === b.length, fn, () => `expected a.length (${a.length}) to equal b.length (${b.length})`, 'ERR_ATTNSIM_SHAPE');
  }
  return Array.isArray(a) ? a.length : Array.isArray(b) ? b.length : 1;
}

/** One operand side as a contiguous buffer: a single matrix at stride 0, or an array packed back to back. */
function pack(fn: string, name: string, side: Matrix | Matrix[]): { data: Float32Array | Float64Array; stride: number } {
  if (!Array.isArray(side)) return { data: side.data, stride: 0 };
  const head = side[0], size = head.data.length;
  checkMatrix(fn, `${name}[0]`, head);
  const data = allocData(fn, `the ${side.length} matrices of ${name}`, side.length * size, head.dtype as DType);
  side.forEach((m, i) => {
    checkMatrix(fn, `${name}[${i}]`, m);
    assertRange(m.rows === head.rows && m.cols === head.cols && m.dtype === head.dtype, fn,
      () => `expected ${name}[${i}] (${m.describe()}) to match ${name}[0] (${head.describe()})`, 'ERR_ATTNSIM_SHAPE');
    data.set(m.data, i * size);
  });
  return { data, stride: size };
}
