/**
 * buildSimulator: the attention program (or a whole L-layer encoder's) compiled once into ONE encoder stack, with
 * encode → forward → decode around it.
 */
import { assertRange, checkBoolean, checkFiniteNumber, checkInteger, checkOneOf, checkOptions, invalidType } from '../check';
import { EncoderModel } from '../encoder/model';
import { SOp } from '../rasp/dsl';
import { checkMatrix, Matrix } from '../linalg/matrix';
import { ProgressCallback, throttleProgress } from '../progress';
import { costOf, SimulatorCost } from './cost';
import { decodeMatrix, encodeOperands, readOperands } from './layout';
import { attentionProgram } from './programs/attention';
import { EncoderLayerSOps, encoderProgram, encoderTokens, layerOperands } from './programs/encoder';
import { checkEncoder, EncoderLayerWeights, LayerNormPlacement, LN_EPSILON } from '../linalg/encoder_forward';
import { softError, SoftErrorReport } from './soft_error';
import { buildStack, runStack } from './stack';
import { fromPlain, toPlain } from './worker/messages';
import { askWorker } from './worker/pool';

/** The shape and mode of the attention to simulate. */
export interface SimulatorSpec {
  seqLen: number;
  dModel: number;
  heads?: number;
  dHead?: number;
  causal?: boolean;
  attention?: 'hard' | 'softmax';
  coldness?: number;
  /** Simulate a whole L-layer encoder instead of one attention (default 0: attention alone). */
  layers?: number;
  /** The encoder's feed-forward width (default 4·dModel). */
  ffnHidden?: number;
  /** Where the encoder's LayerNorms sit (default 'pre'). */
  layerNorm?: LayerNormPlacement;
  /** LayerNorm's ε (default 1e-5). */
  eps?: number;
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

/** One encoder instance (spec.layers ≥ 1): X (seqLen×dModel) and every layer's weights, as for encoderForward. */
export interface EncoderSimulatorInput {
  x: Matrix;
  layers: EncoderLayerWeights[];
}

/** What a simulator runs on: one attention's operands, or an encoder's. */
export type AnySimulatorInput = SimulatorInput | EncoderSimulatorInput;

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
  /**
   * encode → forward through the stack → decode; equals attention({ x, wq, wk, wv, wo, heads, causal }), or for an
   * encoder encoderForward({ x, layers, heads, causal, layerNorm, eps }).
   */
  run(input: AnySimulatorInput, opts?: RunOptions): Matrix;
  /** As run (structured executor), in the simulator's worker thread: the event loop stays free. */
  runAsync(input: AnySimulatorInput, opts?: Pick<RunOptions, 'onProgress'>): Promise<Matrix>;
  /** The hard stack's soft realisation on this input at each coldness: weight off the selection, its bound, output error. */
  softError(input: AnySimulatorInput, coldness: readonly number[]): SoftErrorReport;
}

/**
 * Builds U for a shape: the attention program of src/simulator/programs (or, with `layers` ≥ 1, a whole encoder's),
 * compiled into one stack.
 * @param spec seqLen, dModel, heads (default 1), dHead (dModel / heads), causal, attention ('hard'), coldness (100),
 *   layers (0: attention alone), ffnHidden (4·dModel), layerNorm ('pre'), eps (1e-5), onProgress.
 * @returns the simulator: model, cost, run, runAsync.
 * @throws {ArgumentRangeError} when heads does not divide dModel or dHead disagrees, or the stack would need more than
 *   MAX_TOKENS tokens (ERR_ATTNSIM_SEQUENCE_LENGTH); {TooLargeError} when its estimated memory exceeds the budget.
 * @example buildSimulator({ seqLen: 3, dModel: 2 }).cost.layers;
 */
export function buildSimulator(spec: SimulatorSpec): UniversalSimulator {
  const s = readSpec(spec), progress = throttleProgress(spec.onProgress);
  progress({ stage: 'build: program', done: 0, total: 1 });
  const { program, tokens } = planOf(s);
  progress({ stage: 'build: program', done: 1, total: 1 });
  const what = `seqLen ${s.seqLen} and dModel ${s.dModel}${s.layers > 0 ? ` with ${s.layers} layers` : ''}`;
  const model = buildStack('buildSimulator', what, program, tokens,
    { attention: s.attention, coldness: s.coldness, onProgress: spec.onProgress });
  return simulatorOf(s, () => model, costOf(model, tokens));
}

