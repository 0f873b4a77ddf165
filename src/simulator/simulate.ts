/**
 * The elementary operations alone, each through its own compiled stack (structured executor): simulate.matmul(a, b), …
 * Each takes a last `{ onProgress }` and has an async form run in the simulator's worker thread (simulate.matmulAsync, …).
 */
import { calledAs } from '../called_as';
import { assertRange, checkFiniteNumber, checkOptions, invalidRange } from '../check';
import { EncoderModel } from '../encoder/model';
import { checkMatrix, Matrix } from '../linalg/matrix';
import { decodeMatrix, encodeOperands, Operand, readOperands } from './layout';
import { addProgram, scaleProgram } from './programs/linear';
import { matmulProgram } from './programs/matmul';
import { MatrixSOp } from './programs/matrix';
import { maxminProgram } from './programs/maxmin';
import { reluProgram } from './programs/relu';
import { softmaxProgram } from './programs/softmax';
import { transposeProgram } from './programs/transpose';
import { groupSortProgram, groupSortTokens } from './programs/group_sort';
import { linearAttentionProgram, linearAttentionTokens } from './programs/linear_attention';
import { linformerProgram, linformerTokens } from './programs/linformer';
import { AffineLayer, readLayers } from '../linalg/group_sort';
import { checkPivot, checkSquare } from '../linalg/inverse';
import { inverseProgram, inverseTokens } from './programs/inverse';
import { checkNormalisers, QKV, readQKV } from '../linalg/linear_attention';
import { LinformerInput, readProjections } from '../linalg/linformer';
import { buildStack, runStack } from './stack';
import { MAX_TOKENS } from '../compiler/limits';
import { ProgressCallback } from '../progress';
import { readCallback } from './build';
import { fromPlain, toPlain } from './worker/messages';
import { askWorker } from './worker/pool';

/** The options every simulate.* call takes last. */
export interface SimulateOptions {
  /** Called with { stage, done, total } while the stack builds ('build: compile') and runs ('run: layers'). */
  onProgress?: ProgressCallback;
}

/** An operation's compiled stack: the model, the tokens it runs on, and the result's shape. */
export interface OpStack {
  model: EncoderModel;
  tokens: number;
  rows: number;
  cols: number;
}

/**
 * Compiles `build` for operands of the given shapes (memory checked first); a contraction needs `extraTokens` positions
 * for its products. `fn` is the public function named in errors.
 */
export function opStack(operands: Operand[], build: (m: MatrixSOp[]) => MatrixSOp, extraTokens = 0, fn = 'costTable',
  onProgress?: ProgressCallback): OpStack {
  const { matrices, length } = readOperands(operands);
  const out = build(matrices);
  const tokens = Math.max(length, out.rows * out.cols, extraTokens);
  const what = operands.map((o) => `${o.rows}×${o.cols}`).join(' and ');
  return { model: buildStack(fn, what, out.sop, tokens, { onProgress }), tokens, rows: out.rows, cols: out.cols };
}

/** Compiles the operation for the matrices' shapes, runs it on them, and decodes the result. */
function simulateOp(fn: string, operands: Matrix[], build: (m: MatrixSOp[]) => MatrixSOp, extraTokens = 0,
  opts?: SimulateOptions): Matrix {
  return calledAs(fn, () => {
    const onProgress = readCallback(fn, checkOptions<SimulateOptions>(fn, opts, ['onProgress']).onProgress);
    operands.forEach((m, i) => checkMatrix(fn, operands.length === 1 ? 'm' : 'ab'[i] ?? `operand ${i}`, m));
    const stack = opStack(operands.map((m, i) => ({ name: `M${i}`, rows: m.rows, cols: m.cols })), build, extraTokens, fn, onProgress);
    let values;
    try {
      values = runStack(stack.model, encodeOperands(operands.map((m) => m.toDType('float64')), stack.tokens),
        { executor: 'structured', onProgress });
    } catch (error) {
      // A product inside the stack's layers overflowed: its position there means nothing to the caller.
      if ((error as { code?: string }).code !== 'ERR_ATTNSIM_NON_FINITE') throw error;
      throw invalidRange(fn, 'the result overflowed the float64 range inside the simulating stack; scale the inputs down',
        'ERR_ATTNSIM_NON_FINITE');
    }
    return decodeMatrix(values, stack.rows, stack.cols);
  });
}

