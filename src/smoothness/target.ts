/**
 * A seeded γ-smooth target: every block s with γ(s) < T gets a Gaussian direction scaled to ‖δ_s f‖₂ = 2^{−γ(s)} (p = 2), or
 * its kernel at a random centre scaled to ‖δ_s f‖_p = 2^{−γ(s)} (1 ≤ p < 2).
 * Evaluation is batched: per-coordinate feature matrices, multiplied out over two groups of coordinates, one GEMM.
 */
import { calledAs } from '../called_as';
import { assertRange, checkFiniteNumber, checkInteger, invalidRange, invalidType } from '../check';
import { checkMemory } from '../budget';
import { Matrix } from '../linalg/matrix';
import { matmul } from '../linalg/matmul';
import { MAX_SEED, Random } from '../linalg/random';
import { blockMembers } from './block';
import { blockKernelNorm, checkKernelLevel } from './block_kernel';
import { basisCount, checkGamma, forEachBlock } from './count';
import { Gamma, gamma, SmoothnessKind } from './gamma';
import { checkNorm } from './rate';
import { frequencyColumn, psi, trigFeatures } from './trig_basis';

/** Options of sampleTarget. */
export interface TargetOptions {
  /** The smoothness of each coordinate (its length is the dimension J). */
  a: readonly number[];
  kind: SmoothnessKind;
  /** The level: blocks with γ(s) < T carry coefficients. */
  T: number;
  seed: number;
  /** The L^p norm each block is drawn to (1 ≤ p ≤ 2, default 2): see sampleTarget. */
  p?: number;
}

/** How the coordinates are split for batched evaluation: f(x) = Σ_{a,b} Φ_A(x)_a C_{ab} Φ_B(x)_b. */
interface Plan {
  split: number;
  partsA: Int32Array[];
  partsB: Int32Array[];
  c: Matrix;
  maxFrequency: number[];
}

/** Points per chunk of batched evaluation: feature blocks of about 2^21 entries each. */
const CHUNK_ENTRIES = 2 ** 21;

/** A trigonometric polynomial Σ_l c_l ψ_l on [0,1]^J. */
export class SmoothTarget {
  private plan?: Plan;

  /**
   * @param gamma the smoothness it was drawn for; @param T its level.
   * @param frequencies the multi-indices, G rows of J (flat); @param coefficients c_l, one per row.
   */
  constructor(readonly gamma: Gamma, readonly T: number, readonly frequencies: Int32Array, readonly coefficients: Float64Array) {}

  /** The number of coordinates J. */
  get dimension(): number {
    return this.gamma.a.length;
  }

  /** ‖f‖₂² = Σ c_l² (Parseval: the basis is orthonormal). */
  normSquared(): number {
    return this.coefficients.reduce((sum, c) => sum + c * c, 0);
  }

