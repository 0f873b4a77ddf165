/** k-nearest-neighbour regression on points in R^m (Euclidean), k chosen on a hold-out: a dimension-dependent baseline. */
import { invalidRange } from '../check';
import { checkSample } from './check_sample';
import { Matrix } from '../linalg/matrix';
import { matmul } from '../linalg/matmul';

/** A fitted kNN regressor. */
export interface KnnFit {
  k: number;
  /** The hold-out mean squared error of each k tried. */
  validation: { k: number; mse: number }[];
  predict(points: Matrix): Float64Array;
}

const QUERY_CHUNK = 512;
/** The k tried: powers of two up to 64. */
const KS = [1, 2, 4, 8, 16, 32, 64];

/**
 * Fits kNN regression: the mean label of the k nearest training points; k (1, 2, 4, …, 64) by the error on the last
 * `holdout` fraction of the rows, then the whole sample is kept for prediction.
 * @param points n×m; @param labels n values; @param holdout the fraction held out to choose k (default 0.2).
 * @returns the chosen k, the errors and a predictor.
 * @throws {ArgumentRangeError} for mismatched sizes or fewer than 10 points.
 * @example fitKnn(x, y).predict(xTest);
 */
export function fitKnn(points: Matrix, labels: Float64Array, holdout = 0.2): KnnFit {
  checkSample('fitKnn', points, labels);
  if (points.rows < 10) {
    throw invalidRange('fitKnn', `expected at least 10 points with one label each but received ${points.rows} and ${labels.length}`);
  }
  const nTrain = Math.floor(points.rows * (1 - holdout)), ks = KS.filter((k) => k <= nTrain);
  const train = rows(points, 0, nTrain), valid = rows(points, nTrain, points.rows);
  const sums = neighbourMeans(train, labels.subarray(0, nTrain), valid, ks);
  const validation = ks.map((k, j) => {
    let mse = 0;
    for (let r = 0; r < valid.rows; r++) mse += (sums[j][r] - labels[nTrain + r]) ** 2;
    return { k, mse: mse / valid.rows };
  });
  const k = validation.reduce((b, v) => (v.mse < b.mse ? v : b)).k;
  return { k, validation, predict: (q) => neighbourMeans(points, labels, q, [k])[0] };
}

function rows(m: Matrix, from: number, to: number): Matrix {
  return new Matrix(to - from, m.cols, m.data.slice(from * m.cols, to * m.cols) as Float64Array);
}

/** For each k of ks, the mean label of the k nearest rows of x to each query (distances by one GEMM per chunk). */
function neighbourMeans(x: Matrix, y: Float64Array, q: Matrix, ks: number[]): Float64Array[] {
  const kmax = Math.max(...ks), n = x.rows, m = x.cols, out = ks.map(() => new Float64Array(q.rows));
  const norms = (a: Matrix) => Float64Array.from({ length: a.rows }, (_, r) => {
    let s = 0;
    for (let c = 0; c < m; c++) s += a.data[r * m + c] ** 2;
    return s;
  });
  const xn = norms(x), best = new Float64Array(kmax), who = new Int32Array(kmax);
  for (let start = 0; start < q.rows; start += QUERY_CHUNK) {
    const chunk = rows(q, start, Math.min(q.rows, start + QUERY_CHUNK)), qn = norms(chunk);
    const dots = matmul(chunk, x, { transB: true }).data;
    for (let r = 0; r < chunk.rows; r++) {
      let size = 0;
      for (let i = 0; i < n; i++) {
        const dist = qn[r] + xn[i] - 2 * dots[r * n + i];
        if (size === kmax && dist >= best[size - 1]) continue;
        let at = size < kmax ? size++ : kmax - 1;
        while (at > 0 && best[at - 1] > dist) {
          best[at] = best[at - 1];
          who[at] = who[at - 1];
          at--;
        }
        best[at] = dist;
        who[at] = i;
      }
      ks.forEach((k, j) => {
        let s = 0;
        for (let i = 0; i < k; i++) s += y[who[i]];
        out[j][start + r] = s / k;
      });
    }
  }
  return out;
}
