/**
 * Isotropic Gaussian kernel ridge regression (Nyström: the span of up to 512 training points), bandwidth and ridge
 * chosen on a hold-out: the linear, dimension-dependent baseline.
 */
import { invalidRange } from '../check';
import { checkSample } from './check_sample';
import { Matrix } from '../linalg/matrix';
import { matmul } from '../linalg/matmul';
import { choleskySolve } from './cholesky';

/** A fitted kernel ridge regressor. */
export interface KernelRidgeFit {
  bandwidth: number;
  ridge: number;
  centers: number;
  validation: { bandwidth: number; ridge: number; mse: number }[];
  predict(points: Matrix): Float64Array;
}

/** The most centres: the m×m solve is O(m³) in TypeScript, and K_nm·K_mn one GEMM of n·m² on the backend. */
export const MAX_CENTERS = 512;
const BANDWIDTH_SCALES = [0.5, 1, 2];
const RIDGES = [1e-2, 1e-3, 1e-4];

/**
 * Fits k(x, z) = exp(−‖x − z‖²/(2h²)) ridge regression on the span of the first min(n, 512) training points
 * (subset of regressors): α solves (K_mn K_nm + n λ K_mm) α = K_mn y. h is the median distance between centres times
 * 0.5, 1 or 2 and λ 1e-2, 1e-3 or 1e-4, chosen on the last `holdout` fraction; then refitted on every row.
 * @param points n×m points; @param labels n values; @param holdout the fraction held out (default 0.2).
 * @returns the chosen bandwidth and ridge, the errors and a predictor.
 * @throws {ArgumentRangeError} for mismatched sizes or fewer than 10 points.
 * @example fitKernelRidge(x, y).predict(xTest);
 */
export function fitKernelRidge(points: Matrix, labels: Float64Array, holdout = 0.2): KernelRidgeFit {
  checkSample('fitKernelRidge', points, labels);
  if (points.rows < 10) {
    throw invalidRange('fitKernelRidge', `expected at least 10 points with one label each but received ${points.rows} and ${labels.length}`);
  }
  const nTrain = Math.floor(points.rows * (1 - holdout));
  const train = slice(points, 0, nTrain), valid = slice(points, nTrain, points.rows), yTrain = labels.subarray(0, nTrain);
  const centers = slice(points, 0, Math.min(MAX_CENTERS, nTrain)), median = medianDistance(centers);
  const validation: KernelRidgeFit['validation'] = [];
  for (const scale of BANDWIDTH_SCALES) {
    const h = scale * median, system = normalSystem(train, yTrain, centers, h), kv = kernel(valid, centers, h);
    for (const ridge of RIDGES) {
      const alpha = solve(system, nTrain * ridge), fitted = apply(kv, alpha);
      let mse = 0;
      for (let r = 0; r < valid.rows; r++) mse += (fitted[r] - labels[nTrain + r]) ** 2;
      validation.push({ bandwidth: h, ridge, mse: mse / valid.rows });
    }
  }
  const best = validation.reduce((b, v) => (v.mse < b.mse ? v : b));
  const all = slice(points, 0, Math.min(MAX_CENTERS, points.rows));
  const alpha = solve(normalSystem(points, labels, all, best.bandwidth), points.rows * best.ridge);
  return { bandwidth: best.bandwidth, ridge: best.ridge, centers: all.rows, validation,
    predict: (q) => apply(kernel(q, all, best.bandwidth), alpha) };
}

interface NormalSystem { kmn: Float64Array; kmm: Float64Array; rhs: Float64Array; m: number }

function slice(a: Matrix, from: number, to: number): Matrix {
  const x = a.dtype === 'float64' ? a : a.toDType('float64');
  return new Matrix(to - from, a.cols, x.data.slice(from * a.cols, to * a.cols) as Float64Array);
}

/** K_mn K_nm, K_mm and K_mn y for centres c. */
function normalSystem(x: Matrix, y: Float64Array, c: Matrix, h: number): NormalSystem {
  const knm = kernel(x, c, h), m = c.rows;
  const kmn = matmul(knm, knm, { transA: true }).data as Float64Array, rhs = new Float64Array(m);
  for (let r = 0; r < x.rows; r++) for (let j = 0; j < m; j++) rhs[j] += knm.data[r * m + j] * y[r];
  return { kmn, kmm: kernel(c, c, h).data as Float64Array, rhs, m };
}

function solve(s: NormalSystem, ridge: number): Float64Array {
  const a = new Float64Array(s.m * s.m);
  for (let k = 0; k < a.length; k++) a[k] = s.kmn[k] + ridge * s.kmm[k];
  for (let j = 0; j < s.m; j++) a[j * s.m + j] += 1e-10 * (s.kmn[j * s.m + j] + 1);
  return choleskySolve(a, s.rhs, s.m);
}

/** The n×m Gaussian kernel matrix between rows of x and of c, by one GEMM. */
function kernel(x: Matrix, c: Matrix, h: number): Matrix {
  const dots = matmul(x, c, { transB: true }).data, m = c.rows, out = new Float64Array(x.rows * m);
  const xn = sqNorms(x), cn = sqNorms(c), scale = -1 / (2 * h * h);
  for (let r = 0; r < x.rows; r++) for (let j = 0; j < m; j++) out[r * m + j] = Math.exp(scale * Math.max(0, xn[r] + cn[j] - 2 * dots[r * m + j]));
  return new Matrix(x.rows, m, out);
}

function apply(k: Matrix, alpha: Float64Array): Float64Array {
  const m = alpha.length, out = new Float64Array(k.rows);
  for (let r = 0; r < k.rows; r++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += k.data[r * m + j] * alpha[j];
    out[r] = s;
  }
  return out;
}

function sqNorms(a: Matrix): Float64Array {
  return Float64Array.from({ length: a.rows }, (_, r) => {
    let s = 0;
    for (let c = 0; c < a.cols; c++) s += a.data[r * a.cols + c] ** 2;
    return s;
  });
}

/** The median distance between pairs of the first 200 centres (the usual bandwidth heuristic). */
function medianDistance(c: Matrix): number {
  const m = Math.min(200, c.rows), d: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      let s = 0;
      for (let k = 0; k < c.cols; k++) s += (c.data[i * c.cols + k] - c.data[j * c.cols + k]) ** 2;
      d.push(Math.sqrt(s));
    }
  }
  d.sort((p, q) => p - q);
  return d.length === 0 ? 1 : d[Math.floor(d.length / 2)] || 1;
}