  /**
   * f at n points, batched on the current backend (feature matrices and GEMMs, in chunks).
   * @param points an n×J matrix (or rows of J numbers).
   * @returns the n values.
   * @throws {ArgumentRangeError} when a row has not J coordinates or an entry is not finite.
   * @example sampleTarget({ a: [1, 2], kind: 'mixed', T: 3, seed: 1 }).evaluate([[0.1, 0.2]]);
   */
  evaluate(points: Matrix | readonly (readonly number[])[]): Float64Array {
    const x = this.checkPoints('SmoothTarget.evaluate', points), plan = (this.plan ??= this.makePlan());
    const n = x.rows, j = this.dimension, out = new Float64Array(n);
    const width = Math.max(1, plan.partsA.length + plan.partsB.length + plan.c.cols);
    const chunk = Math.max(1, Math.floor(CHUNK_ENTRIES / width));
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      const features = plan.maxFrequency.map((L, i) => trigFeatures(x.data, rows, L, start * j + i, j));
      const phiA = products(features, plan.partsA, 0, rows), phiB = products(features, plan.partsB, plan.split, rows);
      const y = matmul(phiA, plan.c).data, b = phiB.data, cols = plan.c.cols;
      for (let p = 0; p < rows; p++) {
        let sum = 0;
        for (let q = 0; q < cols; q++) sum += y[p * cols + q] * b[p * cols + q];
        out[start + p] = sum;
      }
    }
    return out;
  }

  /**
   * f at n points by the definition, one point and one basis function at a time: the slow reference of evaluate.
   * @example f.evaluateDirect([[0.1, 0.2]]);
   */
  evaluateDirect(points: Matrix | readonly (readonly number[])[]): Float64Array {
    const x = this.checkPoints('SmoothTarget.evaluateDirect', points), j = this.dimension, g = this.coefficients.length;
    const out = new Float64Array(x.rows);
    for (let p = 0; p < x.rows; p++) {
      let sum = 0;
      for (let m = 0; m < g; m++) {
        let v = this.coefficients[m];
        for (let i = 0; i < j; i++) v *= psi(this.frequencies[m * j + i], x.data[p * j + i]);
        sum += v;
      }
      out[p] = sum;
    }
    return out;
  }

  private checkPoints(fn: string, points: unknown): Matrix {
    const x = points instanceof Matrix ? points : Array.isArray(points) ? Matrix.from(points as number[][]) : undefined;
    if (x === undefined) throw invalidType(fn, 'points', `an n×${this.dimension} Matrix or an array of points`, points);
    assertRange(x.cols === this.dimension, fn, () => `expected points with ${this.dimension} coordinates but received ${x.cols}`,
      'ERR_ATTNSIM_SHAPE');
    for (let i = 0; i < x.data.length; i++) {
      if (!Number.isFinite(x.data[i])) throw nonFinitePoint(fn, i, x.cols, x.data[i]);
    }
    return x.dtype === 'float64' ? x : x.toDType('float64');
  }

  /** Splits the coordinates where |distinct A-parts|·|distinct B-parts| (the GEMM's size) is smallest. */
  private makePlan(): Plan {
    const j = this.dimension, g = this.coefficients.length, f = this.frequencies;
    const maxFrequency = Array.from({ length: j }, (_, i) => {
      let m = 0;
      for (let r = 0; r < g; r++) m = Math.max(m, Math.abs(f[r * j + i]));
      return m;
    });
    const prefix = partIds(f, g, j, [...Array(j).keys()]), suffix = partIds(f, g, j, [...Array(j).keys()].reverse());
    let split = 0, best = Infinity;
    for (let k = 0; k <= j; k++) {
      const a = prefix.counts[k], b = suffix.counts[j - k], cost = a * b + a * k + b * (j - k);
      if (cost < best) [best, split] = [cost, k];
    }
    const idA = prefix.ids[split], idB = suffix.ids[j - split];
    const nA = prefix.counts[split], nB = suffix.counts[j - split];
    checkMemory('sampleTarget', `the ${nA}×${nB} coefficient matrix of batched evaluation`, nA * nB * 8);
    const c = new Float64Array(nA * nB), partsA = new Array<Int32Array>(nA), partsB = new Array<Int32Array>(nB);
    for (let r = 0; r < g; r++) {
      c[idA[r] * nB + idB[r]] += this.coefficients[r];
      partsA[idA[r]] ??= f.slice(r * j, r * j + split);
      partsB[idB[r]] ??= f.slice(r * j + split, (r + 1) * j);
    }
    return { split, partsA, partsB, c: new Matrix(nA, nB, c), maxFrequency };
  }
}

/** The error for a non-finite coordinate. */
function nonFinitePoint(fn: string, i: number, cols: number, v: number): Error {
  return invalidType(fn, `coordinate ${i % cols} of point ${Math.floor(i / cols)}`, 'a finite number', v, 'ERR_ATTNSIM_NON_FINITE');
}

/** Ids of the distinct parts of each multi-index over the first k coordinates of `order`, for every k = 0..J. */
function partIds(f: Int32Array, g: number, j: number, order: number[]): { ids: Int32Array[]; counts: number[] } {
  let ids = new Int32Array(g);
  const all = [ids], counts = [g === 0 ? 0 : 1];
  for (const i of order) {
    const next = new Int32Array(g), seen = new Map<number, number>();
    for (let r = 0; r < g; r++) {
      const key = ids[r] * 4294967296 + (f[r * j + i] >>> 0);
      let id = seen.get(key);
      if (id === undefined) seen.set(key, (id = seen.size));
      next[r] = id;
    }
    all.push((ids = next));
    counts.push(seen.size);
  }
  return { ids: all, counts };
}

