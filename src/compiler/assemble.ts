/** assemble: labelled blocks become matrices on the residual stream; embedding, layers and read-out make the model. */
import { AttentionHead } from '../encoder/attention_head';
import { EncoderLayer } from '../encoder/layer';
import { MLP } from '../encoder/mlp';
import { EncoderModel, Readout, TokenEmbedding } from '../encoder/model';
import { PointwiseBlock } from '../encoder/pointwise';
import { BOS, DimLabel, labelText, ONE, ResidualSpace, valueKey } from '../encoder/residual';
import { Matrix } from '../linalg/matrix';
import { Value } from '../rasp/values';
import { Context, bos, one } from './blocks/context';
import { SCORE_GAP } from './blocks/scores';
import { CompileError } from '../errors';
import { checkModelMemory } from './limits';
import { Allocation, AttentionBlock, Blocks, Entry, MlpBlock, PointwiseSpec } from './stages';

/** The most entries one weight matrix may have: 2^27 float64 values, 1 GiB. */
export const MAX_WEIGHTS = 2 ** 27;
/** The most entries the position table (maxSeqLen + 1 rows) may have: 2^30 float64 values, 8 GiB. */
export const MAX_POSITION_ENTRIES = 2 ** 30;

/**
 * The EncoderModel of the blocks.
 * @throws {CompileError} when a weight matrix (or the position table) would be too large, naming the s-op that makes it so.
 * @throws {TooLargeError} when the model's matrices would exceed the memory budget.
 */
export function assemble(ctx: Context, allocation: Allocation, blocks: Blocks): EncoderModel {
  checkSize(ctx, blocks);
  checkModelMemory(blocks, ctx.settings, allocation.layers);
  const residual = new ResidualSpace(blocks.labels), s = ctx.settings;
  const layers = Array.from({ length: allocation.layers }, (_, l) => {
    const inLayer = blocks.blocks.filter((b) => b.layer === l);
    const heads = inLayer.filter((b): b is AttentionBlock => b.kind === 'attention');
    const cleanup = cleanupBlock(heads, l);
    return new EncoderLayer(
      [...heads, ...(cleanup ? [cleanup] : [])].map((h) => head(h, residual, ctx)),
      mlp(inLayer.filter((b): b is MlpBlock => b.kind === 'mlp'), residual),
      inLayer.filter((b): b is PointwiseSpec => b.kind === 'pointwise').map((p) =>
        new PointwiseBlock(p.label, p.fn, p.f, p.inputs.map((i) => residual.dim(i.sop, i.value)), residual.dim(p.output.sop))));
  });
  return new EncoderModel(residual, tokenEmbedding(ctx, residual), positions(ctx, residual), layers, readout(ctx, residual),
    { bos: s.bos, maxSeqLen: s.maxSeqLen, causal: s.causal });
}

/** Refuses, before allocating anything, a model whose position table or widest layer MLP is too large. */
function checkSize(ctx: Context, blocks: Blocks): void {
  const d = blocks.labels.length, widest = largest(blocks.labels.map((l) => l.sop));
  const size = (rows: number, cols: number, limit = MAX_WEIGHTS) => `would be ${rows}×${cols} = ${rows * cols} weights, more than ` +
    `${limit}: lower maxSeqLen or the vocabulary, or mark wide s-ops numerical`;
  if ((ctx.settings.maxSeqLen + 1) * d > MAX_POSITION_ENTRIES) {
    throw new CompileError([{ sop: widest, reason: `it is the widest s-op; the position table (maxSeqLen + 1 by residual width) ${size(ctx.settings.maxSeqLen + 1, d, MAX_POSITION_ENTRIES)}` }]);
  }
  for (const b of blocks.blocks) {
    if (b.kind !== 'attention') continue;
    const m = Math.max(...[b.qk, b.ov].map((entries) => new Set(entries.map((e) => labelText(e.from))).size));
    if (d * m > MAX_WEIGHTS) throw new CompileError([{ sop: b.label, reason: `its head's weights ${size(d, m)}` }]);
  }
  const mlps = blocks.blocks.filter((b): b is MlpBlock => b.kind === 'mlp');
  for (const layer of new Set(mlps.map((b) => b.layer))) {
    const inLayer = mlps.filter((b) => b.layer === layer), hidden = inLayer.reduce((n, b) => n + b.units.length, 0);
    if (d * hidden > MAX_WEIGHTS) {
      const big = inLayer.reduce((a, b) => (b.units.length > a.units.length ? b : a));
      throw new CompileError([{ sop: big.label, reason: `it has ${big.units.length} MLP units; layer ${layer}'s MLP ${size(d, hidden)}` }]);
    }
  }
}

