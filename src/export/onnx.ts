/**
 * toONNX: any EncoderModel (a compiled RASP program, a universal simulator's stack, a selection construction, a model
 * read from JSON) as one self-contained ONNX graph (opset 17) that computes what `forward` computes: embedding and
 * BOS, every head (average-hard as ReduceMax, a tie test and a normalisation, or softmax at the head's coldness),
 * MLPs, marked blocks, and the read-out.
 */
import { assertRange, checkOneOf, checkOptions, invalidType } from '../check';
import type { EncoderModel } from '../encoder/model';
import { AttentionHead, HARD_TIE, visibility } from '../encoder/attention_head';
import { EncoderLayer } from '../encoder/layer';
import { PointwiseBlock } from '../encoder/pointwise';
import { ONE } from '../encoder/residual';
import { Matrix } from '../linalg/matrix';
import { SINGULAR_PIVOT } from '../linalg/inverse';
import { FloatDType, GraphBuilder } from './graph_builder';
import { DATA_TYPE, encodeModel } from './onnx_proto';

/** Options of toONNX. */
export interface OnnxOptions {
  /**
   * The float type the graph computes in and reads and returns numbers in: 'float32' (default; every ONNX runtime
   * has it) or 'float64' (forward's own precision: for stacks whose scores are large, as the simulator's are).
   */
  dtype?: 'float32' | 'float64';
}

/**
 * The marked blocks ONNX computes, by function name: the built-in ones (product, exp, reciprocal, divide) and those
 * the simulator's programs mark (sqrt in LayerNorm; compare and pivot in the inverse's elimination).
 */
const POINTWISE_GRAPHS: Readonly<Record<string, (g: GraphBuilder, args: string[]) => string>> = {
  product: (g, [a, b]) => g.node('Mul', [a, b]),
  exp: (g, [a]) => g.node('Exp', [a]),
  reciprocal: (g, [a]) => g.node('Reciprocal', [a]),
  divide: (g, [a, b]) => g.node('Div', [a, b]),
  sqrt: (g, [a]) => g.node('Sqrt', [a]),
  compare: (g, [a, b]) => g.node('Cast', [g.node('Greater', [g.node('Mul', [a, b]), g.scalar(0)])], { to: DATA_TYPE[g.dtype] }),
  pivot: (g, [p, scale]) => g.node('Where', [g.node('Greater', [g.node('Abs', [p]), g.node('Mul', [g.scalar(SINGULAR_PIVOT), scale])]), p, g.scalar(1)]),
};

/**
 * The relative tolerance within which hard attention ties scores: forward's HARD_TIE in float64. In float32, rounding
 * separates scores that are equal in exact arithmetic by up to about 1e-6 relative (1e-9 split ties in makeDoubleHist
 * and makeDyckPTF, 1e-6 still did; 1e-4 decides every library program's ties as forward does), while a compiled
 * selector keeps distinct scores at least 0.5 apart: 1e-4 sits between the two.
 */
const TIE: Record<FloatDType, number> = { float32: 1e-4, float64: HARD_TIE };

/** The score given to a masked key: below any real score, finite so a row never holds only -∞. */
const MASKED: Record<FloatDType, number> = { float32: -3e38, float64: -1e300 };

/**
 * The model as the bytes of an .onnx file (opset 17, IR version 8).
 *
 * Inputs: `token_ids`, int64 [n] (a categorical vocabulary: `model.tokenIds(tokens)`), or `tokens`, float [n] (numerical
 * tokens) or float [n, d] (vector tokens); n is 1..maxSeqLen (exactly maxSeqLen for a circular model). BOS is added
 * inside the graph. Output `output`, per position: for a categorical read-out the int64 index of the value into
 * `model.outputValues` (argmax inside the graph; -1 where forward would throw because no entry exceeds 0.5), for a
 * numerical one its float value, for a vector read-out the read-out's dimensions [n, k].
 * Metadata: `attnsim.vocab` and `attnsim.output_values` (JSON), `attnsim.max_seq_len`, `attnsim.bos`.
 * @param model the model.
 * @param opts dtype ('float32' or 'float64').
 * @returns the file's bytes.
 * @throws {ArgumentTypeError} for unknown options or a marked block whose function has no ONNX form here.
 * @example fs.writeFileSync('reverse.onnx', compile(rasp.lib.makeReverse(rasp.tokens), { vocab: 'abc', maxSeqLen: 5 }).toONNX());
 */