/** The n×|parts| matrix of Π_i ψ_{part_i}(x_i) over coordinates offset.. of each part (row by row, cache-friendly). */
function products(features: Matrix[], parts: Int32Array[], offset: number, n: number): Matrix {
  const cols = parts.length, width = parts.length === 0 ? 0 : parts[0].length, out = new Float64Array(n * cols);
  const columns = new Int32Array(cols * width);
  parts.forEach((part, q) => part.forEach((l, k) => { columns[q * width + k] = frequencyColumn(l); }));
  const used = features.slice(offset, offset + width), data = used.map((m) => m.data), stride = used.map((m) => m.cols);
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < cols; q++) {
      let v = 1;
      for (let k = 0; k < width; k++) v *= data[k][p * stride[k] + columns[q * width + k]];
      out[p * cols + q] = v;
    }
  }
  return new Matrix(n, cols, out);
}

/**
 * A seeded random γ-smooth target on the unit sphere of F^γ_{p,∞}, block by block. For p = 2 (the default) each block s
 * with γ(s) < T gets a Gaussian direction with ‖δ_s f‖₂ = 2^{−γ(s)}. For 1 ≤ p < 2 it gets the block's kernel centred at
 * a uniform point, scaled to ‖δ_s f‖_p = 2^{−γ(s)}: its L² norm is then as large as the class allows, up to a constant
 * (p > 1) or a factor growing like the level (p = 1), so the target is one of the class's hardest (smoothness.rate).
 * @param opts `{ a, kind, T, seed, p = 2 }`.
 * @returns the target, with its frequencies and coefficients.
 * @throws {ArgumentTypeError} for bad options; {ArgumentRangeError} ERR_ATTNSIM_THEORY_RANGE for p outside [1, 2] or, with
 *   p < 2, a block above level 16; {TooLargeError} when G(T, γ) coefficients exceed the memory budget.
 * @example const f = sampleTarget({ a: [1, 2, 4, 8], kind: 'anisotropic', T: 4, seed: 1 }); f.coefficients.length; // 45
 */
export function sampleTarget(opts: TargetOptions): SmoothTarget {
  return calledAs('smoothness.sampleTarget', () => {
    const fn = 'smoothness.sampleTarget';
    if (typeof opts !== 'object' || opts === null) throw invalidType(fn, 'options', 'an object { a, kind, T, seed }', opts);
    const g = checkGamma(fn, gamma({ kind: opts.kind, a: opts.a }));
    const T = checkFiniteNumber(fn, 'T', opts.T), seed = checkInteger(fn, 'seed', opts.seed, 0, MAX_SEED);
    const { p } = checkNorm(fn, opts.p);
    if (p > 2) {
      throw invalidRange(fn, `targets are drawn for 1 ≤ p ≤ 2 but received p = ${p}: for p > 2 the rate is the p = 2 one, so ` +
        'draw with p = 2', 'ERR_ATTNSIM_THEORY_RANGE');
    }
    if (p < 2) checkKernelLevel(fn, Math.max(0, ...g.a.filter(Number.isFinite).map((x) => Math.ceil(T / x) - 1)));
    const count = basisCount(T, g), j = g.a.length;
    checkMemory(fn, `the ${count} coefficients of G(T, γ)`, count * (8 + 4 * j));
    const rng = new Random(seed), frequencies = new Int32Array(count * j), coefficients = new Float64Array(count);
    let at = 0;
    forEachBlock(fn, T, g, (s) => {
      const members = blockMembers(s), size = members.length / j;
      frequencies.set(members, at * j);
      if (p === 2) {
        const draw = Array.from({ length: size }, () => rng.normal()), scale = 2 ** -g(s) / Math.hypot(...draw);
        draw.forEach((v, m) => { coefficients[at + m] = v * scale; });
      } else {
        const centre = Array.from({ length: j }, () => rng.next());
        const scale = 2 ** -g(s) / s.reduce((n, si) => n * blockKernelNorm(fn, si, p), 1);
        for (let m = 0; m < size; m++) {
          let v = scale;
          for (let i = 0; i < j; i++) v *= psi(members[m * j + i], centre[i]);
          coefficients[at + m] = v;
        }
      }
      at += size;
    });
    return new SmoothTarget(g, T, frequencies, coefficients);
  });
}
