/**
 * The soft realisation's error against coldness, with its bound. A hard head puts equal weight on the keys with the
 * largest score; at coldness c its softmax puts on the m − k other keys, each at least Δ below, a total weight of at
 * most (m − k)·e^(−cΔ)/k ≤ (m − 1)·e^(−cΔ). softError measures that weight on every head (fed the hard model's own
 * stream, so each head is judged alone) and the error it causes at the output (the soft model run end to end).
 */
import { assertRange, checkFiniteNumber, invalidType } from '../check';
import { AttentionHead } from '../encoder/attention_head';
import { EncoderModel } from '../encoder/model';
import { Token } from '../encoder/residual';
import { Matrix } from '../linalg/matrix';

/** One coldness: the measured weight off the hard selection, its bound, and the output's deviation. */
export interface SoftErrorPoint {
  coldness: number;
  /** The largest total weight any soft head puts on keys its hard twin does not select. */
  weightOff: number;
  /** (m − 1)·e^(−cΔ): weightOff never exceeds it. */
  bound: number;
  /** The largest absolute difference of the output dimensions between the soft and the hard model. */
  outputError: number;
}

/** softError's answer: the sizes the bound uses, and one point per coldness. */
export interface SoftErrorReport {
  /** m: the most keys a query sees (BOS included). */
  keys: number;
  /** Δ: the smallest gap, over every head and query, between the selected score and the best other one. */
  gap: number;
  points: SoftErrorPoint[];
}

/**
 * Measures a hard model's soft realisation on one input at each coldness.
 * @param model a model compiled with hard attention.
 * @param input the tokens to run (without BOS).
 * @param coldness the coldness values to measure (positive).
 * @returns the gap Δ, the key count m, and one point per coldness.
 * @throws {ArgumentTypeError} / {ArgumentRangeError} for a model that is not an EncoderModel, a non-array input or a
 *   coldness that is not a positive finite number; the model's own errors for a bad input.
 * @example softError(buildSimulator({ seqLen: 2, dModel: 1 }).model, [1, 2, 3, 4, 5, 6], [10]).gap;
 */
export function softError(model: EncoderModel, input: readonly Token[], coldness: readonly number[]): SoftErrorReport {
  const fn = 'softError';
  if (!(model instanceof EncoderModel)) throw invalidType(fn, 'model', 'an EncoderModel', model);
  if (!Array.isArray(input)) throw invalidType(fn, 'input', 'an array of tokens', input);
  if (!Array.isArray(coldness)) throw invalidType(fn, 'coldness', 'an array of positive numbers', coldness);
  coldness.forEach((c, i) => assertRange(checkFiniteNumber(fn, `coldness[${i}]`, c) > 0, fn, () => `expected a positive coldness[${i}] but received ${c}`));
  const trace = model.trace(input), causal = model.settings.causal;
  const streams = [trace.embedded, ...trace.layers.map((l) => l.afterMlp)];
  const heads = model.layers.flatMap((layer, i) => layer.heads.map((head) => ({ head, x: streams[i] })));
  const hard = streams[streams.length - 1], keys = hard.rows;
  const gap = Math.min(...heads.map(({ head, x }) => scoreGap(head, x, causal)));
  const points = coldness.map((c) => {
    const weightOff = Math.max(0, ...heads.map(({ head, x }) => offSelection(head, x, c, causal)));
    const soft = model.withAttention('softmax', c).streamAfter(input);
    return { coldness: c, weightOff, bound: (keys - 1) * Math.exp(-c * gap), outputError: readoutDiff(model, soft, hard) };
  });
  return { keys, gap, points };
}

/** Per query, the hard selection's score minus the best score it leaves out; the smallest over queries. */
function scoreGap(head: AttentionHead, x: Matrix, causal: boolean): number {
  const s = head.scores(x), p = head.pattern(x, causal), t = s.rows;
  let gap = Infinity;
  for (let q = 0; q < t; q++) {
    let top = -Infinity, rest = -Infinity;
    for (let k = 0; k <= (causal ? q : t - 1); k++) {
      if (p.data[q * t + k] > 0) top = Math.max(top, s.data[q * t + k]);
      else rest = Math.max(rest, s.data[q * t + k]);
    }
    gap = Math.min(gap, top - rest);
  }
  return gap;
}

/** The largest weight the head's softmax twin puts outside the hard selection, over queries. */
function offSelection(head: AttentionHead, x: Matrix, c: number, causal: boolean): number {
  const hard = head.pattern(x, causal), soft = new AttentionHead(head.label, head.weights, 'softmax', c).pattern(x, causal), t = hard.rows;
  let worst = 0;
  for (let q = 0; q < t; q++) {
    let off = 0;
    for (let k = 0; k < t; k++) if (hard.data[q * t + k] === 0) off += soft.data[q * t + k];
    worst = Math.max(worst, off);
  }
  return worst;
}

function readoutDiff(model: EncoderModel, a: Matrix, b: Matrix): number {
  const d = a.cols;
  let worst = 0;
  for (let p = 1; p < a.rows; p++) for (const dim of model.readout.dims) worst = Math.max(worst, Math.abs(a.data[p * d + dim] - b.data[p * d + dim]));
  return worst;
}