export function modelToONNX(model: EncoderModel, opts?: OnnxOptions): Uint8Array {
  const fn = 'EncoderModel.toONNX', o = checkOptions<OnnxOptions>(fn, opts, ['dtype']);
  const dtype = checkOneOf(fn, 'dtype', o.dtype ?? 'float32', ['float32', 'float64'] as const);
  for (const block of model.layers.flatMap((l) => l.pointwise)) {
    if (!Object.hasOwn(POINTWISE_GRAPHS, block.fn)) {
      throw invalidType(fn, `the marked block '${block.label}'`, `a function with an ONNX form (${Object.keys(POINTWISE_GRAPHS).join(', ')})`, block.fn);
    }
  }
  const windowed = model.layers.some((l) => l.heads.some((h) => h.window !== undefined));
  assertRange(!windowed || model.settings.circular === true, fn,
    () => 'expected windowed heads only in a circular model (a window wraps around the fixed length)');
  const g = new GraphBuilder(dtype), s = model.settings, circular = s.circular === true;
  const t = circular ? s.maxSeqLen : 'n';
  let x = embed(g, model, t);
  const masks = new Masks(g, x, s.causal, s.maxSeqLen);
  model.layers.forEach((layer, l) => { x = encoderLayer(g, model, layer, l, x, masks); });
  readout(g, model, x, t);
  const vocab = model.tokenEmbedding.encoding === 'categorical' ? model.tokenEmbedding.vocab : null;
  return encodeModel(g.graph('attnsim', {
    'attnsim.vocab': JSON.stringify(vocab), 'attnsim.output_values': JSON.stringify(model.readout.values),
    'attnsim.max_seq_len': String(s.maxSeqLen), 'attnsim.bos': s.bos,
  }));
}

/** The stream after the embedding: token rows (a zero BOS row first unless circular) plus the position rows. */
function embed(g: GraphBuilder, model: EncoderModel, t: number | string): string {
  const e = model.tokenEmbedding, d = model.residual.width, circular = model.settings.circular === true;
  let rows: string;
  if (e.encoding === 'categorical') {
    rows = g.node('Gather', [weights(g, 'embedding.tokens', e.table), g.input('token_ids', 'int64', [t])], { axis: 0 });
  } else if (e.encoding === 'numerical') {
    const tokens = g.node('Unsqueeze', [g.input('tokens', g.dtype, [t]), g.int64([1])]);
    rows = g.node('MatMul', [tokens, g.float('embedding.direction', [1, d], e.direction)]);
  } else {
    const tokens = g.input('tokens', g.dtype, [t, e.matrix.cols]);
    rows = g.node('MatMul', [tokens, g.node('Transpose', [weights(g, 'embedding.vectors', e.matrix)], { perm: [1, 0] })]);
  }
  const positions = weights(g, 'embedding.positions', model.positions);
  if (circular) return g.node('Add', [rows, positions]);
  rows = g.node('Concat', [g.float('embedding.bos', [1, d], new Float64Array(d)), rows], { axis: 0 });
  return g.node('Add', [rows, g.node('Slice', [positions, g.int64([0]), rowCount(g, rows), g.int64([0])])]);
}

/** The number of rows of a 2-D value, as an int64 [1]. */
function rowCount(g: GraphBuilder, value: string): string {
  return g.node('Shape', [value], { start: 0, end: 1 });
}

/**
 * The visibility masks of the model's heads (bool T×T), made once each: a causal mask in the graph from the stream's
 * length (Trilu, so no (maxSeqLen + 1)² constant), a windowed one as a constant of the circular model's fixed length.
 */
class Masks {
  private readonly made = new Map<number | undefined, string>();

  /**
   * @param x the embedded stream, whose length a causal mask takes.
   * @param length the circular model's length (windowed heads exist only there).
   */
  constructor(private readonly g: GraphBuilder, private readonly x: string, private readonly causal: boolean,
    private readonly length: number) {}

  /** The mask for a head with this window, or null when every key is visible. */
  of(window: number | undefined): string | null {
    if (!this.causal && window === undefined) return null;
    let mask = this.made.get(window);
    if (mask === undefined) {
      mask = window === undefined ? this.lowerTriangle() : this.windowed(window);
      this.made.set(window, mask);
    }
    return mask;
  }

  private lowerTriangle(): string {
    const g = this.g, rows = rowCount(g, this.x);
    const ones = g.node('Expand', [g.scalar(1), g.node('Concat', [rows, rows], { axis: 0 })]);
    return g.node('Cast', [g.node('Trilu', [ones], { upper: 0 })], { to: DATA_TYPE.bool });
  }

  private windowed(window: number): string {
    const n = this.length, visible = visibility(n, this.causal, window);
    return this.g.bool(`mask.window${window}`, [n, n], Array.from({ length: n * n }, (_, k) => visible(Math.floor(k / n), k % n)));
  }
}

