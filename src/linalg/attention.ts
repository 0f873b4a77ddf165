/** attention and attentionAsync: direct multi-head scaled dot-product attention on the current backend. */
import { assertRange, checkBoolean, checkFiniteNumber, checkFloat32, checkInteger, checkOptions } from '../check';
import { checkMemory } from '../budget';
import { AttentionArgs } from '../backend/backend';
import { runKernel, runKernelAsync } from '../backend/run_kernel';
import { backend } from '../backend/select';
import { TooLargeError } from '../errors';
import { allocMatrix, checkFiniteResult, checkMatrix, checkSameDType, Matrix } from './matrix';

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
 */
export function checkAttention(fn: string, input: AttentionInput): CheckedAttention {
  const o = checkOptions<AttentionInput>(fn, input, keys);
  const x = checkMatrix(fn, 'x', o.x), wq = checkMatrix(fn, 'wq', o.wq), wk = checkMatrix(fn, 'wk', o.wk);
  const wv = checkMatrix(fn, 'wv', o.wv), wo = o.wo === undefined ? null : checkMatrix(fn, 'wo', o.wo);
  for (const [name, m] of [['wq', wq], ['wk', wk], ['wv', wv], ['wo', wo]] as const) if (m) checkSameDType(fn, 'x', x, name, m);
  const n = x.rows, dIn = x.cols, dModel = wq.cols, dV = wv.cols;
  if (n > MAX_ATTENTION_TOKENS) {
    throw new TooLargeError(`${fn}: expected x to have at most 1048576 rows (tokens, 2^20) but received ${n}: its n² ` +
      'attention scores would take hours', n, MAX_ATTENTION_TOKENS);
  }
  expectShape(fn, 'wq', wq, dIn, dModel, 'x.cols', 'wq.cols');
  expectShape(fn, 'wk', wk, dIn, dModel, 'x.cols', 'wq.cols');
  expectShape(fn, 'wv', wv, dIn, dV, 'x.cols', 'wv.cols');
  if (wo) expectShape(fn, 'wo', wo, dV, wo.cols, 'wv.cols', 'wo.cols');
  const heads = checkInteger(fn, 'heads', o.heads ?? 1, 1, 2 ** 31 - 1);
  assertRange(dModel % heads === 0 && dV % heads === 0, fn,
    () => `expected heads (${heads}) to divide dModel = wq.cols (${dModel}) and dV = wv.cols (${dV})`, 'ERR_ATTNSIM_SHAPE');
  const most = Math.max(1, dModel, dV);
  assertRange(heads <= most, fn, () => `expected heads (${heads}) to be at most max(1, dModel, dV) (${most})`,
    'ERR_ATTNSIM_SHAPE');
  const causal = checkBoolean(fn, 'causal', o.causal ?? false);
  const scale = checkFiniteNumber(fn, 'scale', o.scale ?? (dModel === 0 ? 1 : 1 / Math.sqrt(dModel / heads)));
  if (x.dtype === 'float32') checkFloat32(fn, 'scale', scale);
  return { x, wq, wk, wv, wo, n, dIn, dModel, dV, dOut: wo ? wo.cols : dV, heads, causal, scale };
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
 * kernel is fused: it holds the output, Q, Kᵀ (keys padded to a tile), V and the per-head outputs in the inputs' dtype,
 * never an n×n score matrix. The fallback computes in float64 with one n×n score matrix and per-head copies. An async
 * call adds copies of its arrays.
 */
export function attentionBytes(c: CheckedAttention, backendName: string, async: boolean): { bytes: number; what: string } {
  const { n, dModel, dV, dOut } = c;
  const copies = async ? [c.x, c.wq, c.wk, c.wv, c.wo].reduce((sum, m) => sum + (m ? m.data.length : 0), n * dOut) : 0;
  if (backendName === 'native') {
    const padded = n + 64, width = c.x.dtype === 'float32' ? 4 : 8;
    const entries = n * dOut + n * dModel + padded * dModel + padded * dV + (c.wo ? n * dV : 0) + copies;
    return { bytes: entries * width, what: 'the attention\'s projections (Q, K, V) and output' };
  }
  return { bytes: (n * dOut + 3 * n * dModel + 3 * n * dV + n * n + copies) * 8, what: `the ${n}×${n} attention scores and the projections` };
}

function prepare(fn: string, input: AttentionInput, async = false): { args: AttentionArgs; out: Matrix } {
  const c = checkAttention(fn, input);
  const { bytes, what } = attentionBytes(c, backend().name, async);
  checkMemory(fn, what, bytes);
  const out = allocMatrix(fn, c.n, c.dOut, c.x.dtype);
  const args: AttentionArgs = {
    x: c.x.data, wq: c.wq.data, wk: c.wk.data, wv: c.wv.data, wo: c.wo ? c.wo.data : null, out: out.data,
    n: c.n, dIn: c.dIn, dModel: c.dModel, dV: c.dV, dOut: c.dOut, heads: c.heads, causal: c.causal, scale: c.scale,
  };
  return { args, out };
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
  const { args, out } = prepare('attention', input);
  runKernel('attention', () => backend().attention(args));
  return checkFiniteResult('attention', 'the output', out, overflowAdvice);
}

/**
 * attention off the main thread (on the native backend). Arguments are checked at once; do not
 * modify the matrices until the promise settles.
 * @example const y = await attentionAsync({ x, wq, wk, wv, heads: 8 });
 */
export function attentionAsync(input: AttentionInput): Promise<Matrix> {
  const { args, out } = prepare('attentionAsync', input, true);
  return runKernelAsync('attentionAsync', () => backend().attentionAsync(args))
    .then(() => checkFiniteResult('attentionAsync', 'the output', out, overflowAdvice));
}
