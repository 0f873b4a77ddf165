/**
 * The top-k selector: k layers of one windowed head each, no positional code. The importance μ(x_s) is written into
 * the stream by the embedding (μ = w·x) or by a first feed-forward layer (μ a small ReLU network). Layer 0 scores key
 * s by μ(x_s) and copies the most important token of the window t−U..t+U, with its importance. Its feed-forward part writes, at every position, ReLU
 * bumps b_j(μ(x_s)) on a grid of spacing h = Δ/5 (hats that sum to 1), and at every query a ReLU step S_j that is 1
 * on the grid points above μ(selected) − Δ/2 and 0 below. Layer r scores μ(x_s) − C·Σ_j S_j·b_j(μ(x_s)): the bump
 * marks every token at least as important as the last one taken, so the softmax at coldness c takes the next one.
 * With importance gaps ≥ Δ each selection puts at most (m−1)e^{−cΔ} weight elsewhere (m = 2U+1 keys), and each copy
 * is off by at most 2(m−1)e^{−cΔ}·max‖v‖. No weight depends on N: the parameter count is the same for every length.
 * Depth: k blocks, one selection each (k + 1 with a network importance); fewer blocks cannot take k tokens this way.
 * The guarantee needs the margin: the inputs must keep consecutive importances among each window's k+1 most important
 * at least Δ apart. Without it the worst case is a tie, split at any coldness; and for k ≥ 2 a later pick skips every
 * token within Δ/2 below the one just taken, so near-ties are wrong at any coldness and even the mean error stops
 * falling (measured in test/selection/constructions.test.ts and `npm run bench -- selection`).
 */
import { assertRange, checkFiniteNumber, checkInteger, invalidType } from '../check';
import { checkMemory } from '../budget';
import { AttentionHead } from '../encoder/attention_head';
import { EncoderLayer } from '../encoder/layer';
import { MLP } from '../encoder/mlp';
import { DimLabel, ONE, ResidualSpace } from '../encoder/residual';
import { circularModel, layout, range, sparse } from './construction';
import { CheckedImportance, checkImportance, Importance } from './importance';
import { Construction } from './window_extractor';

/** Options of buildTopKSelector. */
export interface TopKSelectorOptions {
  /** Sequence length (N ≥ 2U+1, so that a window holds distinct tokens). */
  N: number;
  /** Token coordinates (default: the importance's width). */
  d?: number;
  /** Window radius: m = 2U+1 keys per query. */
  U: number;
  /** Tokens selected, most important first. */
  k: number;
  /** μ: w in μ(x) = w·x, or a small ReLU network { w1 (d×H), b1, w2, b2? }. */
  importance: Importance;
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
  const mu = checkImportance(fn, opts.importance, opts.d), d = mu.d, U = checkInteger(fn, 'U', opts.U, 0, 2 ** 12);
  const m = 2 * U + 1, n = checkInteger(fn, 'N', opts.N, m, 2 ** 16), k = checkInteger(fn, 'k', opts.k, 1, m);
  const margin = checkFiniteNumber(fn, 'margin', opts.margin), c = checkFiniteNumber(fn, 'coldness', opts.coldness);
  assertRange(margin > 0 && c > 0, fn, () => `expected a positive margin and coldness but received ${margin} and ${c}`);
  checkMemory(fn, `the ${n}×${n} attention weights of each head`, k * n * n * 8);
  const grid = importanceGrid(fn, mu, margin, k), J = grid.points.length;
  const extra: DimLabel[] = [{ sop: 'mu' }, ...range(0, J).map((j) => ({ sop: 'bump', value: j })),
    ...range(1, k - 1).flatMap((r) => range(0, J).map((j) => ({ sop: `step${r}`, value: j }))),
    ...range(0, k - 1).map((r) => ({ sop: `selmu${r}` })),
    ...range(0, k).flatMap((r) => range(0, d).map((i) => ({ sop: `sel${r}`, value: i })))];
  const s = layout(d, n, null, extra), res = s.residual, penalty = 2 * (mu.hi - mu.lo + margin) + 1;
  // |score| ≤ |μ| + penalty·Σ_j step_j·bump_j ≤ |μ| + penalty·J: the coldness must keep c·score finite in every forward.
  const largest = Math.max(Math.abs(mu.lo), Math.abs(mu.hi)) + penalty * J;
  assertRange(c * largest <= 1e300, fn, () => `expected a coldness whose product with the largest score (${largest.toPrecision(4)}) ` +
    `stays below 1e300 but received ${c}`);
  const selections = range(0, k).map((r) => new EncoderLayer([selectHead(res, s.token, r, k, J, penalty, c, U)],
    r + 1 < k ? feedForward(res, grid, r, margin) : null, []));
  const layers = mu.mlp === undefined ? selections : [importanceLayer(res, s.token, mu), ...selections];
  const embed: Entries = (mu.linear ?? []).map((wi, i) => [res.dim('mu'), i, wi]);
  const model = circularModel(s, n, layers, { sop: 'topk', dims: range(res.dim('sel0', 0), k * d) }, embed);
  const weightBound = (m - 1) * Math.exp(-c * margin);
  return { model, gap: margin, weightBound, bound: 2 * weightBound * Math.sqrt(d) };
}

