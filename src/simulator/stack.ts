/**
 * One compiled stack for a simulator program: its memory estimated and checked against the budget before anything
 * is allocated, the compile reported as progress, and runs on either executor reported layer by layer.
 */
import { checkMemory } from '../budget';
import { assertRange } from '../check';
import { compile } from '../compiler/compile';
import { MAX_TOKENS } from '../compiler/limits';
import { EncoderModel } from '../encoder/model';
import { SOp } from '../rasp/dsl';
import { topologicalOrder } from '../rasp/graph';
import { ProgressCallback, throttleProgress } from '../progress';
import { runDense } from './executors/dense';
import { decodeColumns, runColumns } from './executors/structured';

/**
 * The width estimate: DIMS_PER_SOP per s-op (numerical s-ops take one dimension; the compiler adds squares of the
 * positions equality heads compare) plus EXTRA_DIMS (BOS, the constant one, the input tokens, and slack).
 */
const DIMS_PER_SOP = 1.3;
const EXTRA_DIMS = 40;

/**
 * T×W float64 arrays alive at the peak of a structured run: the position table of the embedding and the stream's
 * columns, plus per-position value tables and run-time scratch (measured in the bench: about 3 in all).
 */
const STREAM_COPIES = 3;

/** How a stack is compiled. */
export interface StackOptions {
  attention?: 'hard' | 'softmax';
  coldness?: number;
  onProgress?: ProgressCallback;
}

/** The estimate behind a build's memory check. */
export interface StackEstimate {
  tokens: number;
  residualWidth: number;
  bytes: number;
}

/**
 * The memory a stack for `program` on `tokens` positions will need: STREAM_COPIES arrays of tokens × width float64s,
 * the width estimated from the number of s-ops (within a few percent above the built width for U, measured).
 */
export function estimateStack(program: SOp, tokens: number): StackEstimate {
  const residualWidth = Math.ceil(DIMS_PER_SOP * topologicalOrder(program).filter((n) => n instanceof SOp).length) + EXTRA_DIMS;
  return { tokens, residualWidth, bytes: STREAM_COPIES * 8 * (tokens + 1) * residualWidth };
}

/**
 * Compiles `program` for `tokens` positions after checking the length and the memory estimate.
 * @throws {ArgumentRangeError} (ERR_ATTNSIM_SEQUENCE_LENGTH) above MAX_TOKENS; {TooLargeError} above the budget.
 */
export function buildStack(fn: string, what: string, program: SOp, tokens: number, opts: StackOptions = {}): EncoderModel {
  assertRange(tokens <= MAX_TOKENS, fn, () => `expected a stack of at most ${MAX_TOKENS} tokens, but ${what} needs ${tokens}`,
    'ERR_ATTNSIM_SEQUENCE_LENGTH');
  const estimate = estimateStack(program, tokens);
  checkMemory(fn, `the stack for ${what} (${tokens} tokens × about ${estimate.residualWidth} dimensions)`, estimate.bytes);
  const progress = throttleProgress(opts.onProgress);
  progress({ stage: 'build: compile', done: 0, total: 1 });
  const model = compile(program, { maxSeqLen: tokens, attention: opts.attention ?? 'hard', coldness: opts.coldness ?? 100 });
  progress({ stage: 'build: compile', done: 1, total: 1 });
  return model;
}

/** How a stack is run. */
export interface StackRun {
  executor: 'structured' | 'dense';
  onProgress?: ProgressCallback;
}

/** The output s-op's values after running the stack on `tokens` (numerical output). */
export function runStack(model: EncoderModel, tokens: number[], run: StackRun): ArrayLike<number> {
  const progress = layerProgress(run.onProgress, model.layers.length);
  if (run.executor === 'dense') return model.decode(runDense(model, tokens, progress)) as number[];
  return decodeColumns(model, runColumns(model, tokens, progress));
}

/** A per-layer callback that reports 'run: layers' (done of total) through the throttle. */
function layerProgress(onProgress: ProgressCallback | undefined, layers: number): (done: number) => void {
  const progress = throttleProgress(onProgress);
  return (done) => progress({ stage: 'run: layers', done, total: layers });
}
