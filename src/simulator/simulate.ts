/** The elementary operations alone, each through its own compiled stack (structured executor): simulate.matmul(a, b), … */
import { assertRange, checkFiniteNumber } from '../check';
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
import { buildStack, runStack } from './stack';

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
export function opStack(operands: Operand[], build: (m: MatrixSOp[]) => MatrixSOp, extraTokens = 0, fn = 'costTable'): OpStack {
  const { matrices, length } = readOperands(operands);
  const out = build(matrices);
  const tokens = Math.max(length, out.rows * out.cols, extraTokens);
  const what = operands.map((o) => `${o.rows}×${o.cols}`).join(' and ');
  return { model: buildStack(fn, what, out.sop, tokens), tokens, rows: out.rows, cols: out.cols };
}

/** Compiles the operation for the matrices' shapes, runs it on them, and decodes the result. */
function simulateOp(fn: string, operands: Matrix[], build: (m: MatrixSOp[]) => MatrixSOp, extraTokens = 0): Matrix {
  operands.forEach((m, i) => checkMatrix(fn, operands.length === 1 ? 'm' : 'ab'[i] ?? `operand ${i}`, m));
  const stack = opStack(operands.map((m, i) => ({ name: `M${i}`, rows: m.rows, cols: m.cols })), build, extraTokens, fn);
  const values = runStack(stack.model, encodeOperands(operands.map((m) => m.toDType('float64')), stack.tokens), { executor: 'structured' });
  return decodeMatrix(values, stack.rows, stack.cols);
}

/** Each elementary operation, simulated by its own stack. */
export const simulate = {
  /** mᵀ. @example simulate.transpose(Matrix.from([[1, 2, 3]])).toArray(); // [[1], [2], [3]] */
  transpose: (m: Matrix) => simulateOp('simulate.transpose', [m], ([a]) => transposeProgram(a)),
  /** a·b for any r×k · k×c. @example simulate.matmul(Matrix.from([[1, 2]]), Matrix.from([[3], [4]])).toArray(); // [[11]] */
  matmul: (a: Matrix, b: Matrix) => {
    checkMatrix('simulate.matmul', 'a', a);
    checkMatrix('simulate.matmul', 'b', b);
    return simulateOp('simulate.matmul', [a, b], ([x, y]) => matmulProgram(x, y), a.rows * a.cols * b.cols);
  },
  /** s·m for a finite number s. @example simulate.scale(Matrix.from([[1, -2]]), 0.5).toArray(); // [[0.5, -1]] */
  scale: (m: Matrix, s: number) => {
    checkFiniteNumber('simulate.scale', 's', s);
    return simulateOp('simulate.scale', [m], ([a]) => scaleProgram(a, s));
  },
  /** a + b for matrices of one shape. @example simulate.add(Matrix.from([[1]]), Matrix.from([[2]])).toArray(); // [[3]] */
  add: (a: Matrix, b: Matrix) => {
    checkMatrix('simulate.add', 'a', a);
    checkMatrix('simulate.add', 'b', b);
    assertRange(a.rows === b.rows && a.cols === b.cols, 'simulate.add', () => `expected a and b of one shape but received ${a.describe()} and ${b.describe()}`,
      'ERR_ATTNSIM_SHAPE');
    return simulateOp('simulate.add', [a, b], ([x, y]) => addProgram(x, y));
  },
  /** The max-subtracted softmax of each row. */
  softmaxRows: (m: Matrix) => simulateOp('simulate.softmaxRows', [m], ([a]) => softmaxProgram(a)),
  /** max(m, 0) entrywise. */
  relu: (m: Matrix) => simulateOp('simulate.relu', [m], ([a]) => reluProgram(a)),
  /** MaxMin / GroupSort-2 along each row: (m[i, 2k], m[i, 2k+1]) → (max, min). */
  maxmin: (m: Matrix) => simulateOp('simulate.maxmin', [m], ([a]) => maxminProgram(a)),
};
