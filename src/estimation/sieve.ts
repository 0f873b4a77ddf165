/** Sieve least squares on the trigonometric basis {ψ_l : γ(s(l)) < T}, T chosen by hold-out validation. */
import { calledAs } from '../called_as';
import { checkFiniteNumber, invalidRange, invalidType } from '../check';
import { checkMatrix, DType, Matrix } from '../linalg/matrix';
import { matmul } from '../linalg/matmul';
import { blockMembers } from '../smoothness/block';
import { checkGamma } from '../smoothness/count';
import { Gamma } from '../smoothness/gamma';
import { SmoothTarget } from '../smoothness/target';
import { psi } from '../smoothness/trig_basis';
import { checkSample } from './check_sample';
import { choleskySolve } from './cholesky';

/** One candidate level: the basis {γ(s) < T} has `size` functions; its validation mean squared error. */
export interface SieveLevel {
  T: number;
  size: number;
  validationMSE: number;
}

/** A fitted sieve: the chosen level, its frequencies (one vector per basis function) and their coefficients. */
export interface SieveFit {
  T: number;
  frequencies: number[][];
  coefficients: Float64Array;
  levels: SieveLevel[];
}

/** Options of fitSieve. */
export interface SieveOptions {
  /** The fraction of samples held out to choose T (default 0.2). */
  holdout?: number;
  /** The labels' noise variance, when known (simulations): levels that cannot win are then not fitted. */
  noiseVariance?: number;
  /**
   * A fixed level: least squares on {γ(s) < T} over every sample, no hold-out (T must be a level of γ, as SieveLevel.T,
   * with fewer basis functions than samples).
   */
  T?: number;
}

const CHUNK = 2048;

/**
 * Fits the sieve least-squares estimator: for each level T (basis size below half the training
 * samples), least squares on the training part by a Cholesky solve of the normal equations (the Gram
 * matrix by GEMMs on the backend, streamed in row chunks); T is the level with the least hold-out error.
 * The search stops after two levels in a row that do not improve, or at a level whose expected hold-out
 * error, at least σ²(1 + G/n_train), is above the best found, so that it cannot win (σ² the known noise
 * variance when given; else the least residual variance of the fits so far, and only once a level has
 * failed to improve, since an underfitting fit's residual holds its bias too). Skipping such a level
 * keeps the cost at that of the levels that can win.
 * @param points n×J points in [0, 1]^J, one per row.
 * @param labels n noisy values.
 * @param gamma the smoothness whose blocks order the basis.
 * @returns the chosen T, its basis frequencies and coefficients, and every level tried.
 * @throws {ArgumentRangeError} for mismatched sizes, a wrong-length `a`, or too few samples.
 * @example fitSieve(points, labels, smoothness.gamma({ kind: 'anisotropic', a: [1, 2] })).T;
 */
export function fitSieve(points: Matrix, labels: Float64Array, gamma: Gamma, opts: SieveOptions = {}): SieveFit {
  return calledAs('fitSieve', () => {
    const fn = 'fitSieve';
    checkSieveInput(fn, points, labels, gamma);
    const holdout = opts.holdout ?? 0.2;
    if (!(holdout > 0 && holdout < 1)) throw invalidRange(fn, `expected holdout in (0, 1) but received ${holdout}`);
    if (opts.T !== undefined) return fixedLevel(points, labels, gamma, opts.T);
    const nTrain = Math.floor(points.rows * (1 - holdout));
    if (nTrain < 2 || nTrain === points.rows) throw invalidRange(fn, `expected at least 3 samples but received ${points.rows}`);
    const levels = basisLevels(gamma, nTrain / 2);
    const tried: SieveLevel[] = [];
    let best: { fit: SieveFit; mse: number } | undefined;
    let noise = opts.noiseVariance ?? Infinity, misses = 0;
    for (const level of levels) {
      const G = level.frequencies.length;
      const hopeless = best !== undefined && (opts.noiseVariance !== undefined || misses > 0) &&
        noise * (1 + G / nTrain) > best.mse;
      if (misses >= 2 || hopeless) break;
      const coefficients = leastSquares(points, labels, level.frequencies, 0, nTrain);
      const mse = meanSquaredError(points, labels, level.frequencies, coefficients, nTrain, points.rows);
      tried.push({ T: level.T, size: G, validationMSE: mse });
      if (opts.noiseVariance === undefined) {
        const residual = meanSquaredError(points, labels, level.frequencies, coefficients, 0, nTrain) * nTrain / (nTrain - G);
        noise = Math.min(noise, residual);
      }
      misses = best && mse >= best.mse ? misses + 1 : 0;
      if (!best || mse < best.mse) best = { fit: { T: level.T, frequencies: level.frequencies, coefficients, levels: tried }, mse };
    }
    if (!best) throw invalidRange(fn, `expected enough samples for one basis function but received ${points.rows}`);
    return best.fit;
  });
}