/** A first layer, no heads, whose MLP writes the network μ(x) into the `mu` dimension. */
function importanceLayer(res: ResidualSpace, token: number[], mu: CheckedImportance): EncoderLayer {
  const net = mu.mlp as NonNullable<CheckedImportance['mlp']>, hidden = net.b1.length, out = res.dim('mu');
  const w1 = sparse(res.width, hidden, token.flatMap((dim, i) => net.w1[i].map((v, j): [number, number, number] => [dim, j, v])));
  const w2 = sparse(hidden, res.width, net.w2.map((v, j): [number, number, number] => [j, out, v]));
  const b2 = new Float64Array(res.width);
  b2[out] = net.b2;
  return new EncoderLayer([], new MLP(w1, Float64Array.from(net.b1), w2, b2, net.b1.map(() => 'mu')), []);
}

/**
 * Grid points of spacing Δ/5 from the least to past the largest μ over [0,1]^d.
 * @throws {TooLargeError} when the MLPs over that many points (about (k+1)·J rows by 3J units) exceed the budget.
 */
function importanceGrid(fn: string, mu: CheckedImportance, margin: number, k: number): Grid {
  const h = margin / 5, count = Math.ceil((mu.hi - mu.lo) / h) + 1;
  checkMemory(fn, `the feed-forward weights of a ${count}-point importance grid (range of μ / (margin/5))`,
    k * (k + 1) * count * 3 * count * 8);
  return { points: range(0, count).map((j) => mu.lo + j * h), h };
}

/**
 * Selection r's head: score μ(x_s) − C·Σ_j step_r[j]·bump[j] (layer 0: μ(x_s) alone); copies the token into sel_r and
 * (but for the last) its importance into selmu_r.
 */
function selectHead(res: ResidualSpace, token: number[], r: number, k: number, J: number, penalty: number, c: number,
  U: number): AttentionHead {
  const width = res.width, d = token.length, dk = r === 0 ? 1 : 1 + J, out = res.dim(`sel${r}`, 0), mu = res.dim('mu');
  const wq: Entries = [[res.dim(ONE), 0, 1]], wk: Entries = [[mu, 0, 1]];
  if (r > 0) {
    const bump = res.dim('bump', 0), step = res.dim(`step${r}`, 0);
    for (let j = 0; j < J; j++) {
      wq.push([step + j, 1 + j, -penalty]);
      wk.push([bump + j, 1 + j, 1]);
    }
  }
  const copyMu = r + 1 < k, dv = d + (copyMu ? 1 : 0);
  const wv: Entries = token.map((dim, i) => [dim, i, 1]), wo: Entries = range(0, d).map((i) => [i, out + i, 1]);
  if (copyMu) wv.push([mu, d, 1]), wo.push([d, res.dim(`selmu${r}`), 1]);
  return new AttentionHead(`select${r}`, { wq: sparse(width, dk, wq), wk: sparse(width, dk, wk),
    wv: sparse(width, dv, wv), wo: sparse(dv, width, wo) }, 'softmax', c, undefined, U);
}

/**
 * Layer r's MLP: (layer 0 only) the bumps b_j(μ) = (u_{j−1} − 2u_j + u_{j+1})/h from units u_j = ReLU(μ − g_j),
 * and the step of selection r+1, S_j = ReLU(z_j) − ReLU(z_j − 1) with z_j = (g_j − μ(sel_r) + Δ/2)/(2h) + 1/2.
 */
function feedForward(res: ResidualSpace, grid: Grid, r: number, margin: number): MLP {
  const { points: g, h } = grid, J = g.length, width = res.width, w1: Entries = [], w2: Entries = [], b1: number[] = [];
  const units: string[] = [];
  const unit = (label: string, bias: number) => {
    b1.push(bias + 0); // no −0: JSON cannot keep it, and the round trip is exact
    units.push(label);
    return b1.length - 1;
  };
  if (r === 0) {
    const bump = res.dim('bump', 0), knots = range(-1, J + 2).map((j) => unit('bump', -(g[0] + j * h)));
    for (const u of knots) w1.push([res.dim('mu'), u, 1]);
    for (let j = 0; j < J; j++) {
      w2.push([knots[j], bump + j, 1 / h], [knots[j + 1], bump + j, -2 / h], [knots[j + 2], bump + j, 1 / h]);
    }
  }
  const step = res.dim(`step${r + 1}`, 0), selmu = res.dim(`selmu${r}`);
  for (let j = 0; j < J; j++) {
    const zero = (g[j] + margin / 2) / (2 * h) + 0.5;
    const a = unit(`step${r + 1}`, zero), b = unit(`step${r + 1}`, zero - 1);
    w1.push([selmu, a, -1 / (2 * h)], [selmu, b, -1 / (2 * h)]);
    w2.push([a, step + j, 1], [b, step + j, -1]);
  }
  return new MLP(sparse(width, b1.length, w1), Float64Array.from(b1), sparse(b1.length, width, w2), new Float64Array(width), units);
}
