/**
 * compile: check the options, then the stages in order — infer_values, choose_encodings and fuse_maps (optimising), program_to_graph,
 * validate, allocate_layers, to_blocks, prune_dimensions (optimising), assemble.
 */
import { checkBoolean, checkFiniteNumber, checkInteger, checkOneOf, checkOptions, invalidRange, invalidType } from '../check';
import { EncoderModel } from '../encoder/model';
import { valueKey } from '../encoder/residual';
import { ProgressCallback, throttleProgress } from '../progress';
import { SOp } from '../rasp/dsl';
import { topologicalOrder } from '../rasp/graph';
import { Value } from '../rasp/values';
import { allocateLayers } from './allocate_layers';
import { assemble } from './assemble';
import { Context } from './blocks/context';
import { inferValues, sortValues } from './infer_values';
import { programToGraph } from './program_to_graph';
import { RealFFN } from './blocks/real_ffn';
import { Settings } from './stages';
import { chooseEncodings } from './choose_encodings';
import { fuseMaps } from './fuse_maps';
import { pruneDimensions } from './prune_dimensions';
import { checkInferenceMemory, MAX_TOKENS } from './limits';
import { toBlocks } from './to_blocks';
import { validate } from './validate';

/** Options of compile. */
export interface CompileOptions {
  /** The token vocabulary (a string is split into characters); omit it when the tokens are real numbers (numerical tokens). */
  vocab?: Iterable<Value> | null;
  /** The longest input the model accepts. */
  maxSeqLen: number;
  /** The name of the BOS token. Default 'BOS'. */
  bos?: string;
  /** Compile for causal evaluation (keys after the query masked). Default false. */
  causal?: boolean;
  /** 'hard' (average-hard attention, exact; default) or 'softmax' (scores times `coldness`). */
  attention?: 'hard' | 'softmax';
  /** The softmax coldness c. Default 100. */
  coldness?: number;
  /**
   * Realise products, exp and other one-input maps on real values as ReLU MLPs within `tolerance` of the map on
   * `range` (each input in [range[0], range[1]]) instead of marked position-wise blocks. Division stays marked.
   */
  realFFN?: RealFFN;
  /**
   * Run the optimisation stages (default true): choose_encodings (numerical encodings where every reader accepts a
   * scalar, equality keys and queries included; affine maps folded into their readers), fuse_maps (a chain of one-hot
   * maps as one MLP), prune_dimensions (drop what no block reads).
   * `false` keeps the straightforward pipeline, to check the optimised model against.
   */
  optimize?: boolean;
  /** Called as each stage starts and ends (`{ stage: 'compile: …', done, total }`), at most every 100 ms. */
  onProgress?: ProgressCallback;
}

/**
 * Compiles a RASP program to a transformer encoder whose forward pass gives what rasp.evaluate gives.
 * @param program the output s-op (categorical unless marked numerical).
 * @param opts vocab, maxSeqLen, bos, causal, attention, coldness, realFFN, optimize, onProgress.
 * @returns the EncoderModel.
 * @throws {CompileError} listing every s-op that cannot be compiled, with the reason.
 * @throws {TooLargeError} when the model's matrices would exceed the memory budget (setMemoryBudget).
 * @example compile(rasp.lib.makeHist(), { vocab: 'ab', maxSeqLen: 5 }).forward([...'abb']); // [1, 2, 2]
 */
