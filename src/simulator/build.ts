/** buildSimulator: the attention program compiled once into ONE encoder stack, with encode → forward → decode around it. */
import { assertRange, checkBoolean, checkFiniteNumber, checkInteger, checkOneOf, checkOptions, invalidType } from '../check';
import { EncoderModel } from '../encoder/model';
import { checkMatrix, Matrix } from '../linalg/matrix';
import { ProgressCallback, throttleProgress } from '../progress';
import { costOf, SimulatorCost } from './cost';
import { decodeMatrix, encodeOperands, readOperands } from './layout';
import { attentionProgram } from './programs/attention';
import { softError, SoftErrorReport } from './soft_error';
import { buildStack, runStack, runStackAsync } from './stack';

export { MAX_TOKENS } from '../compiler/limits';

/** The shape and mode of the attention to simulate. */
export interface SimulatorSpec {
  seqLen: number;
  dModel: number;
  heads?: number;
  dHead?: number;
  causal?: boolean;
  attention?: 'hard' | 'softmax';
  coldness?: number;
  /** Called as the build goes ('build: program', 'build: compile'), at most every 100 ms. */
  onProgress?: ProgressCallback;
}

/** The spec with its defaults filled in. */
export type ResolvedSpec = Required<Omit<SimulatorSpec, 'onProgress'>>;

/** One attention instance: X (seqLen×dModel) and the weights (dModel×dModel); Wo defaults to the identity. */
export interface SimulatorInput {
  x: Matrix;
  wq: Matrix;
  wk: Matrix;
  wv: Matrix;
  wo?: Matrix;
}

/** Which executor runs the stack: 'structured' (default; hashing for equality heads) or 'dense' (every head as matrices). */
export interface RunOptions {
  executor?: 'structured' | 'dense';
  /** Called layer by layer ('run: layers', done of total), at most every 100 ms. */
  onProgress?: ProgressCallback;
}

/** A universal simulator: one compiled stack for every X and weights of its shape. */
export interface UniversalSimulator {
  model: EncoderModel;
  cost: SimulatorCost;
  spec: ResolvedSpec;
  /** encode → forward through the stack → decode; equals attention({ x, wq, wk, wv, wo, heads, causal }). */
  run(input: SimulatorInput, opts?: RunOptions): Matrix;
  /** As run, yielding to the event loop between layers (structured executor). */
  runAsync(input: SimulatorInput, opts?: Pick<RunOptions, 'onProgress'>): Promise<Matrix>;
  /** The hard stack's soft realisation on this input at each coldness: weight off the selection, its bound, output error. */
  softError(input: SimulatorInput, coldness: readonly number[]): SoftErrorReport;
}

/**
 * Builds U for a shape: the attention program of src/simulator/programs, compiled into one stack.
 * @param spec seqLen, dModel, heads (default 1), dHead (dModel / heads), causal, attention ('hard'), coldness (100),
 *   onProgress.
 * @returns the simulator: model, cost, run, runAsync.
 * @throws {ArgumentRangeError} when heads does not divide dModel or dHead disagrees, or the stack would need more than
 *   MAX_TOKENS tokens (ERR_ATTNSIM_SEQUENCE_LENGTH); {TooLargeError} when its estimated memory exceeds the budget.
 * @example buildSimulator({ seqLen: 3, dModel: 2 }).cost.layers;
 */
export function buildSimulator(spec: SimulatorSpec): UniversalSimulator {
  const s = readSpec(spec), { seqLen: n, dModel: d } = s, progress = throttleProgress(spec.onProgress);
  progress({ stage: 'build: program', done: 0, total: 1 });
  const operands = ['X', 'Wq', 'Wk', 'Wv', 'Wo'].map((name, i) => ({ name, rows: i === 0 ? n : d, cols: d }));
  const { matrices: [x, wq, wk, wv, wo], length } = readOperands(operands);
  const program = attentionProgram(x, wq, wk, wv, wo, { n, d, heads: s.heads, causal: s.causal });
  const tokens = Math.max(length, n * d * d, s.heads * n * n * s.dHead, n * d * n);
  progress({ stage: 'build: program', done: 1, total: 1 });
  const model = buildStack('buildSimulator', `seqLen ${n} and dModel ${d}`, program.sop, tokens,
    { attention: s.attention, coldness: s.coldness, onProgress: spec.onProgress });
  const encode = (input: SimulatorInput) => encodeOperands(readInput(input, n, d), tokens);
  return {
    model, cost: costOf(model, tokens), spec: s,
    run: (input, opts) => {
      const o = readRunOptions(opts, s.attention);
      return decodeMatrix(runStack(model, encode(input), o), n, d);
    },
    runAsync: async (input, opts) => {
      const o = checkOptions<RunOptions>('UniversalSimulator.runAsync', opts, ['onProgress']);
      return decodeMatrix(await runStackAsync(model, encode(input), readCallback('UniversalSimulator.runAsync', o.onProgress)), n, d);
    },
    softError: (input, coldness) => softError(s.attention === 'hard' ? model : model.withAttention('hard', 1), encode(input), coldness),
  };
}