/** Each elementary operation, simulated by its own stack (the synchronous forms). */
const operations = {
  /** mᵀ. @example simulate.transpose(Matrix.from([[1, 2, 3]])).toArray(); // [[1], [2], [3]] */
  transpose: (m: Matrix, opts?: SimulateOptions) => simulateOp('simulate.transpose', [m], ([a]) => transposeProgram(a), 0, opts),
  /**
   * a·b for any r×k · k×c (products beyond the token limit run in chunks side by side).
   * @example simulate.matmul(Matrix.from([[1, 2]]), Matrix.from([[3], [4]])).toArray(); // [[11]]
   */
  matmul: (a: Matrix, b: Matrix, opts?: SimulateOptions) => {
    checkMatrix('simulate.matmul', 'a', a);
    checkMatrix('simulate.matmul', 'b', b);
    const products = a.rows * a.cols * b.cols, fits = products <= MAX_TOKENS;
    const budget = fits ? Infinity : Math.max(a.data.length + b.data.length, a.rows * b.cols);
    return simulateOp('simulate.matmul', [a, b], ([x, y]) => matmulProgram(x, y, 'matmul', 1, budget), fits ? products : 0, opts);
  },
  /** s·m for a finite number s. @example simulate.scale(Matrix.from([[1, -2]]), 0.5).toArray(); // [[0.5, -1]] */
  scale: (m: Matrix, s: number, opts?: SimulateOptions) => {
    checkFiniteNumber('simulate.scale', 's', s);
    return simulateOp('simulate.scale', [m], ([a]) => scaleProgram(a, s), 0, opts);
  },
  /** a + b for matrices of one shape. @example simulate.add(Matrix.from([[1]]), Matrix.from([[2]])).toArray(); // [[3]] */
  add: (a: Matrix, b: Matrix, opts?: SimulateOptions) => {
    checkMatrix('simulate.add', 'a', a);
    checkMatrix('simulate.add', 'b', b);
    assertRange(a.rows === b.rows && a.cols === b.cols, 'simulate.add', () => `expected a and b of one shape but received ${a.describe()} and ${b.describe()}`,
      'ERR_ATTNSIM_SHAPE');
    return simulateOp('simulate.add', [a, b], ([x, y]) => addProgram(x, y), 0, opts);
  },
  /** The max-subtracted softmax of each row. */
  softmaxRows: (m: Matrix, opts?: SimulateOptions) => simulateOp('simulate.softmaxRows', [m], ([a]) => softmaxProgram(a), 0, opts),
  /** max(m, 0) entrywise. */
  relu: (m: Matrix, opts?: SimulateOptions) => simulateOp('simulate.relu', [m], ([a]) => reluProgram(a), 0, opts),
  /** MaxMin / GroupSort-2 along each row: (m[i, 2k], m[i, 2k+1]) → (max, min). */
  maxmin: (m: Matrix, opts?: SimulateOptions) => simulateOp('simulate.maxmin', [m], ([a]) => maxminProgram(a), 0, opts),
  /**
   * Linear attention φ(q)(φ(k)ᵀv) normalised, φ = elu + 1, through one stack; equals linearAttention({ q, k, v }).
   * @example simulate.linearAttention({ q: Matrix.from([[1]]), k: Matrix.from([[1]]), v: Matrix.from([[2]]) }).toArray(); // [[2]]
   */
  linearAttention: (input: QKV, opts?: SimulateOptions) => {
    const { q, k, v } = readQKV('simulate.linearAttention', input);
    checkNormalisers('simulate.linearAttention', q, k);
    return simulateOp('simulate.linearAttention', [q, k, v], ([a, b, c]) => linearAttentionProgram(a, b, c),
      linearAttentionTokens(Math.max(q.rows, k.rows), q.cols, v.cols), opts);
  },
  /** Linformer softmax(q(e·k)ᵀ/√d)(f·v) through one stack; equals linformerAttention({ q, k, v, e, f }). */
  linformer: (input: LinformerInput, opts?: SimulateOptions) => {
    const fn = 'simulate.linformer', { q, k, v } = readQKV(fn, input), [e, f] = readProjections(fn, input, k.rows);
    return simulateOp(fn, [q, k, v, e, f], ([a, b, c, pe, pf]) => linformerProgram(a, b, c, pe, pf),
      linformerTokens(Math.max(q.rows, k.rows), Math.max(q.cols, v.cols), e.rows), opts);
  },
  /**
   * A GroupSort (MaxMin) network on each row of x through one stack (weights as input tokens); equals
   * groupSortNetwork(layers, x).
   */
  /**
   * m⁻¹ by Gauss–Jordan with partial pivoting through one stack (layers grow with n: ⌈log₂(n − c)⌉ swap rounds per
   * column). A singular or nearly singular m is reported after the run (ERR_ATTNSIM_SINGULAR), never as garbage.
   * @example simulate.inverse(Matrix.from([[0, 2], [4, 0]])).toArray(); // [[0, 0.25], [0.5, 0]]
   */
  inverse: (m: Matrix, opts?: SimulateOptions) => {
    const fn = 'simulate.inverse', a = checkSquare(fn, m), n = a.rows, size = 2 * n * n;
    const out = simulateOp(fn, [a], ([x]) => inverseProgram(x), inverseTokens(n), opts).data;
    const scale = Math.max(0, ...a.data.map(Math.abs));
    for (let c = 0; c < n; c++) checkPivot(fn, out[size + c], c, scale);
    return new Matrix(n, n, Float64Array.from({ length: n * n }, (_, i) => out[Math.floor(i / n) * 2 * n + n + (i % n)]));
  },
  groupSortNetwork: (layers: AffineLayer[], x: Matrix, opts?: SimulateOptions) => {
    const fn = 'simulate.groupSortNetwork', checked = readLayers(fn, layers, x), operands = [x, ...checked.flatMap((l) => [l.w, l.b])];
    return simulateOp(fn, operands, ([h, ...weights]) => groupSortProgram(h, checked.map((_, l) => ({ w: weights[2 * l], b: weights[2 * l + 1] }))),
      groupSortTokens(x.rows, checked.map((l) => ({ out: l.w.rows, in: l.w.cols }))), opts);
  },
};