export function compile(program: SOp, opts: CompileOptions): EncoderModel {
  if (!(program instanceof SOp)) throw invalidType('compile', 'program', 'an s-op', program);
  const settings = readSettings(opts), progress = throttleProgress(opts.onProgress);
  const stage = <T>(name: string, run: () => T): T => {
    progress({ stage: `compile: ${name}`, done: 0, total: 1 });
    const out = run();
    progress({ stage: `compile: ${name}`, done: 1, total: 1 });
    return out;
  };
  const nodes = topologicalOrder(program).filter((n): n is SOp => n instanceof SOp);
  checkInferenceMemory(nodes, settings.maxSeqLen);
  const values = stage('infer values', () => inferValues(nodes, settings));
  if (settings.optimize) {
    stage('choose encodings', () => chooseEncodings(nodes, program, values));
    stage('fuse maps', () => fuseMaps(nodes, program, values));
  }
  const graph = stage('lower to a graph', () => programToGraph(program, values, settings));
  stage('validate', () => validate(graph, values, settings));
  const allocation = stage('allocate layers', () => allocateLayers(graph, values));
  const ctx = new Context(graph, values, settings);
  const built = stage('build blocks', () => toBlocks(ctx, allocation));
  const blocks = settings.optimize ? stage('prune dimensions', () => pruneDimensions(ctx, built)) : built;
  return stage('assemble', () => assemble(ctx, allocation, blocks));
}

function readSettings(opts: CompileOptions): Settings {
  const fn = 'compile';
  const o = checkOptions<CompileOptions>(fn, opts, ['vocab', 'maxSeqLen', 'bos', 'causal', 'attention', 'coldness', 'realFFN', 'onProgress', 'optimize']);
  const maxSeqLen = checkInteger(fn, 'maxSeqLen', o.maxSeqLen, 1, MAX_TOKENS);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw invalidType(fn, 'onProgress', 'a function', o.onProgress);
  let vocab: Value[] | null = null;
  if (o.vocab !== undefined && o.vocab !== null) {
    if (typeof (o.vocab as Iterable<Value>)[Symbol.iterator] !== 'function') throw invalidType(fn, 'vocab', 'an iterable of tokens', o.vocab);
    const tokens = [...o.vocab];
    const bad = tokens.find((v) => !(v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))));
    if (bad !== undefined) throw invalidType(fn, 'a vocab entry', 'a string, a finite number, a boolean or null', bad);
    if (tokens.length === 0) throw invalidRange(fn, 'expected a non-empty vocab but received no tokens');
    const seen = new Set<string>();
    for (const v of tokens) {
      if (seen.has(valueKey(v))) throw invalidRange(fn, `expected distinct vocab entries but received ${JSON.stringify(v)} twice`);
      seen.add(valueKey(v));
    }
    vocab = sortValues(tokens);
  }
  const bos = o.bos ?? 'BOS';
  if (typeof bos !== 'string') throw invalidType(fn, 'bos', 'a string', bos);
  const coldness = checkFiniteNumber(fn, 'coldness', o.coldness ?? 100);
  if (coldness <= 0) throw invalidRange(fn, `expected a positive coldness but received ${coldness}`);
  return {
    vocab, maxSeqLen, bos, causal: checkBoolean(fn, 'causal', o.causal ?? false),
    attention: checkOneOf(fn, 'attention', o.attention ?? 'hard', ['hard', 'softmax'] as const), coldness, realFFN: readRealFFN(o.realFFN),
    optimize: checkBoolean(fn, 'optimize', o.optimize ?? true),
  };
}

function readRealFFN(spec: RealFFN | undefined): RealFFN | null {
  const fn = 'compile';
  if (spec === undefined) return null;
  const o = checkOptions<RealFFN>(fn, spec, ['range', 'tolerance']);
  if (!Array.isArray(o.range) || o.range.length !== 2) throw invalidType(fn, 'realFFN.range', 'a pair [lo, hi]', o.range);
  const [lo, hi] = o.range.map((v, i) => checkFiniteNumber(fn, `realFFN.range[${i}]`, v));
  if (!(lo < hi)) throw invalidRange(fn, `expected realFFN.range [lo, hi] with lo < hi but received [${lo}, ${hi}]`);
  const tolerance = checkFiniteNumber(fn, 'realFFN.tolerance', o.tolerance);
  if (!(tolerance > 0)) throw invalidRange(fn, `expected a positive realFFN.tolerance but received ${tolerance}`);
  return { range: [lo, hi], tolerance };
}
