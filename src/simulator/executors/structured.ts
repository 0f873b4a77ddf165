/**
 * The structured executor: the same weights as the dense one, run on a stream stored by dimension. Every block touches
 * only the dimensions it reads and writes (see compact.ts), and a hard head whose hint says "equality on a dimension"
 * finds its keys by hashing that dimension's values (the BOS clean-up head by its fixed pattern), so a layer costs
 * O(T · dimensions touched) rather than O(T²·D). Heads without a hint fall back to their dense pattern.
 */
import { AttentionHead } from '../../encoder/attention_head';
import { EncoderLayer } from '../../encoder/layer';
import { EncoderModel, ModelInput } from '../../encoder/model';
import { PointwiseBlock } from '../../encoder/pointwise';
import { ONE } from '../../encoder/residual';
import { invalidRange } from '../../check';
import { Matrix } from '../../linalg/matrix';
import { matmul } from '../../linalg/matmul';
import { ColumnStream } from './columns';
import { compactHead, CompactHead, compactMlp, CompactMlp } from './compact';

/** Called with the number of layers done (0 after the embedding). */
export type LayerDone = (done: number) => void;

/** The final stream of the model on the tokens (T×D, row-major, as the dense executor returns it). */
export function runStructured(model: EncoderModel, tokens: ModelInput, layerDone: LayerDone = () => undefined): Matrix {
  return runColumns(model, tokens, layerDone).toMatrix();
}

/** The final stream of the model on the tokens, by dimension. */
export function runColumns(model: EncoderModel, tokens: ModelInput, layerDone: LayerDone = () => undefined): ColumnStream {
  const plan = planOf(model), x = embedColumns(model, plan, tokens);
  layerDone(0);
  plan.layers.forEach((layer, i) => {
    runLayer(layer, x);
    layerDone(i + 1);
  });
  return x;
}

/** The output s-op's values (BOS excluded) read off a final stream by dimension; for a numerical output only. */
export function decodeColumns(model: EncoderModel, x: ColumnStream): Float64Array {
  return x.columns[model.readout.dims[0]].slice(1);
}

/**
 * The embedded stream by dimension: the position table's non-zero columns copied in row blocks (cache-friendly), plus
 * numerical tokens along their direction. Categorical tokens go through the model's own embedding.
 */
function embedColumns(model: EncoderModel, plan: ModelPlan, tokens: ModelInput): ColumnStream {
  const e = model.tokenEmbedding;
  if (e.encoding !== 'numerical' || !Array.isArray(tokens) || tokens.length < 1 || tokens.length > model.settings.maxSeqLen) {
    return ColumnStream.fromMatrix(model.embed(tokens));
  }
  const t = tokens.length + 1, d = model.residual.width, table = model.positions.data;
  const columns = Array.from({ length: d }, () => new Float64Array(t));
  const block = 64;
  for (let r0 = 0; r0 < t; r0 += block) {
    const r1 = Math.min(t, r0 + block);
    for (const c of plan.positionColumns) {
      const column = columns[c];
      for (let r = r0; r < r1; r++) column[r] = table[r * d + c];
    }
  }
  tokens.forEach((token, p) => {
    if (typeof token !== 'number' || !Number.isFinite(token)) {
      throw invalidRange('EncoderModel.forward', `expected a finite number for token ${p} but received ${String(token)}`, 'ERR_ATTNSIM_NON_FINITE');
    }
  });
  for (const c of plan.tokenColumns) {
    const column = columns[c], w = e.direction[c];
    for (let p = 1; p < t; p++) column[p] += (tokens[p - 1] as number) * w;
  }
  return new ColumnStream(t, columns);
}

/** A layer with its blocks in compact form. */
interface LayerPlan {
  heads: { head: AttentionHead; compact: CompactHead }[];
  mlp: CompactMlp | null;
  pointwise: readonly PointwiseBlock[];
  one: number;
  causal: boolean;
}

/** An update to the stream: rows[i] (of T values) is added to dimension dims[i]. */
interface Update {
  dims: readonly number[];
  rows: Float64Array;
}

/** A model's layers in compact form, and the dimensions its embedding writes. */
interface ModelPlan {
  layers: LayerPlan[];
  /** The columns of the position table that are not all zero. */
  positionColumns: number[];
  /** The dimensions a numerical token writes (none for categorical tokens). */
  tokenColumns: number[];
}

const plans = new WeakMap<EncoderModel, ModelPlan>();

function planOf(model: EncoderModel): ModelPlan {
  let plan = plans.get(model);
  if (plan === undefined) {
    const one = model.residual.dim(ONE), causal = model.settings.causal, e = model.tokenEmbedding;
    plan = {
      layers: model.layers.map((layer: EncoderLayer) => ({
        heads: layer.heads.map((head) => ({ head, compact: compactHead(head) })),
        mlp: layer.mlp === null ? null : compactMlp(layer.mlp), pointwise: layer.pointwise, one, causal,
      })),
      positionColumns: nonZeroColumns(model.positions),
      tokenColumns: e.encoding === 'numerical' ? [...e.direction.keys()].filter((c) => e.direction[c] !== 0) : [],
    };
    plans.set(model, plan);
  }
  return plan;
}

function nonZeroColumns(m: Matrix): number[] {
  const used = new Uint8Array(m.cols);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) if (m.data[r * m.cols + c] !== 0) used[c] = 1;
  return [...used.keys()].filter((c) => used[c] === 1);
}

