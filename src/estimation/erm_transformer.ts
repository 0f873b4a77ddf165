/**
 * Empirical risk minimisation over a one-layer transformer subclass: the heads either read fixed offsets or take the k
 * tokens of largest μ = w·x in the window (a cold softmax per head, as selection.buildWindowExtractor / buildTopKSelector
 * realise them), and the feed-forward part is the anisotropic sieve on the extracted tokens. The selection is chosen by
 * validated search over a finite grid; the sieve's level by its own hold-out.
 */
import { invalidRange, invalidType } from '../check';
import { Matrix } from '../linalg/matrix';
import { mod } from '../selection/sequence';
import { checkGamma } from '../smoothness/count';
import { Gamma } from '../smoothness/gamma';
import { choleskySolve } from './cholesky';
import { gatherTokens } from './positions';
import { fitSieve, SieveFit, sievePredict } from './sieve';

/** What the heads read: fixed relative offsets, or the top k of μ = w·x among t−U … t+U (most important first). */
export type Selection = { offsets: number[] } | { w: number[]; U: number; k: number };

/** A fitted one-layer transformer of the subclass. */
export interface ErmFit {
  selection: Selection;
  sieve: SieveFit;
  /** How many selections were screened. */
  screened: number;
  /** Values at every position of each sequence, sequence-major. */
  predict(inputs: readonly Matrix[]): Float64Array;
}

/** Positions (at most, rounded up to whole sequences) that screen each candidate: fitted on, then validated on. */
const SCREEN_TRAIN = 4096, SCREEN_VALID = 2048;
/** Candidates fitted with the full sieve after screening. */
const FINALISTS = 8;

/**
 * The positions a selection reads at every position of x (N rows of J).
 * @example selectionSources({ offsets: [-1, 2] }, x)[0]; // Int32Array [N−1, 2]
 */
export function selectionSources(sel: Selection, x: Matrix): Int32Array[] {
  const n = x.rows, d = x.cols;
  if ('offsets' in sel) return Array.from({ length: n }, (_, t) => Int32Array.from(sel.offsets, (o) => mod(t + o, n)));
  const mu = Float64Array.from({ length: n }, (_, t) => sel.w.reduce((s, wi, i) => s + wi * x.data[t * d + i], 0));
  const window = Array.from({ length: 2 * sel.U + 1 }, (_, i) => i - sel.U);
  return Array.from({ length: n }, (_, t) => {
    const ranked = [...window].sort((p, q) => mu[mod(t + q, n)] - mu[mod(t + p, n)] || p - q);
    return Int32Array.from(ranked.slice(0, sel.k), (o) => mod(t + o, n));
  });
}

/**
 * Every ordered choice of J distinct offsets in −W … W: the fixed-offset heads.
 * @throws {ArgumentRangeError} past 20,000 candidates.
 */
export function offsetCandidates(W: number, J: number): Selection[] {
  const out: Selection[] = [], pick: number[] = [];
  const walk = (): void => {
    if (pick.length === J) {
      out.push({ offsets: [...pick] });
      if (out.length > 20000) throw invalidRange('offsetCandidates', `more than 20,000 choices of ${J} offsets in −${W} … ${W}`);
      return;
    }
    for (let o = -W; o <= W; o++) if (!pick.includes(o)) { pick.push(o); walk(); pick.pop(); }
  };
  walk();
  return out;
}

/** The top-k selections for a grid of directions w: ±e_i and (±e_i ± e_j)/√2, i < j. */
export function importanceCandidates(d: number, U: number, k: number): Selection[] {
  const unit = (entries: [number, number][]) => Array.from({ length: d }, (_, i) => entries.reduce((s, [j, v]) => (j === i ? v : s), 0));
  const ws: number[][] = [];
  for (let i = 0; i < d; i++) {
    ws.push(unit([[i, 1]]), unit([[i, -1]]));
    for (let j = i + 1; j < d; j++) {
      for (const [a, b] of [[1, 1], [1, -1], [-1, 1], [-1, -1]]) ws.push(unit([[i, a / Math.SQRT2], [j, b / Math.SQRT2]]));
    }
  }
  return ws.map((w) => ({ w, U, k }));
}

/**
 * ERM over the subclass: each candidate selection is screened by the hold-out error of least squares on the
 * first-order trigonometric features of the tokens it extracts (3 per coordinate, multiplied out), fitted on up to 4,096
 * labelled positions of the first 80 % of the sequences and validated on up to 2,048 of the rest; the best few are
 * fitted with the anisotropic sieve of γ, and the one of least sieve hold-out error is kept.
 * @param data sequences, their labelled positions (the same in each; default every position) and the labels there
 * (flat, sequence-major).
 * @param candidates the selections to search; @param g the smoothness over the extracted coordinates.
 * @returns the chosen selection, its sieve and a predictor (at every position).
 * @throws {ArgumentRangeError} for no candidates, mismatched sizes or fewer than two sequences.
 * @example fitErmTransformer({ inputs, labels }, offsetCandidates(4, 2), smoothness.gamma({ kind: 'anisotropic', a: [1, 2] }));
 */
