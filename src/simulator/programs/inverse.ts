/**
 * Matrix inverse by Gauss–Jordan elimination with partial pivoting as one RASP program, for any n×n. The augmented
 * matrix [M | I] (n×2n) is held row-major. For each column c: a tournament of ⌈log₂(n − c)⌉ rounds brings the row of
 * largest |entry| in column c (rows c … n−1) to row c by conditional swaps (the comparison is a marked block: a step
 * of a difference), then row c is divided by its pivot (marked division) and subtracted from every other row. The
 * pivots are written after the matrix (positions 2n² + c) so that a singular input is reported after the run; a pivot
 * not above SINGULAR_PIVOT × max |m| (the largest |entry| by a tree of exact maxima) is replaced by 1, so a singular
 * input runs to the end on finite values.
 */
import { linear, maximum, product, relu, divide, SOp } from '../../rasp/index';
import { SINGULAR_PIVOT } from '../../linalg/inverse';
import { MapSOp, numerical } from '../../rasp/dsl';
import { Value } from '../../rasp/values';
import { gather, MatrixSOp, positional } from './matrix';

/** The positions the program needs for n×n: the augmented matrix and the n pivots. */
export function inverseTokens(n: number): number {
  return 2 * n * n + n;
}

/** |x| = ReLU(x) + ReLU(−x), exact. */
function abs(x: SOp, name: string): SOp {
  return linear([relu(x).named(`${name}:pos`), relu(linear([x], [-1]).named(`${name}:neg`)).named(`${name}:negpart`)], [1, 1]).named(name);
}

/** 1 where role·difference > 0, else 0: the comparison of a swap, as a marked block. */
function swapGate(role: SOp, difference: SOp, name: string): SOp {
  return numerical(new MapSOp((...v: Value[]) => ((v[0] as number) * (v[1] as number) > 0 ? 1 : 0), [role, difference], { pointwise: 'compare' }))
    .named(name);
}

/** [m | I] from m (n×n) at positions r·2n + j. */
function augment(m: MatrixSOp): SOp {
  const n = m.rows, w = 2 * n;
  const left = gather(m.sop, 'augmented:left', (p) => (p < n * w && p % w < n ? Math.floor(p / w) * n + (p % w) : -1));
  const identity = positional('augmented:identity', (p) => (p < n * w && p % w >= n && (p % w) - n === Math.floor(p / w) ? 1 : 0));
  return linear([left, identity], [1, 1]).named('augmented');
}

/** One tournament round for column c at stride s: rows r (r − c ≡ 0 mod 2s) and r + s swap if the lower one is larger. */
function swapRound(a: SOp, n: number, c: number, s: number): SOp {
  const w = 2 * n, size = n * w, name = `pivot${c}:round${s}`;
  const roleOf = (r: number) => (r < c || r >= n ? 0 : (r - c) % (2 * s) === 0 && r + s < n ? 1 : (r - c) % (2 * s) === s ? -1 : 0);
  const partnerRow = (r: number) => r + roleOf(r) * s;
  const role = positional(`${name}:role`, (p) => (p < size ? roleOf(Math.floor(p / w)) : 0));
  const partner = gather(a, `${name}:partner`, (p) => (p < size ? partnerRow(Math.floor(p / w)) * w + (p % w) : -1));
  const own = gather(a, `${name}:own`, (p) => (p < size ? Math.floor(p / w) * w + c : -1));
  const theirs = gather(a, `${name}:theirs`, (p) => (p < size ? partnerRow(Math.floor(p / w)) * w + c : -1));
  const difference = linear([abs(theirs, `${name}:|theirs|`), abs(own, `${name}:|own|`)], [1, -1]).named(`${name}:difference`);
  const gate = swapGate(role, difference, `${name}:gate`);
  const change = product(gate, linear([partner, a], [1, -1]).named(`${name}:delta`)).named(`${name}:change`);
  return linear([a, change], [1, 1]).named(name);
}

/** max |m| at every position: |entries| reduced by a tree of exact maxima, then read from position 0. */
function largestEntry(m: MatrixSOp): SOp {
  const size = m.rows * m.cols;
  let max = abs(m.sop, 'scale:abs');
  for (let s = 1; s < size; s *= 2) {
    const partner = gather(max, `scale:max${s}:partner`, (p) => (p >= size ? -1 : p + s < size ? p + s : p));
    max = maximum(max, partner).named(`scale:max${s}`);
  }
  return gather(max, 'scale', () => 0);
}

/** The pivot, or 1 where it is not above SINGULAR_PIVOT × scale (a marked block: a comparison). */
function safePivot(pivot: SOp, scale: SOp, name: string): SOp {
  const f = (p: number, s: number) => (Math.abs(p) > SINGULAR_PIVOT * s ? p : 1);
  return numerical(new MapSOp((...v: Value[]) => f(v[0] as number, v[1] as number), [pivot, scale], { pointwise: 'pivot' })).named(name);
}

/** Row c divided by the pivot; every other row minus its column-c entry times that. Returns the matrix and the pivot. */
function eliminate(a: SOp, n: number, c: number, scale: SOp): { a: SOp; pivot: SOp } {
  const w = 2 * n, size = n * w, name = `column${c}`;
  const pivot = gather(a, `${name}:pivot`, () => c * w + c);
  const pivotRow = gather(a, `${name}:pivotRow`, (p) => (p < size ? c * w + (p % w) : -1));
  const columnEntry = gather(a, `${name}:entry`, (p) => (p < size ? Math.floor(p / w) * w + c : -1));
  const normalised = divide(pivotRow, safePivot(pivot, scale, `${name}:safePivot`)).named(`${name}:normalised`);
  const update = product(columnEntry, normalised).named(`${name}:update`);
  const inPivotRow = gather(normalised, `${name}:inPivotRow`, (p) => (p < size && Math.floor(p / w) === c ? p : -1));
  return { a: linear([a, update, inPivotRow], [1, -1, 1]).named(name), pivot };
}

/** The augmented matrix after elimination, with pivot c at position 2n² + c. */
export function inverseProgram(m: MatrixSOp): MatrixSOp {
  const n = m.rows, size = 2 * n * n;
  let a = augment(m);
  const pivots: SOp[] = [], scale = largestEntry(m);
  for (let c = 0; c < n; c++) {
    for (let s = 1; s < n - c; s *= 2) a = swapRound(a, n, c, s);
    const step = eliminate(a, n, c, scale);
    a = step.a;
    pivots.push(gather(step.pivot, `pivot${c}`, (p) => (p === size + c ? 0 : -1)));
  }
  return { sop: linear([a, ...pivots], [1, ...pivots.map(() => 1)]).named('inverse'), rows: 1, cols: size + n };
}