/** The sieve at a given level, fitted on every sample. */
function fixedLevel(points: Matrix, labels: Float64Array, gamma: Gamma, T: number): SieveFit {
  const level = basisLevels(gamma, points.rows).find((l) => l.T === T);
  if (level === undefined) {
    throw invalidRange('fitSieve', `expected opts.T to be a level of gamma with fewer basis functions than the ${points.rows} samples ` +
      `but received ${T}`);
  }
  const coefficients = leastSquares(points, labels, level.frequencies, 0, points.rows);
  return { T, frequencies: level.frequencies, coefficients, levels: [] };
}

/**
 * The excess risk of a fit against a target with known coefficients, exactly, by Parseval:
 * Σ_{l ∉ basis} c_l² + Σ_{l ∈ basis} (ĉ_l − c_l)².
 * @param fit a sieve fit.
 * @param target the smooth target the samples came from.
 * @returns the squared L² distance between the fitted and the true function on [0, 1]^J.
 * @example sieveRisk(fit, target);
 */
export function sieveRisk(fit: SieveFit, target: SmoothTarget): number {
  if (!(target instanceof SmoothTarget)) throw invalidType('sieveRisk', 'target', 'a SmoothTarget (smoothness.sampleTarget)', target);
  if (typeof fit !== 'object' || fit === null || !Array.isArray(fit.frequencies) || !(fit.coefficients instanceof Float64Array)) {
    throw invalidType('sieveRisk', 'fit', 'a sieve fit (fitSieve)', fit);
  }
  const J = target.dimension, truth = new Map<string, number>();
  target.coefficients.forEach((c, k) => truth.set(target.frequencies.subarray(k * J, (k + 1) * J).join(','), c));
  let risk = 0;
  fit.frequencies.forEach((l, k) => {
    const key = l.join(',');
    risk += (fit.coefficients[k] - (truth.get(key) ?? 0)) ** 2;
    truth.delete(key);
  });
  for (const c of truth.values()) risk += c * c;
  return risk;
}

function checkSieveInput(fn: string, points: Matrix, labels: Float64Array, gamma: Gamma): void {
  checkSample(fn, points, labels);
  if (checkGamma(fn, gamma).a.length !== points.cols) {
    throw invalidRange(fn, `expected gamma over ${points.cols} coordinates (one per column of points) but received ${gamma.a.length}`,
      'ERR_ATTNSIM_SHAPE');
  }
}