/** The name of an operation. */
export type SimulateOperation = keyof typeof operations;

type Operations = typeof operations;
type Async<F> = F extends (...args: infer A) => Matrix ? (...args: A) => Promise<Matrix> : never;
/** The async forms: simulate.matmulAsync(a, b, { onProgress }) and so on. */
type AsyncOperations = { [K in SimulateOperation as `${K}Async`]: Async<Operations[K]> };

/**
 * An operation run in the simulator's worker thread (the event loop stays free); the last argument's onProgress is
 * called in this thread, and errors keep their class and code, named after the async form.
 */
function inWorker(name: SimulateOperation): (...args: unknown[]) => Promise<Matrix> {
  return async (...args) => {
    const last = args[args.length - 1];
    const fn = `simulate.${name}Async`, hasOptions = args.length > operations[name].length - 1 && typeof last === 'object' && last !== null
      && !(last instanceof Matrix) && 'onProgress' in last;
    const onProgress = hasOptions ? readCallback(fn, (last as SimulateOptions).onProgress) : undefined;
    const plain = toPlain(hasOptions ? [...args.slice(0, -1), { ...(last as SimulateOptions), onProgress: undefined }] : args);
    const out = await askWorker('operation', { name }, plain, onProgress).catch((error: Error) => {
      error.message = error.message.replace(`simulate.${name}:`, `${fn}:`);
      throw error;
    });
    return fromPlain(out) as Matrix;
  };
}

/**
 * Each elementary operation, simulated by its own stack: `simulate.matmul(a, b, { onProgress })` in this thread, and
 * `simulate.matmulAsync(a, b, { onProgress })` in the simulator's worker thread (likewise for every operation).
 * @example simulate.matmul(Matrix.from([[1, 2]]), Matrix.from([[3], [4]])).toArray(); // [[11]]
 */
export const simulate: Operations & AsyncOperations = {
  ...operations,
  ...Object.fromEntries((Object.keys(operations) as SimulateOperation[]).map((name) => [`${name}Async`, inWorker(name)])) as unknown as AsyncOperations,
};

/**
 * Runs one operation in this thread (the worker thread's side of the async forms).
 * @param name the operation.
 * @param args its arguments, matrices rebuilt; a trailing options object gets onProgress.
 */
export function runOperation(name: string, args: unknown[], onProgress: ProgressCallback | undefined): Matrix {
  const op = operations[name as SimulateOperation] as (...a: unknown[]) => Matrix;
  const last = args[args.length - 1];
  const withProgress = typeof last === 'object' && last !== null && !(last instanceof Matrix) && 'onProgress' in last
    ? [...args.slice(0, -1), { onProgress }] : args;
  return op(...withProgress);
}