function readSpec(spec: SimulatorSpec): ResolvedSpec {
  const fn = 'buildSimulator';
  if (typeof spec !== 'object' || spec === null) throw invalidType(fn, 'spec', 'an object { seqLen, dModel, ... }', spec);
  const o = checkOptions<SimulatorSpec>(fn, spec, ['seqLen', 'dModel', 'heads', 'dHead', 'causal', 'attention', 'coldness', 'onProgress']);
  readCallback(fn, o.onProgress);
  const seqLen = checkInteger(fn, 'seqLen', o.seqLen, 1, 4096), dModel = checkInteger(fn, 'dModel', o.dModel, 1, 4096);
  const heads = checkInteger(fn, 'heads', o.heads ?? 1, 1, dModel);
  assertRange(dModel % heads === 0, fn, () => `expected heads (${heads}) to divide dModel (${dModel})`);
  const dHead = checkInteger(fn, 'dHead', o.dHead ?? dModel / heads, 1, dModel);
  assertRange(dHead * heads === dModel, fn, () => `expected dHead·heads (${dHead}·${heads}) to equal dModel (${dModel})`);
  const coldness = checkFiniteNumber(fn, 'coldness', o.coldness ?? 100);
  assertRange(coldness > 0, fn, () => `expected a positive coldness but received ${coldness}`);
  return {
    seqLen, dModel, heads, dHead, causal: checkBoolean(fn, 'causal', o.causal ?? false),
    attention: checkOneOf(fn, 'attention', o.attention ?? 'hard', ['hard', 'softmax'] as const), coldness,
  };
}

/** An optional progress callback. */
export function readCallback(fn: string, onProgress: unknown): ProgressCallback | undefined {
  if (onProgress !== undefined && typeof onProgress !== 'function') throw invalidType(fn, 'onProgress', 'a function', onProgress);
  return onProgress as ProgressCallback | undefined;
}

function readRunOptions(opts: RunOptions | undefined, attention: string): { executor: 'structured' | 'dense'; onProgress?: ProgressCallback } {
  const fn = 'UniversalSimulator.run';
  const o = checkOptions<RunOptions>(fn, opts, ['executor', 'onProgress']);
  const executor = checkOneOf(fn, 'executor', o.executor ?? (attention === 'hard' ? 'structured' : 'dense'), ['structured', 'dense'] as const);
  return { executor: attention === 'softmax' ? 'dense' : executor, onProgress: readCallback(fn, o.onProgress) };
}

function readInput(input: SimulatorInput, n: number, d: number): Matrix[] {
  const fn = 'UniversalSimulator.run';
  if (typeof input !== 'object' || input === null) throw invalidType(fn, 'input', 'an object { x, wq, wk, wv, wo? }', input);
  const identity = new Matrix(d, d, Float64Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0)));
  const shapes: [string, Matrix | undefined, number][] = [['x', input.x, n], ['wq', input.wq, d], ['wk', input.wk, d], ['wv', input.wv, d], ['wo', input.wo ?? identity, d]];
  return shapes.map(([name, m, rows]) => {
    checkMatrix(fn, name, m);
    assertRange(m!.rows === rows && m!.cols === d, fn, () => `expected ${name} to be ${rows}×${d} but received ${m!.describe()}`, 'ERR_ATTNSIM_SHAPE');
    return m!.toDType('float64');
  });
}