/** The nested levels: frequencies ordered by γ of their block, cut where γ changes, each below maxSize. */
export function basisLevels(gamma: Gamma, maxSize: number): { T: number; frequencies: number[][] }[] {
  checkGamma('basisLevels', gamma);
  checkFiniteNumber('basisLevels', 'maxSize', maxSize);
  const blocks = blocksBelow(gamma, maxSize);
  const levels: { T: number; frequencies: number[][] }[] = [];
  const frequencies: number[][] = [];
  for (let k = 0; k < blocks.length && frequencies.length < maxSize; k++) {
    const members = blockMembers(blocks[k].s), J = gamma.a.length;
    for (let m = 0; m < members.length; m += J) frequencies.push(Array.from(members.subarray(m, m + J)));
    const next = k + 1 < blocks.length ? blocks[k + 1].gamma : Infinity;
    if (next > blocks[k].gamma && frequencies.length < maxSize) levels.push({ T: next, frequencies: [...frequencies] });
  }
  return levels.filter((l) => Number.isFinite(l.T));
}

/**
 * The blocks in order of γ, best first over the lattice of s (γ grows with every s_i, so a block is
 * reached only after the blocks below it), until their basis reaches maxSize functions (the level of the last block
 * may be cut short: basisLevels never returns it, so on many coordinates of equal a the walk stays small). Blocks of γ = ∞ (an irrelevant
 * coordinate, a_i = ∞) are never entered.
 */
function blocksBelow(gamma: Gamma, maxSize: number): { s: number[]; gamma: number }[] {
  const zero = gamma.a.map(() => 0);
  const queue = new MinHeap<{ s: number[]; gamma: number }>((p, q) => p.gamma - q.gamma);
  queue.push({ s: zero, gamma: 0 });
  const seen = new Set([zero.join(',')]);
  const out: { s: number[]; gamma: number }[] = [];
  let size = 0;
  while (queue.size > 0) {
    const block = queue.pop();
    if (size >= maxSize) break;
    out.push(block);
    size += 2 ** block.s.reduce((x, y) => x + y, 0);
    block.s.forEach((_, i) => {
      const next = block.s.map((v, j) => (j === i ? v + 1 : v));
      const key = next.join(',');
      const g = gamma(next);
      if (!seen.has(key) && Number.isFinite(g)) {
        seen.add(key);
        queue.push({ s: next, gamma: g });
      }
    });
  }
  return out;
}

/** A binary min-heap under `compare`. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly compare: (p: T, q: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const h = this.items;
    h.push(item);
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (this.compare(h[i], h[parent]) >= 0) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  pop(): T {
    const h = this.items;
    const top = h[0];
    const last = h.pop() as T;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && this.compare(h[l], h[m]) < 0) m = l;
        if (r < h.length && this.compare(h[r], h[m]) < 0) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * The transposed design matrix of rows [from, to) on the given basis (one row per basis function, so
 * each is written contiguously): per coordinate, a table of ψ_l for each frequency the basis uses
 * there; each basis function is then a product of table rows.
 */
function designT(points: Matrix, frequencies: readonly number[][], from: number, to: number, dtype: DType = 'float64'): Matrix {
  const rows = to - from, G = frequencies.length, J = points.cols;
  const tables = coordinateTables(points, frequencies, from, to);
  const x = (dtype === 'float32' ? new Float32Array(G * rows) : new Float64Array(G * rows)).fill(1);
  for (let g = 0; g < G; g++) {
    const column = x.subarray(g * rows, (g + 1) * rows);
    for (let i = 0; i < J; i++) {
      const l = frequencies[g][i];
      if (l === 0) continue;
      const t = tables[i].get(l) as Float64Array;
      for (let r = 0; r < rows; r++) column[r] *= t[r];
    }
  }
  return new Matrix(G, rows, x);
}

/** For each coordinate, ψ_l(x_i) on rows [from, to) for every non-zero l the basis uses on it. */
function coordinateTables(points: Matrix, frequencies: readonly number[][], from: number, to: number): Map<number, Float64Array>[] {
  const J = points.cols;
  return Array.from({ length: J }, (_, i) => {
    const table = new Map<number, Float64Array>();
    for (const l of frequencies) {
      if (l[i] === 0 || table.has(l[i])) continue;
      const t = new Float64Array(to - from);
      for (let r = from; r < to; r++) t[r - from] = psi(l[i], points.data[r * J + i]);
      table.set(l[i], t);
    }
    return table;
  });
}

