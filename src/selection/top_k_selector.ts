/**
 * The top-k selector: k layers of one windowed head each, no positional code. Layer 0 scores key s by μ(x_s) = w·x_s
 * and copies the most important token of the window t−U..t+U. Its feed-forward part writes, at every position, ReLU
 * bumps b_j(μ(x_s)) on a grid of spacing h = Δ/5 (hats that sum to 1), and at every query a ReLU step S_j that is 1
 * on the grid points above μ(selected) − Δ/2 and 0 below. Layer r scores μ(x_s) − C·Σ_j S_j·b_j(μ(x_s)): the bump
 * marks every token at least as important as the last one taken, so the softmax at coldness c takes the next one.
 * With importance gaps ≥ Δ each selection puts at most (m−1)e^{−cΔ} weight elsewhere (m = 2U+1 keys), and each copy
 * is off by at most 2(m−1)e^{−cΔ}·max‖v‖. No weight depends on N: the parameter count is the same for every length.
 */
import { assertRange, checkFiniteNumber, checkInteger, invalidType } from '../check';
import { checkMemory } from '../budget';
import { AttentionHead } from '../encoder/attention_head';
import { EncoderLayer } from '../encoder/layer';
import { MLP } from '../encoder/mlp';
import { DimLabel, ONE, ResidualSpace } from '../encoder/residual';
import { circularModel, layout, range, sparse } from './construction';
import { Construction } from './window_extractor';

/** Options of buildTopKSelector. */
export interface TopKSelectorOptions {
  /** Sequence length (N ≥ 2U+1, so that a window holds distinct tokens). */
  N: number;
  /** Token coordinates (default: importance.length). */
  d?: number;
  /** Window radius: m = 2U+1 keys per query. */
  U: number;
  /** Tokens selected, most important first. */
  k: number;
  /** w in μ(x) = w·x. */
  importance: readonly number[];
  /** Δ: the least importance gap the inputs keep (see sampleSequences' margin). */
  margin: number;
  coldness: number;
}

/** The importance grid: points g_j = lo + j·h covering μ's range over [0,1]^d. */
interface Grid {
  points: number[];
  h: number;
}

/** Entries (row, column, value) of a sparse matrix. */
type Entries = [number, number, number][];

/**
 * The transformer that selects, at each position, the k most important tokens of its window (a real EncoderModel:
 * vector tokens, circular, windowed softmax heads, ReLU MLPs). Its readout is the k selected tokens side by side.
 * @param opts `{ N, U, k, importance, margin, coldness, d? }`.
 * @returns the model, the gap Δ = margin, the weight bound (m−1)e^{−cΔ} and the copy bound 2(m−1)e^{−cΔ}·√d
 *   (max‖v‖ = √d for tokens in [0,1]^d).
 * @throws {ArgumentRangeError} for k > 2U+1, N < 2U+1, a non-positive margin or coldness; {TooLargeError} when the
 *   grid (range of μ / (Δ/5) points) makes the MLPs exceed the memory budget.
 * @example buildTopKSelector({ N: 32, U: 4, k: 2, importance: [1], margin: 0.05, coldness: 400 }).bound; // 16e^{−20}
 */
export function buildTopKSelector(opts: TopKSelectorOptions): Construction {
  const fn = 'selection.buildTopKSelector';
  if (typeof opts !== 'object' || opts === null) throw invalidType(fn, 'options', 'an object', opts);
  if (!Array.isArray(opts.importance) || opts.importance.length === 0) {
    throw invalidType(fn, 'importance', 'a non-empty array of numbers', opts.importance);
  }
  const w = opts.importance.map((v, i) => checkFiniteNumber(fn, `importance[${i}]`, v));
  const d = checkInteger(fn, 'd', opts.d ?? w.length, w.length, w.length), U = checkInteger(fn, 'U', opts.U, 0, 2 ** 12);
  const m = 2 * U + 1, n = checkInteger(fn, 'N', opts.N, m, 2 ** 16), k = checkInteger(fn, 'k', opts.k, 1, m);
  const margin = checkFiniteNumber(fn, 'margin', opts.margin), c = checkFiniteNumber(fn, 'coldness', opts.coldness);
  assertRange(margin > 0 && c > 0, fn, () => `expected a positive margin and coldness but received ${margin} and ${c}`);
  checkMemory(fn, `the ${n}×${n} attention weights of each head`, k * n * n * 8);
  const grid = importanceGrid(fn, w, margin, k), J = grid.points.length;
  const extra: DimLabel[] = [...range(0, J).map((j) => ({ sop: 'bump', value: j })),
    ...range(1, k - 1).flatMap((r) => range(0, J).map((j) => ({ sop: `step${r}`, value: j }))),
    ...range(0, k).flatMap((r) => range(0, d).map((i) => ({ sop: `sel${r}`, value: i })))];
  const s = layout(d, n, null, extra);
  const penalty = 2 * (w.reduce((sum, v) => sum + Math.abs(v), 0) + margin) + 1;
  const layers = range(0, k).map((r) => new EncoderLayer([selectHead(s.residual, s.token, w, r, J, penalty, c, U)],
    r + 1 < k ? feedForward(s.residual, s.token, w, grid, r, margin) : null, []));
  const model = circularModel(s, n, layers, { sop: 'topk', dims: range(s.residual.dim('sel0', 0), k * d) });
  const weightBound = (m - 1) * Math.exp(-c * margin);
  return { model, gap: margin, weightBound, bound: 2 * weightBound * Math.sqrt(d) };
}

