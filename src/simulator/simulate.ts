/** The elementary operations alone, each through its own compiled stack (structured executor): simulate.matmul(a, b), … */
import { compile } from '../compiler/compile';
import { checkMatrix, Matrix } from '../linalg/matrix';
import { runStructured } from './executors/structured';
import { decodeMatrix, encodeOperands, readOperands } from './layout';
import { matmulProgram } from './programs/matmul';
import { MatrixSOp } from './programs/matrix';
import { maxminProgram } from './programs/maxmin';
import { reluProgram } from './programs/relu';
import { softmaxProgram } from './programs/softmax';
import { transposeProgram } from './programs/transpose';

/** Compiles `build` on operands of the given matrices' shapes, runs it on them, and decodes the result. */
function simulateOp(fn: string, operands: Matrix[], build: (m: MatrixSOp[]) => MatrixSOp, extraTokens = 0): Matrix {
  operands.forEach((m, i) => checkMatrix(fn, `operand ${i}`, m));
  const { matrices, length } = readOperands(operands.map((m, i) => ({ name: `M${i}`, rows: m.rows, cols: m.cols })));
  const out = build(matrices);
  const tokens = Math.max(length, out.rows * out.cols, extraTokens);
  const model = compile(out.sop, { maxSeqLen: tokens });
  const stream = runStructured(model, encodeOperands(operands.map((m) => m.toDType('float64')), tokens));
  return decodeMatrix(model.decode(stream) as number[], out.rows, out.cols);
}

/** Each elementary operation, simulated by its own stack. */
export const simulate = {
  /** mᵀ. @example simulate.transpose(Matrix.from([[1, 2, 3]])).toArray(); // [[1], [2], [3]] */
  transpose: (m: Matrix) => simulateOp('simulate.transpose', [m], ([a]) => transposeProgram(a)),
  /** a·b for any r×k · k×c. @example simulate.matmul(Matrix.from([[1, 2]]), Matrix.from([[3], [4]])).toArray(); // [[11]] */
  matmul: (a: Matrix, b: Matrix) => simulateOp('simulate.matmul', [a, b], ([x, y]) => matmulProgram(x, y), a.rows * a.cols * b.cols),
  /** The max-subtracted softmax of each row. */
  softmaxRows: (m: Matrix) => simulateOp('simulate.softmaxRows', [m], ([a]) => softmaxProgram(a)),
  /** max(m, 0) entrywise. */
  relu: (m: Matrix) => simulateOp('simulate.relu', [m], ([a]) => reluProgram(a)),
  /** MaxMin / GroupSort-2 along each row: (m[i, 2k], m[i, 2k+1]) → (max, min). */
  maxmin: (m: Matrix) => simulateOp('simulate.maxmin', [m], ([a]) => maxminProgram(a)),
};
