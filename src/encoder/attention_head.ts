/** AttentionHead: real Wq, Wk, Wv, Wo on the residual stream; hard (average-hard) or softmax with a coldness. */
import { ArgumentRangeError } from '../errors';
import { Matrix } from '../linalg/matrix';
import { matmul } from '../linalg/matmul';
import { softmaxRows } from '../linalg/softmax_rows';

/** How a head turns scores into weights. */
export type AttentionKind = 'hard' | 'softmax';

/** Scores within this fraction of the row's largest (relative to 1 + |max|) count as tied in hard attention. */
export const HARD_TIE = 1e-9;

/**
 * What a compiled head computes, for executors that exploit it. 'equal': each query selects the keys whose dimension
 * `key` holds the value of its dimension `query` (else BOS), and the BOS query selects BOS. 'bos-cleanup': the BOS
 * query selects BOS, every other query every non-BOS key. Absent on heads of other shapes.
 */
export type HeadHint = { kind: 'equal'; query: number; key: number } | { kind: 'bos-cleanup' };

/** The weights of a head: Wq, Wk are D×dk; Wv is D×dv; Wo is dv×D. */
export interface HeadWeights {
  wq: Matrix;
  wk: Matrix;
  wv: Matrix;
  wo: Matrix;
}

/** One attention head. Scores are (X·Wq)(X·Wk)ᵀ; the output X·Wv·Wo averaged by the weights is added to the stream. */
export class AttentionHead {
  /**
   * @param label what the head computes (the s-op it writes).
   * @param weights Wq, Wk, Wv, Wo.
   * @param kind 'hard': uniform over the keys with the largest score; 'softmax': softmax of coldness × score.
   * @param coldness the factor on the scores in softmax mode.
   * @param hint the head's structure, when it is an equality lookup.
   * @param window a sliding circular window: a query sees only the keys within this many positions of it, indices
   *   taken mod the stream's length (absent: every key).
   * @param tie hard attention: keys scoring within this of the row's largest count as tied (absent: HARD_TIE relative
   *   to 1 + |largest|). A compiled head sets it to half its guaranteed score gap, so rounding in the stream, which
   *   grows with the values' range, never splits a tie.
   */
  constructor(readonly label: string, readonly weights: HeadWeights, readonly kind: AttentionKind,
    readonly coldness: number, readonly hint?: HeadHint, readonly window?: number, readonly tie?: number) {}

  /** The T×T score matrix (queries × keys). */
  scores(x: Matrix): Matrix {
    return matmul(matmul(x, this.weights.wq), matmul(x, this.weights.wk), { transB: true });
  }

  /** The T×T attention weights; with `causal`, a query sees only keys at or before it. */
  pattern(x: Matrix, causal: boolean): Matrix {
    const s = this.scores(x), t = s.rows, d = s.data, visible = visibility(t, causal, this.window);
    if (this.kind === 'hard') return hardPattern(d, t, visible, this.tie);
    for (let i = 0; i < t; i++) {
      for (let j = 0; j < t; j++) {
        if (!visible(i, j)) {
          d[i * t + j] = -1e300;
          continue;
        }
        d[i * t + j] *= this.coldness;
        if (!Number.isFinite(d[i * t + j])) {
          throw new ArgumentRangeError(`attention head '${this.label}': a score times the coldness (${this.coldness}) overflowed the ` +
            `float64 range (query ${i}, key ${j}); lower the coldness`, 'ERR_ATTNSIM_NON_FINITE');
        }
      }
    }
    return softmaxRows(s);
  }

  /** The head's contribution to the stream: pattern · X·Wv·Wo (T×D). */
  output(x: Matrix, pattern: Matrix): Matrix {
    return matmul(pattern, matmul(matmul(x, this.weights.wv), this.weights.wo));
  }

  /**
   * The head's contribution without its T×T pattern: a window narrower than the sequence scores only the 2w+1 keys in
   * view of each query, O(T·w) instead of O(T²); otherwise output(x, pattern(x, causal)).
   */
  contribution(x: Matrix, causal: boolean): Matrix {
    const t = x.rows, w = this.window;
    if (w === undefined || 2 * w + 1 >= t) return this.output(x, this.pattern(x, causal));
    const q = matmul(x, this.weights.wq), k = matmul(x, this.weights.wk);
    const v = matmul(matmul(x, this.weights.wv), this.weights.wo), dk = q.cols, width = v.cols;
    const out = new Float64Array(t * width), keys: number[] = [], scores: number[] = [];
    for (let i = 0; i < t; i++) {
      keys.length = 0;
      scores.length = 0;
      for (let delta = -w; delta <= w; delta++) {
        const j = (((i + delta) % t) + t) % t;
        if (causal && j > i) continue;
        let score = 0;
        for (let c = 0; c < dk; c++) score += q.data[i * dk + c] * k.data[j * dk + c];
        keys.push(j);
        scores.push(score);
      }
      const weights = this.kind === 'hard' ? hardWeights(scores, this.tie) : softmaxWeights(scores, this.coldness);
      keys.forEach((j, n) => {
        for (let c = 0; c < width; c++) out[i * width + c] += weights[n] * v.data[j * width + c];
      });
    }
    return new Matrix(t, width, out);
  }
}

/** Average-hard weights over one query's visible scores: uniform over those within the tie (or HARD_TIE) of the largest. */
function hardWeights(scores: number[], margin?: number): number[] {
  const max = Math.max(...scores), tie = margin ?? HARD_TIE * (1 + Math.abs(max));
  const count = scores.filter((s) => s >= max - tie).length;
  return scores.map((s) => (s >= max - tie ? 1 / count : 0));
}

/** Softmax of coldness × score over one query's visible scores, the largest subtracted first. */
function softmaxWeights(scores: number[], coldness: number): number[] {
  const max = Math.max(...scores), e = scores.map((s) => Math.exp(coldness * (s - max)));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** Whether query i sees key j: at or before it when causal, within `window` positions (mod t) when windowed. */
export function visibility(t: number, causal: boolean, window: number | undefined): (i: number, j: number) => boolean {
  const near = (i: number, j: number) => {
    const gap = Math.abs(i - j);
    return Math.min(gap, t - gap) <= (window as number);
  };
  if (window === undefined) return causal ? (i, j) => j <= i : () => true;
  return causal ? (i, j) => j <= i && near(i, j) : near;
}

function hardPattern(s: Float64Array | Float32Array, t: number, visible: (i: number, j: number) => boolean, margin?: number): Matrix {
  const out = new Float64Array(t * t);
  for (let i = 0; i < t; i++) {
    const row = i * t;
    let max = -Infinity;
    for (let j = 0; j < t; j++) if (visible(i, j)) max = Math.max(max, s[row + j]);
    const tie = margin ?? HARD_TIE * (1 + Math.abs(max));
    let count = 0;
    for (let j = 0; j < t; j++) if (visible(i, j) && s[row + j] >= max - tie) count++;
    for (let j = 0; j < t; j++) if (visible(i, j) && s[row + j] >= max - tie) out[row + j] = 1 / count;
  }
  return new Matrix(t, t, out);
}