/**
 * Grid points of spacing Δ/5 from the least to past the largest μ over [0,1]^d.
 * @throws {TooLargeError} when the MLPs over that many points (about (k+1)·J rows by 3J units) exceed the budget.
 */
function importanceGrid(fn: string, w: number[], margin: number, k: number): Grid {
  const lo = w.reduce((sum, v) => sum + Math.min(v, 0), 0), hi = w.reduce((sum, v) => sum + Math.max(v, 0), 0), h = margin / 5;
  const count = Math.ceil((hi - lo) / h) + 1;
  checkMemory(fn, `the feed-forward weights of a ${count}-point importance grid (range of μ / (margin/5))`,
    k * (k + 1) * count * 3 * count * 8);
  return { points: range(0, count).map((j) => lo + j * h), h };
}

/** Selection r's head: score μ(x_s) − C·Σ_j step_r[j]·bump[j] (layer 0: μ(x_s) alone); copies the token into sel_r. */
function selectHead(res: ResidualSpace, token: number[], w: number[], r: number, J: number, penalty: number, c: number,
  U: number): AttentionHead {
  const width = res.width, d = token.length, dk = r === 0 ? 1 : 1 + J, out = res.dim(`sel${r}`, 0);
  const wq: Entries = [[res.dim(ONE), 0, 1]], wk: Entries = token.map((dim, i) => [dim, 0, w[i]]);
  if (r > 0) {
    const bump = res.dim('bump', 0), step = res.dim(`step${r}`, 0);
    for (let j = 0; j < J; j++) {
      wq.push([step + j, 1 + j, -penalty]);
      wk.push([bump + j, 1 + j, 1]);
    }
  }
  return new AttentionHead(`select${r}`, {
    wq: sparse(width, dk, wq), wk: sparse(width, dk, wk),
    wv: sparse(width, d, token.map((dim, i) => [dim, i, 1])), wo: sparse(d, width, range(0, d).map((i) => [i, out + i, 1])),
  }, 'softmax', c, undefined, U);
}

/**
 * Layer r's MLP: (layer 0 only) the bumps b_j(μ(x)) = (u_{j−1} − 2u_j + u_{j+1})/h from units u_j = ReLU(μ − g_j),
 * and the step of selection r+1, S_j = ReLU(z_j) − ReLU(z_j − 1) with z_j = (g_j − μ(sel_r) + Δ/2)/(2h) + 1/2.
 */
function feedForward(res: ResidualSpace, token: number[], w: number[], grid: Grid, r: number, margin: number): MLP {
  const { points: g, h } = grid, J = g.length, width = res.width, w1: Entries = [], w2: Entries = [], b1: number[] = [];
  const units: string[] = [];
  const unit = (label: string, bias: number) => {
    b1.push(bias);
    units.push(label);
    return b1.length - 1;
  };
  if (r === 0) {
    const bump = res.dim('bump', 0), knots = range(-1, J + 2).map((j) => unit('bump', -(g[0] + j * h)));
    for (const [i, dim] of token.entries()) for (const u of knots) w1.push([dim, u, w[i]]);
    for (let j = 0; j < J; j++) {
      w2.push([knots[j], bump + j, 1 / h], [knots[j + 1], bump + j, -2 / h], [knots[j + 2], bump + j, 1 / h]);
    }
  }
  const step = res.dim(`step${r + 1}`, 0), sel = res.dim(`sel${r}`, 0);
  for (let j = 0; j < J; j++) {
    const zero = (g[j] + margin / 2) / (2 * h) + 0.5;
    const a = unit(`step${r + 1}`, zero), b = unit(`step${r + 1}`, zero - 1);
    for (let i = 0; i < token.length; i++) w1.push([sel + i, a, -w[i] / (2 * h)], [sel + i, b, -w[i] / (2 * h)]);
    w2.push([a, step + j, 1], [b, step + j, -1]);
  }
  return new MLP(sparse(width, b1.length, w1), Float64Array.from(b1), sparse(b1.length, width, w2), new Float64Array(width), units);
}
