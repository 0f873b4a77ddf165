/** attention and attentionAsync: direct multi-head scaled dot-product attention on the current backend. */
import { assertRange, checkBoolean, checkFiniteNumber, checkFloat32, checkInteger, checkOptions } from '../check';
import { checkMemory } from '../budget';
import { AttentionArgs, Floats } from '../backend/backend';
import { runKernel, runKernelAsync } from '../backend/run_kernel';
import { backend } from '../backend/select';
import { TooLargeError } from '../errors';
import { allocMatrix, checkFiniteResult, checkMatrix, checkMatrixObject, checkSameDType, Matrix } from './matrix';

/**
 * One attention instance: input x (n×dIn), projections wq and wk (dIn×dModel), wv (dIn×dV) and an
 * optional output projection wo (dV×dOut).
 */
export interface AttentionInput {
  x: Matrix;
  wq: Matrix;
  wk: Matrix;
  wv: Matrix;
  wo?: Matrix;
  /** How many heads split dModel and dV into equal parts (default 1). */
  heads?: number;
  /** Mask out keys after each query (default false). */
  causal?: boolean;
  /** The score scale (default 1/√(dModel/heads)). */
  scale?: number;
}

const keys = ['x', 'wq', 'wk', 'wv', 'wo', 'heads', 'causal', 'scale'] as const;

/** A checked attention instance: its matrices and every size, ready for any implementation. */
export interface CheckedAttention {
  x: Matrix; wq: Matrix; wk: Matrix; wv: Matrix; wo: Matrix | null;
  n: number; dIn: number; dModel: number; dV: number; dOut: number; heads: number;
  causal: boolean; scale: number;
}

/**
 * Checks an attention instance (shapes, dtypes, finiteness, heads, scale) and settles the defaults.
 * Every implementation of attention (native, fallback, tfjs oracle, simulator) reads its input through this.
 * With values 'later', the scan of the matrices for NaN/±Infinity is left to the caller (an async kernel's worker).
 */
export function checkAttention(fn: string, input: AttentionInput, values: 'scan' | 'later' = 'scan'): CheckedAttention {
  const o = checkOptions<AttentionInput>(fn, input, keys);
  const matrix = values === 'scan' ? checkMatrix : checkMatrixObject;
  const x = matrix(fn, 'x', o.x);
  checkTokens(fn, 'x', x.rows);
  return { x, n: x.rows, ...checkAttentionWeights(fn, o, { name: 'x', m: x, dIn: x.cols, dInFrom: 'x.cols' }, matrix) };
}

/** Attention's weights and options, checked, with the sizes they settle (everything of CheckedAttention but x and n). */
export type CheckedWeights = Omit<CheckedAttention, 'x' | 'n'>;

/**
 * Checks the weights and options of an attention instance (shapes, dtypes, heads, scale) against `ref`, the matrix
 * that fixes their dtype and dIn (x, or wq for a layer whose inputs come later), and settles the defaults.
 */
export function checkAttentionWeights(fn: string, o: Partial<AttentionInput>, ref: { name: string; m: Matrix; dIn: number; dInFrom: string },
  matrix: (fn: string, name: string, value: unknown) => Matrix): CheckedWeights {
  const wq = matrix(fn, 'wq', o.wq), wk = matrix(fn, 'wk', o.wk);
  const wv = matrix(fn, 'wv', o.wv), wo = o.wo === undefined ? null : matrix(fn, 'wo', o.wo);
  for (const [name, m] of [['wq', wq], ['wk', wk], ['wv', wv], ['wo', wo]] as const) {
    if (m && m !== ref.m) checkSameDType(fn, ref.name, ref.m, name, m);
  }
  const dIn = ref.dIn, dModel = wq.cols, dV = wv.cols;
  expectShape(fn, 'wq', wq, dIn, dModel, ref.dInFrom, 'wq.cols');
  expectShape(fn, 'wk', wk, dIn, dModel, ref.dInFrom, 'wq.cols');
  expectShape(fn, 'wv', wv, dIn, dV, ref.dInFrom, 'wv.cols');
  if (wo) expectShape(fn, 'wo', wo, dV, wo.cols, 'wv.cols', 'wo.cols');
  const heads = checkInteger(fn, 'heads', o.heads ?? 1, 1, 2 ** 31 - 1);
  assertRange(dModel % heads === 0 && dV % heads === 0, fn,
    () => `expected heads (${heads}) to divide dModel = wq.cols (${dModel}) and dV = wv.cols (${dV})`, 'ERR_ATTNSIM_SHAPE');
  const most = Math.max(1, dModel, dV);
  assertRange(heads <= most, fn, () => `expected heads (${heads}) to be at most max(1, dModel, dV) (${most})`,
    'ERR_ATTNSIM_SHAPE');
  const causal = checkBoolean(fn, 'causal', o.causal ?? false);
  const scale = checkFiniteNumber(fn, 'scale', o.scale ?? (dModel === 0 ? 1 : 1 / Math.sqrt(dModel / heads)));
  if (ref.m.dtype === 'float32') checkFloat32(fn, 'scale', scale);
  return { wq, wk, wv, wo, dIn, dModel, dV, dOut: wo ? wo.cols : dV, heads, causal, scale };
}