/** The most frequent name: the s-op with the most residual dimensions. */
function largest(names: string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/**
 * Heads write their BOS values into BOS itself (the BOS query attends to BOS alone). One more head takes them back
 * out: its BOS query reads BOS's value negated, every other query reads a non-BOS key whose value is 0.
 */
function cleanupBlock(heads: AttentionBlock[], layer: number): AttentionBlock | null {
  const ov = heads.flatMap((h) => h.ov.filter((e) => e.from.sop === BOS)).map((e) => ({ ...e, weight: -e.weight }));
  if (ov.length === 0) return null;
  return { kind: 'attention', label: 'bos cleanup', layer, hint: { kind: 'bos-cleanup' }, qk: [{ from: bos, to: bos, weight: 1 }, { from: one, to: one, weight: 1 }], ov };
}

function dimOf(residual: ResidualSpace, l: DimLabel): number {
  return residual.dim(l.sop, l.value);
}

/** Columns for the distinct `from` labels; the matrix D×m picks them, the partner matrix carries the weights. */
function factor(entries: Entry[], residual: ResidualSpace): { pick: Matrix; weights: Matrix } {
  const d = residual.width, cols = new Map<number, number>();
  for (const e of entries) {
    const i = dimOf(residual, e.from);
    if (!cols.has(i)) cols.set(i, cols.size);
  }
  const m = cols.size, pick = new Float64Array(d * m), weights = new Float64Array(d * m);
  for (const [i, c] of cols) pick[i * m + c] = 1;
  for (const e of entries) weights[dimOf(residual, e.to) * m + cols.get(dimOf(residual, e.from))!] += e.weight;
  return { pick: new Matrix(d, m, pick), weights: new Matrix(d, m, weights) };
}

function transpose(m: Matrix): Matrix {
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j * m.rows + i] = m.data[i * m.cols + j];
  return new Matrix(m.cols, m.rows, out);
}

function head(b: AttentionBlock, residual: ResidualSpace, ctx: Context): AttentionHead {
  const qk = factor(b.qk, residual), ov = factor(b.ov, residual);
  const hint = b.hint && (b.hint.kind === 'equal'
    ? { kind: 'equal' as const, query: dimOf(residual, b.hint.query), key: dimOf(residual, b.hint.key) } : b.hint);
  return new AttentionHead(b.label, { wq: qk.pick, wk: qk.weights, wv: ov.pick, wo: transpose(ov.weights) },
    ctx.settings.attention, ctx.settings.coldness, hint, undefined, SCORE_GAP / 2);
}

function mlp(blocks: MlpBlock[], residual: ResidualSpace): MLP | null {
  const units = blocks.flatMap((b) => b.units.map((u) => ({ ...u, label: b.label })));
  if (units.length === 0) return null;
  const d = residual.width, h = units.length, w1 = new Float64Array(d * h), w2 = new Float64Array(h * d);
  units.forEach((u, j) => {
    for (const [l, w] of u.input) w1[dimOf(residual, l) * h + j] += w;
    for (const [l, w] of u.output) w2[j * d + dimOf(residual, l)] += w;
  });
  return new MLP(new Matrix(d, h, w1), new Float64Array(h), new Matrix(h, d, w2), new Float64Array(d), units.map((u) => u.label));
}

function tokenEmbedding(ctx: Context, residual: ResidualSpace): TokenEmbedding {
  const tokens = ctx.graph.nodes.filter((n) => n.kind === 'tokens'), d = residual.width, vocab = ctx.settings.vocab;
  if (vocab === null) {
    const direction = new Float64Array(d);
    for (const t of tokens) if (residual.has(ctx.name(t))) direction[residual.dim(ctx.name(t))] = 1;
    return { encoding: 'numerical', direction };
  }
  const table = new Float64Array(vocab.length * d);
  vocab.forEach((v, r) => {
    for (const t of tokens) for (const [l, w] of ctx.encode(t, v)) if (residual.has(l.sop, l.value)) table[r * d + dimOf(residual, l)] += w;
  });
  return { encoding: 'categorical', vocab: [...vocab], table: new Matrix(vocab.length, d, table) };
}

function positions(ctx: Context, residual: ResidualSpace): Matrix {
  const n = ctx.settings.maxSeqLen, d = residual.width, out = new Float64Array((n + 1) * d);
  out[residual.dim(BOS)] = 1;
  for (let p = 1; p <= n; p++) out[p * d + residual.dim(ONE)] = 1;
  const numerical: { dim: number; values: Value[] }[] = [];
  for (const [node, values] of ctx.values.positional) {
    if (!ctx.graph.names.has(node)) continue;
    const kept = ctx.labels(node).filter((l) => residual.has(l.sop, l.value));
    if (kept.length === 0) continue;
    const dims = new Map(kept.map((l) => [l.value === undefined ? '' : valueKey(l.value), dimOf(residual, l)]));
    if (ctx.encoding(node) === 'numerical') {
      numerical.push({ dim: dims.get('')!, values });
      continue;
    }
    values.forEach((v, p) => {
      const dim = v === undefined ? undefined : dims.get(valueKey(ctx.member(node, v)));
      if (dim !== undefined) out[(p + 1) * d + dim] += 1;
    });
  }
  for (let p0 = 0; p0 < n; p0 += 64) {
    const p1 = Math.min(n, p0 + 64);
    for (const { dim, values } of numerical) {
      for (let p = p0; p < p1; p++) if (values[p] !== undefined) out[(p + 1) * d + dim] += Number(values[p]);
    }
  }
  return new Matrix(n + 1, d, out);
}

function readout(ctx: Context, residual: ResidualSpace): Readout {
  const node = ctx.graph.output, labels = ctx.labels(node);
  return {
    sop: ctx.name(node), encoding: ctx.encoding(node), dims: labels.map((l) => dimOf(residual, l)),
    values: ctx.encoding(node) === 'categorical' ? labels.map((l) => l.value!) : [],
  };
}