/**
 * As buildSimulator, building the stack in a worker thread (the event loop stays free). The simulator's runAsync runs
 * there too; its `model`, run and softError build a copy of the stack in this thread on first use.
 * @param spec as buildSimulator's; onProgress is called in this thread.
 * @returns the simulator, once its stack is built.
 * @throws (rejects with) what buildSimulator throws, with the same class and code; ERR_ATTNSIM_WORKER if the thread dies.
 * @example const sim = await buildSimulatorAsync({ seqLen: 3, dModel: 2 }); await sim.runAsync(input);
 */
export async function buildSimulatorAsync(spec: SimulatorSpec): Promise<UniversalSimulator> {
  const s = readSpec(spec, 'buildSimulatorAsync');
  const cost = (await askWorker('build', s, undefined, spec.onProgress).catch((error: Error) => {
    error.message = error.message.replace(/^buildSimulator:/, 'buildSimulatorAsync:');
    throw error;
  })) as SimulatorCost;
  let model: EncoderModel | undefined;
  return simulatorOf(s, () => (model ??= buildSimulator(s).model), cost);
}

/** U's program (one attention, or the encoder) and the tokens its stack runs on. */
function planOf(s: ResolvedSpec): { program: SOp; tokens: number } {
  const { seqLen: n, dModel: d } = s;
  if (s.layers > 0) {
    const operands = [{ name: 'X', rows: n, cols: d }, ...Array.from({ length: s.layers }, (_, l) =>
      layerOperands(d, s.ffnHidden).map(([name, rows, cols]) => ({ name: `L${l}:${name}`, rows, cols }))).flat()];
    const { matrices: [x, ...weights], length } = readOperands(operands), per = layerOperands(d, s.ffnHidden);
    const layers = Array.from({ length: s.layers }, (_, l) =>
      Object.fromEntries(per.map(([name], i) => [name, weights[l * per.length + i]])) as unknown as EncoderLayerSOps);
    const shape = { n, d, heads: s.heads, causal: s.causal, ffnHidden: s.ffnHidden, layerNorm: s.layerNorm, eps: s.eps };
    const tokens = encoderTokens(shape, length);
    return { program: encoderProgram(x, layers, { ...shape, budget: tokens }).sop, tokens };
  }
  const operands = ['X', 'Wq', 'Wk', 'Wv', 'Wo'].map((name, i) => ({ name, rows: i === 0 ? n : d, cols: d }));
  const { matrices: [x, wq, wk, wv, wo], length } = readOperands(operands);
  const tokens = Math.max(length, s.heads * n * n);
  return { program: attentionProgram(x, wq, wk, wv, wo, { n, d, heads: s.heads, causal: s.causal, budget: tokens }).sop, tokens };
}

/** The simulator around a stack (made on first use by `model`), whose runAsync runs in the worker thread. */
function simulatorOf(s: ResolvedSpec, model: () => EncoderModel, cost: SimulatorCost): UniversalSimulator {
  const { seqLen: n, dModel: d } = s, tokens = cost.tokens;
  const operands = (input: AnySimulatorInput, fn: string) => (s.layers > 0 ? readEncoderInput(input as EncoderSimulatorInput, s, fn)
    : readInput(input as SimulatorInput, n, d, fn));
  const encode = (input: AnySimulatorInput, fn = 'UniversalSimulator.run') => encodeOperands(operands(input, fn), tokens);
  return {
    get model() { return model(); }, cost, spec: s,
    run: (input, opts) => {
      const o = readRunOptions(opts, s.attention);
      return decodeMatrix(runStack(model(), encode(input), o), n, d);
    },
    runAsync: async (input, opts) => {
      const fn = 'UniversalSimulator.runAsync', o = checkOptions<RunOptions>(fn, opts, ['onProgress']);
      operands(input, fn);
      return fromPlain(await askWorker('run', s, toPlain(input), readCallback(fn, o.onProgress))) as Matrix;
    },
    softError: (input, coldness) => {
      const m = model();
      return softError(s.attention === 'hard' ? m : m.withAttention('hard', 1), encode(input, 'UniversalSimulator.softError'), coldness);
    },
  };
}