/** Refuses more than MAX_ATTENTION_TOKENS rows in the input called `name`. */
export function checkTokens(fn: string, name: string, n: number): void {
  if (n > MAX_ATTENTION_TOKENS) {
    throw new TooLargeError(`${fn}: expected ${name} to have at most 1048576 rows (tokens, 2^20) but received ${n}: its n² ` +
      'attention scores would take hours', n, MAX_ATTENTION_TOKENS);
  }
}

/** What to do when the output overflows. */
const overflowAdvice = 'scale the inputs down';

function expectShape(fn: string, name: string, m: Matrix, rows: number, cols: number, rowsFrom: string, colsFrom: string): void {
  assertRange(m.rows === rows && m.cols === cols, fn,
    () => `expected ${name} to be ${rows}×${cols} (${rowsFrom} × ${colsFrom}) but received ${m.describe()}`, 'ERR_ATTNSIM_SHAPE');
}

/** The most tokens (rows of x) one attention call takes, on every backend: its n² scores already take about an hour. */
export const MAX_ATTENTION_TOKENS = 2 ** 20;

/**
 * What direct attention allocates, in bytes, on the named backend, and what that is in the user's terms. The native
 * kernel is fused: it holds the output, the projections [Q | K | V], the packed weights of one product at a time, K and
 * V packed per head (keys and head columns padded to its registers: at most as the AVX-512 build pads them) and the
 * per-head outputs in the
 * inputs' dtype, never an n×n score matrix. The fallback computes in float64 with one n×n score matrix and per-head
 * copies. An async call works on its arrays' own memory (no copies).
 */
export function attentionBytes(c: CheckedAttention, backendName: string): { bytes: number; what: string } {
  const { n, dIn, dModel, dV, dOut, heads } = c;
  if (backendName === 'native') {
    // The AVX-512 kernel's layout (native/attention_kernel.h), at least what the 256-bit kernels take: V packed two
    // keys a row when a head's values fill at most half a register.
    const width = c.x.dtype === 'float32' ? 4 : 8, lanes = 64 / width, dvh = dV / heads;
    const group = dvh > 0 && 2 * dvh <= lanes ? 2 : 1;
    const keys = Math.ceil(n / (2 * lanes)) * 2 * lanes, dvp = Math.ceil((group * dvh) / lanes) * lanes;
    const packedV = heads * Math.ceil(n / group) * dvp;
    // The projections' weights, packed one product at a time: in float32 (on AVX-512) columns padded to strips of 32;
    // in float64 (and at most as much in float32 elsewhere) wq, wk and wv side by side, wo read as it is.
    const strips = (cols: number, rows: number) => Math.ceil(cols / 32) * 32 * rows;
    const packedW = width === 4 ? Math.max(strips(2 * dModel + dV, dIn), c.wo ? strips(dOut, dV) : 0) : (2 * dModel + dV) * dIn;
    const entries = n * dOut + n * (2 * dModel + dV) + packedW + keys * dModel + packedV + (c.wo ? n * dV : 0);
    return { bytes: entries * width, what: 'the attention\'s projections (Q, K, V) and output' };
  }
  return { bytes: (n * dOut + 3 * n * dModel + 3 * n * dV + n * n) * 8, what: `the ${n}×${n} attention scores and the projections` };
}