/**
 * Least squares on rows [from, to): the normal equations accumulated chunk by chunk, then a Cholesky solve. The Gram
 * matrix of each chunk is a float32 GEMM (twice the speed; the basis is orthonormal, so XᵀX/n is near the identity and
 * float32's relative error of ~1e-6 per chunk moves the excess risk by far less than its sampling error); the chunks,
 * Xᵀy and the solve are float64.
 */
function leastSquares(points: Matrix, labels: Float64Array, frequencies: readonly number[][], from: number, to: number): Float64Array {
  const G = frequencies.length;
  const gram = new Float64Array(G * G), rhs = new Float64Array(G);
  for (let start = from; start < to; start += CHUNK) {
    const end = Math.min(to, start + CHUNK);
    const xt = designT(points, frequencies, start, end, 'float32'), rows = end - start, x = xt.data;
    const part = matmul(xt, xt, { transB: true }).data;
    for (let k = 0; k < part.length; k++) gram[k] += part[k];
    for (let g = 0; g < G; g++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += x[g * rows + r] * labels[start + r];
      rhs[g] += sum;
    }
  }
  return solveWithJitter(gram, rhs, G);
}

/**
 * Cholesky on the normal equations; when rounding makes them indefinite (a float32 Gram of near-collinear columns,
 * as where selected tokens are ordered), a ridge of 1e-10 times the mean diagonal, then 100× more, up to 1e-4.
 */
function solveWithJitter(gram: Float64Array, rhs: Float64Array, G: number): Float64Array {
  let mean = 0;
  for (let g = 0; g < G; g++) mean += gram[g * G + g] / G;
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-10 * mean : ridge * 100) {
    const a = ridge === 0 ? gram : gram.map((v, k) => (k % (G + 1) === 0 ? v + ridge : v));
    try {
      return choleskySolve(a, rhs, G);
    } catch (e) {
      if (ridge > 1e-4 * mean) throw e;
    }
  }
}

/**
 * The fitted sieve's values at points.
 * @param fit what fitSieve returned; @param points m×J points (J as in the fit).
 * @returns m values.
 * @throws {ArgumentRangeError} when points have another number of coordinates than the fit.
 * @example sievePredict(fitSieve(x, y, g), xTest);
 */
export function sievePredict(fit: SieveFit, points: Matrix): Float64Array {
  if (typeof fit !== 'object' || fit === null || !Array.isArray(fit.frequencies) || !(fit.coefficients instanceof Float64Array)) {
    throw invalidType('sievePredict', 'fit', 'what fitSieve returned', fit);
  }
  checkMatrix('sievePredict', 'points', points);
  const J = fit.frequencies[0]?.length ?? points.cols;
  if (points.cols !== J) throw invalidRange('sievePredict', `expected points with ${J} coordinates but received ${points.cols}`, 'ERR_ATTNSIM_SHAPE');
  const out = new Float64Array(points.rows), beta = new Matrix(1, fit.coefficients.length, fit.coefficients);
  for (let start = 0; start < points.rows; start += CHUNK) {
    const end = Math.min(points.rows, start + CHUNK);
    out.set(matmul(beta, designT(points, fit.frequencies, start, end)).data, start);
  }
  return out;
}

/** The mean squared error of the fit on rows [from, to). */
function meanSquaredError(points: Matrix, labels: Float64Array, frequencies: readonly number[][],
  coefficients: Float64Array, from: number, to: number): number {
  let sum = 0;
  const beta = new Matrix(1, coefficients.length, coefficients);
  for (let start = from; start < to; start += CHUNK) {
    const end = Math.min(to, start + CHUNK);
    const fitted = matmul(beta, designT(points, frequencies, start, end)).data;
    for (let r = start; r < end; r++) sum += (labels[r] - fitted[r - start]) ** 2;
  }
  return sum / (to - from);
}