export function fitErmTransformer(data: { inputs: readonly Matrix[]; labels: Float64Array; labelled?: Int32Array },
  candidates: readonly Selection[], g: Gamma): ErmFit {
  const fn = 'fitErmTransformer';
  if (typeof data !== 'object' || data === null || !Array.isArray(data.inputs) || data.inputs.length === 0 ||
    !data.inputs.every((x) => x instanceof Matrix) || !(data.labels instanceof Float64Array) ||
    !(data.labelled === undefined || data.labelled instanceof Int32Array)) {
    throw invalidType(fn, 'data', '{ inputs: a non-empty array of Matrix, labels: a Float64Array, labelled?: an Int32Array }', data);
  }
  if (!Array.isArray(candidates)) throw invalidType(fn, 'candidates', 'an array of selections', candidates);
  checkGamma(fn, g);
  const { inputs, labels, labelled } = data, N = inputs[0].rows, L = labelled?.length ?? N;
  if (candidates.length === 0) throw invalidRange(fn, 'expected at least one candidate selection');
  if (labelled !== undefined && !labelled.every((t) => t >= 0 && t < N)) {
    throw invalidRange(fn, `expected data.labelled to hold positions in 0 … ${N - 1}`);
  }
  const total = inputs.length * L;
  if (labels.length !== total) throw invalidRange(fn, `expected ${total} labels (one per labelled position) but received ${labels.length}`);
  const count = inputs.length, trainSeqs = Math.max(1, Math.floor(count * 0.8));
  if (trainSeqs === count) throw invalidRange(fn, `expected at least 2 sequences (one to validate on) but received ${count}`);
  const fitSeqs = Math.min(trainSeqs, Math.ceil(SCREEN_TRAIN / L)), validSeqs = Math.min(count - trainSeqs, Math.ceil(SCREEN_VALID / L));
  const screenInputs = [...inputs.slice(0, fitSeqs), ...inputs.slice(trainSeqs, trainSeqs + validSeqs)];
  const screenLabels = new Float64Array(screenInputs.length * L);
  screenLabels.set(labels.subarray(0, fitSeqs * L));
  screenLabels.set(labels.subarray(trainSeqs * L, (trainSeqs + validSeqs) * L), fitSeqs * L);
  const scored = candidates.map((sel, i) => {
    const x = gatherTokens(screenInputs, (s) => selectionSources(sel, s), labelled);
    return { i, mse: screen(x, screenLabels, fitSeqs * L, fitSeqs * L, validSeqs * L) };
  }).sort((p, q) => p.mse - q.mse);
  let best: { sel: Selection; fit: SieveFit; mse: number } | undefined;
  for (const { i } of scored.slice(0, FINALISTS)) {
    const sel = candidates[i], fit = fitSieve(gatherTokens(inputs, (s) => selectionSources(sel, s), labelled), labels, g);
    const mse = Math.min(...fit.levels.map((l) => l.validationMSE));
    if (!best || mse < best.mse) best = { sel, fit, mse };
  }
  const chosen = best as { sel: Selection; fit: SieveFit };
  return { selection: chosen.sel, sieve: chosen.fit, screened: candidates.length,
    predict: (xs) => sievePredict(chosen.fit, gatherTokens(xs, (s) => selectionSources(chosen.sel, s))) };
}

/** Hold-out MSE of least squares on the product features of (1, √2 sin 2πx, √2 cos 2πx) per coordinate. */
function screen(x: Matrix, y: Float64Array, trainRows: number, validFrom: number, validRows: number): number {
  const m = x.cols, F = 3 ** m, features = (r: number, out: Float64Array) => {
    out[0] = 1;
    let size = 1;
    for (let c = 0; c < m; c++) {
      const v = x.data[r * m + c], s = Math.SQRT2 * Math.sin(2 * Math.PI * v), co = Math.SQRT2 * Math.cos(2 * Math.PI * v);
      for (let k = 0; k < size; k++) { out[size + k] = out[k] * s; out[2 * size + k] = out[k] * co; }
      size *= 3;
    }
  };
  const gram = new Float64Array(F * F), rhs = new Float64Array(F), f = new Float64Array(F);
  for (let r = 0; r < trainRows; r++) {
    features(r, f);
    for (let a = 0; a < F; a++) {
      rhs[a] += f[a] * y[r];
      for (let b = 0; b <= a; b++) gram[a * F + b] += f[a] * f[b];
    }
  }
  for (let a = 0; a < F; a++) { gram[a * F + a] += 1e-8 * trainRows; for (let b = 0; b < a; b++) gram[b * F + a] = gram[a * F + b]; }
  const beta = choleskySolve(gram, rhs, F);
  let mse = 0;
  for (let r = validFrom; r < validFrom + validRows; r++) {
    features(r, f);
    let v = 0;
    for (let a = 0; a < F; a++) v += beta[a] * f[a];
    mse += (v - y[r]) ** 2;
  }
  return mse / validRows;
}