/**
 * The output and the backend's arguments of a checked instance, once its memory is checked against the budget;
 * `packed`: its weights as the backend's packAttention packed them (an attention layer's), or null.
 */
function prepare(fn: string, c: CheckedAttention, packed: Floats | null): { args: AttentionArgs; out: Matrix } {
  const { bytes, what } = attentionBytes(c, backend().name);
  checkMemory(fn, what, bytes);
  // The native kernel writes every entry of its output, so a fresh one need not be zero-filled first.
  const out = allocMatrix(fn, c.n, c.dOut, c.x.dtype, backend().name === 'native' ? 'none' : 'zeros');
  const args: AttentionArgs = {
    x: c.x.data, wq: c.wq.data, wk: c.wk.data, wv: c.wv.data, wo: c.wo ? c.wo.data : null, out: out.data,
    n: c.n, dIn: c.dIn, dModel: c.dModel, dV: c.dV, dOut: c.dOut, heads: c.heads, causal: c.causal, scale: c.scale, packed,
  };
  return { args, out };
}

/** Runs a checked instance on the current backend (what attention and AttentionLayer.forward share; see prepare). */
export function runAttention(fn: string, c: CheckedAttention, packed: Floats | null = null): Matrix {
  const { args, out } = prepare(fn, c, packed);
  runKernel(fn, () => backend().attention(args));
  return checkFiniteResult(fn, 'the output', out, overflowAdvice);
}

/**
 * Runs an instance checked but for its values off the main thread; `unscanned` are its matrices whose values are still
 * to be checked (the native backend checks every array on its worker instead).
 */
export function runAttentionAsync(fn: string, c: CheckedAttention, unscanned: Record<string, Matrix | null | undefined>,
  packed: Floats | null = null): Promise<Matrix> {
  const { args, out } = prepare(fn, c, packed);
  const run = () => runKernelAsync(fn, () => backend().attentionAsync(args));
  if (backend().asyncChecksValues) return run().then(() => out);
  return Promise.resolve().then(() => {
    for (const [name, m] of Object.entries(unscanned)) {
      if (m) checkMatrix(fn, name, m);
    }
    return run();
  }).then(() => checkFiniteResult(fn, 'the output', out, overflowAdvice));
}

/**
 * Multi-head scaled dot-product attention, computed directly in the inputs' dtype:
 * concat_h(softmax(scale·Q_h·K_hᵀ [+ causal mask])·V_h)·Wo with Q = x·wq, K = x·wk, V = x·wv.
 * @returns the n×dOut output (dOut = wo.cols, or dV without wo).
 * @throws {ArgumentTypeError} for a non-Matrix, mixed dtypes or an unknown option; {ArgumentRangeError} for shapes
 * that do not fit, heads that do not divide, non-finite values, scores or outputs that overflow (ERR_ATTNSIM_NON_FINITE);
 * {TooLargeError} when the work exceeds the memory budget.
 * @example attention({ x: Matrix.random(4, 8), wq: w, wk: w, wv: w, heads: 2 });
 */
export function attention(input: AttentionInput): Matrix {
  return runAttention('attention', checkAttention('attention', input));
}

/**
 * attention off the main thread (on the native backend): the matrices are not copied (their memory is held for the
 * call) and their values, like the output's, are checked on the worker. Shapes and options are checked at once (a
 * bad call throws); NaN/±Infinity in a matrix and an overflow reject, with attention's messages. Do not modify the
 * matrices until the promise settles.
 * @example const y = await attentionAsync({ x, wq, wk, wv, heads: 8 });
 */
export function attentionAsync(input: AttentionInput): Promise<Matrix> {
  const fn = 'attentionAsync', c = checkAttention(fn, input, 'later');
  return runAttentionAsync(fn, c, { x: c.x, wq: c.wq, wk: c.wk, wv: c.wv, wo: c.wo });
}
