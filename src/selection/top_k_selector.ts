/**
 * The top-k selector: k layers of one windowed head each. Layer r scores key s for query t as
 * μ(x_s) − C·mark_t(s), where mark_t is the sum of the one-hot position codes the earlier layers copied to t (the
 * mark of the tokens already taken), so the softmax at coldness c takes the r-th most important token of the window
 * t−U..t+U and copies it. With importance gaps ≥ Δ each selection puts at most (m−1)e^{−cΔ} weight elsewhere
 * (m = 2U+1 keys), and each copy is off by at most 2(m−1)e^{−cΔ}·max‖v‖.
 */
import { assertRange, checkFiniteNumber, checkInteger, invalidType } from '../check';
import { AttentionHead } from '../encoder/attention_head';
import { EncoderLayer } from '../encoder/layer';
import { DimLabel, ONE } from '../encoder/residual';
import { circularModel, layout, range, sparse } from './construction';
import { Construction } from './window_extractor';

/** Options of buildTopKSelector. */
export interface TopKSelectorOptions {
  /** Sequence length (the mark uses a one-hot position code, so N ≥ 2U+1). */
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

/**
 * The transformer that selects, at each position, the k most important tokens of its window (a real EncoderModel:
 * vector tokens, circular, windowed softmax heads). Its readout is the k selected tokens side by side.
 * @returns the model, the gap Δ = margin, the weight bound (m−1)e^{−cΔ} and the copy bound 2(m−1)e^{−cΔ}·√d
 *   (max‖v‖ = √d for tokens in [0,1]^d).
 * @throws {ArgumentRangeError} for k > 2U+1, N < 2U+1, a non-positive margin or coldness.
 * @example buildTopKSelector({ N: 32, U: 4, k: 2, importance: [1], margin: 0.05, coldness: 400 }).bound; // 16e^{−20}
 */
export function buildTopKSelector(opts: TopKSelectorOptions): Construction {
  const fn = 'selection.buildTopKSelector';
  if (typeof opts !== 'object' || opts === null) throw invalidType(fn, 'options', 'an object', opts);
  if (!Array.isArray(opts.importance) || opts.importance.length === 0) throw invalidType(fn, 'importance', 'a non-empty array of numbers', opts.importance);
  const w = opts.importance.map((v, i) => checkFiniteNumber(fn, `importance[${i}]`, v));
  const d = checkInteger(fn, 'd', opts.d ?? w.length, w.length, w.length), U = checkInteger(fn, 'U', opts.U, 0, 2 ** 12);
  const m = 2 * U + 1, n = checkInteger(fn, 'N', opts.N, m, 2 ** 14), k = checkInteger(fn, 'k', opts.k, 1, m);
  const margin = checkFiniteNumber(fn, 'margin', opts.margin), c = checkFiniteNumber(fn, 'coldness', opts.coldness);
  assertRange(margin > 0 && c > 0, fn, () => `expected a positive margin and coldness but received ${margin} and ${c}`);
  const extra: DimLabel[] = [...range(0, n).map((t) => ({ sop: 'mark', value: t })),
    ...range(0, k).flatMap((r) => range(0, d).map((i) => ({ sop: `sel${r}`, value: i })))];
  const s = layout(d, n, 'onehot', extra), width = s.residual.width, one = s.residual.dim(ONE), mark = s.residual.dim('mark', 0);
  const penalty = 2 * (w.reduce((sum, v) => sum + Math.abs(v), 0) + margin) + 1;
  const layers = range(0, k).map((r) => {
    const out = s.residual.dim(`sel${r}`, 0);
    const head = new AttentionHead(`select${r}`, {
      wq: sparse(width, n + 1, [[one, 0, 1], ...range(0, n).map((t): [number, number, number] => [mark + t, t + 1, -penalty])]),
      wk: sparse(width, n + 1, [...s.token.map((dim, i): [number, number, number] => [dim, 0, w[i]]),
        ...s.position.map((dim, t): [number, number, number] => [dim, t + 1, 1])]),
      wv: sparse(width, d + n, [...s.token.map((dim, i): [number, number, number] => [dim, i, 1]),
        ...s.position.map((dim, t): [number, number, number] => [dim, d + t, 1])]),
      wo: sparse(d + n, width, [...range(0, d).map((i): [number, number, number] => [i, out + i, 1]),
        ...range(0, n).map((t): [number, number, number] => [d + t, mark + t, 1])]),
    }, 'softmax', c, undefined, U);
    return new EncoderLayer([head], null, []);
  });
  const model = circularModel(s, n, layers, { sop: 'topk', dims: range(s.residual.dim('sel0', 0), k * d) });
  const weightBound = (m - 1) * Math.exp(-c * margin);
  return { model, gap: margin, weightBound, bound: 2 * weightBound * Math.sqrt(d) };
}