function readSpec(spec: SimulatorSpec, fn = 'buildSimulator'): ResolvedSpec {
  if (typeof spec !== 'object' || spec === null) throw invalidType(fn, 'spec', 'an object { seqLen, dModel, ... }', spec);
  const o = checkOptions<SimulatorSpec>(fn, spec,
    ['seqLen', 'dModel', 'heads', 'dHead', 'causal', 'attention', 'coldness', 'layers', 'ffnHidden', 'layerNorm', 'eps', 'onProgress']);
  readCallback(fn, o.onProgress);
  const seqLen = checkInteger(fn, 'seqLen', o.seqLen, 1, 4096), dModel = checkInteger(fn, 'dModel', o.dModel, 1, 4096);
  const heads = checkInteger(fn, 'heads', o.heads ?? 1, 1, dModel);
  assertRange(dModel % heads === 0, fn, () => `expected heads (${heads}) to divide dModel (${dModel})`);
  const dHead = checkInteger(fn, 'dHead', o.dHead ?? dModel / heads, 1, dModel);
  assertRange(dHead * heads === dModel, fn, () => `expected dHead·heads (${dHead}·${heads}) to equal dModel (${dModel})`);
  const coldness = checkFiniteNumber(fn, 'coldness', o.coldness ?? 100);
  assertRange(coldness > 0, fn, () => `expected a positive coldness but received ${coldness}`);
  const eps = checkFiniteNumber(fn, 'eps', o.eps ?? LN_EPSILON);
  assertRange(eps > 0, fn, () => `expected a positive eps but received ${eps}`);
  return {
    seqLen, dModel, heads, dHead, causal: checkBoolean(fn, 'causal', o.causal ?? false),
    attention: checkOneOf(fn, 'attention', o.attention ?? 'hard', ['hard', 'softmax'] as const), coldness,
    layers: checkInteger(fn, 'layers', o.layers ?? 0, 0, 64), ffnHidden: checkInteger(fn, 'ffnHidden', o.ffnHidden ?? 4 * dModel, 1, 1 << 16),
    layerNorm: checkOneOf(fn, 'layerNorm', o.layerNorm ?? 'pre', ['pre', 'post', 'none'] as const), eps,
  };
}

/** An encoder's operands in input order: X, then per layer Wq, Wk, Wv, Wo, W1, b1, W2, b2, γ, β. */
function readEncoderInput(input: EncoderSimulatorInput, s: ResolvedSpec, fn: string): Matrix[] {
  if (typeof input !== 'object' || input === null) throw invalidType(fn, 'input', 'an object { x, layers }', input);
  const c = checkEncoder(fn, { x: input.x, layers: input.layers, heads: s.heads, causal: s.causal, layerNorm: s.layerNorm, eps: s.eps });
  assertRange(c.x.rows === s.seqLen && c.x.cols === s.dModel, fn, () => `expected x to be ${s.seqLen}×${s.dModel} but received ${c.x.describe()}`,
    'ERR_ATTNSIM_SHAPE');
  assertRange(c.layers.length === s.layers && c.ffnHidden === s.ffnHidden, fn, () => `expected ${s.layers} layers with ffnHidden ${s.ffnHidden} ` +
    `but received ${c.layers.length} with ffnHidden ${c.ffnHidden}`, 'ERR_ATTNSIM_SHAPE');
  return [c.x, ...c.layers.flatMap((l) => [l.wq, l.wk, l.wv, l.wo, l.w1, l.b1, l.w2, l.b2, l.ln.gamma, l.ln.beta])];
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

function readInput(input: SimulatorInput, n: number, d: number, fn: string): Matrix[] {
  if (typeof input !== 'object' || input === null) throw invalidType(fn, 'input', 'an object { x, wq, wk, wv, wo? }', input);
  const identity = new Matrix(d, d, Float64Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0)));
  const shapes: [string, Matrix | undefined, number][] = [['x', input.x, n], ['wq', input.wq, d], ['wk', input.wk, d], ['wv', input.wv, d], ['wo', input.wo ?? identity, d]];
  return shapes.map(([name, m, rows]) => {
    checkMatrix(fn, name, m);
    assertRange(m!.rows === rows && m!.cols === d, fn, () => `expected ${name} to be ${rows}×${d} but received ${m!.describe()}`, 'ERR_ATTNSIM_SHAPE');
    return m!.toDType('float64');
  });
}