/** One layer: the heads on x added to it, then the feed-forward sublayer with its residual connection. */
function encoderLayer(g: GraphBuilder, model: EncoderModel, layer: EncoderLayer, l: number, x: string, masks: Masks): string {
  let after = x;
  layer.heads.forEach((h, k) => { after = g.node('Add', [after, head(g, h, `layer${l}.head${k}`, x, masks.of(h.window))]); });
  let out = after;
  if (layer.mlp !== null) {
    const m = layer.mlp, name = `layer${l}.mlp`;
    const hidden = g.node('Relu', [g.node('Add', [g.node('MatMul', [after, weights(g, `${name}.w1`, m.w1)]), g.float(`${name}.b1`, [m.b1.length], m.b1)])]);
    out = g.node('Add', [out, g.node('Add', [g.node('MatMul', [hidden, weights(g, `${name}.w2`, m.w2)]), g.float(`${name}.b2`, [m.b2.length], m.b2)])]);
  }
  for (const block of layer.pointwise) out = g.node('Add', [out, pointwise(g, block, after, model.residual.width, model.residual.dim(ONE))]);
  return out;
}

/** One head's contribution (T×D): weights from the scores, times X·Wv·Wo. */
function head(g: GraphBuilder, h: AttentionHead, name: string, x: string, mask: string | null): string {
  const w = h.weights;
  const q = g.node('MatMul', [x, weights(g, `${name}.wq`, w.wq)]), k = g.node('MatMul', [x, weights(g, `${name}.wk`, w.wk)]);
  let scores = g.node('MatMul', [q, g.node('Transpose', [k], { perm: [1, 0] })]);
  if (h.kind === 'softmax') scores = g.node('Mul', [scores, g.scalar(h.coldness)]);
  if (mask !== null) scores = g.node('Where', [mask, scores, g.scalar(MASKED[g.dtype])]);
  const pattern = h.kind === 'softmax' ? g.node('Softmax', [scores], { axis: 1 }) : hardPattern(g, scores, h.tie);
  const values = g.node('MatMul', [g.node('MatMul', [x, weights(g, `${name}.wv`, w.wv)]), weights(g, `${name}.wo`, w.wo)]);
  return g.node('MatMul', [pattern, values]);
}

/**
 * Average-hard weights as forward makes them: uniform over the keys within the head's own tie (a compiled head's half
 * score gap), else within TIE·(1 + |max|), of the row's max.
 */
function hardPattern(g: GraphBuilder, scores: string, headTie: number | undefined): string {
  const max = g.node('ReduceMax', [scores], { axes: [1], keepdims: 1 });
  const tie = headTie !== undefined ? g.scalar(headTie)
    : g.node('Mul', [g.node('Add', [g.node('Abs', [max]), g.scalar(1)]), g.scalar(TIE[g.dtype])]);
  const chosen = g.node('Cast', [g.node('GreaterOrEqual', [scores, g.node('Sub', [max, tie])])], { to: DATA_TYPE[g.dtype] });
  return g.node('Div', [chosen, g.node('ReduceSum', [chosen, g.int64([1])], { keepdims: 1 })]);
}

/** A marked block's values written into its output dimension (T×D), 0 at BOS (where `one` is 0). */
function pointwise(g: GraphBuilder, block: PointwiseBlock, x: string, d: number, one: number): string {
  const column = (dim: number) => g.node('Gather', [x, g.int64([dim])], { axis: 1 });
  const value = POINTWISE_GRAPHS[block.fn](g, block.inputs.map(column));
  const bos = g.node('Equal', [column(one), g.scalar(0)]);
  const kept = g.node('Where', [bos, g.scalar(0), value]);
  return g.node('Pad', [kept, g.int64([0, block.output, 0, d - block.output - 1])]);
}

/** The graph's output: the read-out's dimensions at every position but BOS, decoded as forward decodes them. */
function readout(g: GraphBuilder, model: EncoderModel, x: string, t: number | string): void {
  const r = model.readout;
  const rows = model.settings.circular === true ? x : g.node('Slice', [x, g.int64([1]), g.int64([Number.MAX_SAFE_INTEGER]), g.int64([0])]);
  const read = g.node('Gather', [rows, g.int64(r.dims)], { axis: 1 });
  if (r.encoding === 'vector') return g.output('output', read, g.dtype, [t, r.dims.length]);
  if (r.encoding === 'numerical') return g.output('output', g.node('Squeeze', [read, g.int64([1])]), g.dtype, [t]);
  const best = g.node('ArgMax', [read], { axis: 1, keepdims: 0, select_last_index: 0 });
  const single = g.node('Greater', [g.node('ReduceMax', [read], { axes: [1], keepdims: 0 }), g.scalar(0.5)]);
  g.output('output', g.node('Where', [single, best, g.int64([-1], [])]), 'int64', [t]);
}

/** A weight matrix as a float constant of the graph's dtype. */
function weights(g: GraphBuilder, name: string, m: Matrix): string {
  return g.float(name, [m.rows, m.cols], m.data);
}