/** The heads all read the stream before any of them writes; the feed-forward blocks read the stream after attention. */
function runLayer(layer: LayerPlan, x: ColumnStream): void {
  let rowMajor: Matrix | undefined;
  const dense = () => (rowMajor ??= x.toMatrix());
  const attention = layer.heads.map(({ head, compact }) => headUpdate(head, compact, x, dense, layer.causal));
  for (const u of attention) x.addRows(u.dims, u.rows);
  const feedForward: Update[] = layer.pointwise.map((block) => ({
    dims: [block.output], rows: block.values(block.inputs.map((d) => x.columns[d]), x.columns[layer.one]),
  }));
  if (layer.mlp !== null) feedForward.push(mlpUpdate(layer.mlp, x));
  for (const u of feedForward) x.addRows(u.dims, u.rows);
}

/** The head's values x·Wv·Wo on the dimensions it writes (|writes|×T), mixed by its selection; `dense` gives the row-major stream (made once per layer). */
function headUpdate(head: AttentionHead, c: CompactHead, x: ColumnStream, dense: () => Matrix, causal: boolean): Update {
  if (c.reads.length === 0) return { dims: [], rows: new Float64Array(0) };
  const values = matmul(c.valueMap, x.stack(c.reads), { transA: true });
  if (head.kind !== 'hard' || head.hint === undefined) {
    return { dims: c.writes, rows: matmul(values, head.pattern(dense(), causal), { transB: true }).data as Float64Array };
  }
  const groups = head.hint.kind === 'equal' ? equalGroups(x.columns[head.hint.query], x.columns[head.hint.key]) : cleanupGroups(x.rows);
  return { dims: c.writes, rows: groupMeans(values.data as Float64Array, c.writes.length, x.rows, groups, causal) };
}

/** Which group each key and each query belongs to (−1: selects nothing but BOS); position 0 (BOS) is in none. */
interface Groups {
  keys: Int32Array;
  queries: Int32Array;
  count: number;
}

/** Equality on a dimension: keys grouped by their value, each query in the group of its own value. */
function equalGroups(query: Float64Array, key: Float64Array): Groups {
  return smallIntegerGroups(query, key) ?? hashedGroups(query, key);
}

function hashedGroups(query: Float64Array, key: Float64Array): Groups {
  const t = key.length, ids = new Map<number, number>(), keys = new Int32Array(t), queries = new Int32Array(t).fill(-1);
  for (let k = 1; k < t; k++) {
    let id = ids.get(key[k]);
    if (id === undefined) ids.set(key[k], (id = ids.size));
    keys[k] = id;
  }
  for (let q = 1; q < t; q++) queries[q] = ids.get(query[q]) ?? -1;
  return { keys, queries, count: ids.size };
}

/** As hashedGroups (the same ids) when the keys are integers in a range of at most 4T: a table instead of a hash. */
function smallIntegerGroups(query: Float64Array, key: Float64Array): Groups | null {
  const t = key.length;
  let min = Infinity, max = -Infinity;
  for (let k = 1; k < t; k++) {
    const v = key[k];
    if (!Number.isInteger(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max - min <= 4 * t)) return null;
  const ids = new Int32Array(max - min + 1).fill(-1), keys = new Int32Array(t), queries = new Int32Array(t).fill(-1);
  let count = 0;
  for (let k = 1; k < t; k++) {
    const slot = key[k] - min;
    if (ids[slot] < 0) ids[slot] = count++;
    keys[k] = ids[slot];
  }
  for (let q = 1; q < t; q++) {
    const v = query[q] - min;
    if (Number.isInteger(v) && v >= 0 && v <= max - min) queries[q] = ids[v];
  }
  return { keys, queries, count };
}

/** The BOS clean-up pattern: every non-BOS query selects every non-BOS key. */
function cleanupGroups(t: number): Groups {
  const queries = new Int32Array(t);
  queries[0] = -1;
  return { keys: new Int32Array(t), queries, count: 1 };
}

/**
 * For each query the mean of `values` (c rows of t) over the keys of its group (only keys at or before it when
 * causal); BOS's value where the group has no such key, and for the BOS query itself.
 */
function groupMeans(values: Float64Array, c: number, t: number, groups: Groups, causal: boolean): Float64Array {
  const sums = new Float64Array(groups.count * c), counts = new Float64Array(groups.count), out = new Float64Array(c * t);
  const addKey = (k: number) => {
    const g = groups.keys[k];
    counts[g]++;
    for (let i = 0; i < c; i++) sums[g * c + i] += values[i * t + k];
  };
  const answer = (q: number) => {
    const g = groups.queries[q], n = g < 0 ? 0 : counts[g];
    for (let i = 0; i < c; i++) out[i * t + q] = n === 0 ? values[i * t] : sums[g * c + i] / n;
  };
  answer(0);
  for (let p = 1; p < t; p++) {
    addKey(p);
    if (causal) answer(p);
  }
  if (!causal) for (let q = 1; q < t; q++) answer(q);
  return out;
}

/** W2·ReLU(W1·x + b1) + b2 on the dimensions the MLP writes. */
function mlpUpdate(mlp: CompactMlp, x: ColumnStream): Update {
  const t = x.rows, hidden = mlp.b1.length;
  const h = mlp.reads.length === 0 ? new Matrix(hidden, t, new Float64Array(hidden * t)) : matmul(mlp.w1, x.stack(mlp.reads), { transA: true });
  for (let j = 0; j < hidden; j++) for (let r = 0; r < t; r++) h.data[j * t + r] = Math.max(0, h.data[j * t + r] + mlp.b1[j]);
  const rows = matmul(mlp.w2, h, { transA: true }).data as Float64Array;
  mlp.b2.forEach((b, i) => { for (let r = 0; r < t; r++) rows[i * t + r] += b; });
  return { dims: mlp.writes, rows };
}
