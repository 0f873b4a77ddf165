/** The paper's other operations, each through one compiled stack, against direct float64 evaluation on the native core. */
import * as assert from 'assert';
import {
  conditionNumber, costTable, groupSortNetwork, inverse, linearAttention, linformerAttention, Matrix, matmul, simulate,
} from '../../src/index';
import { maxAbsDiff } from '../helpers/close';
import { assertThrows } from '../helpers/throws';

/**
 * Hard stacks in float64: exact selections and exact ReLU MLPs leave only the rounding of means, products, exp and
 * division, far below 1e-9 on inputs of magnitude ≤ 3 (the figure for the simulator).
 */
const SIM = 1e-9;

const random = (rows: number, cols: number, seed: number, scale = 3) => Matrix.random(rows, cols, { seed, min: -scale, max: scale });

describe('simulator: linear attention, Linformer, GroupSort networks', () => {
  for (const [n, dk, dv] of [[1, 1, 1], [3, 2, 4], [5, 3, 2]]) {
    it(`linear attention n=${n}, dk=${dk}, dv=${dv}: within ${SIM} of linearAttention`, () => {
      const input = { q: random(n, dk, 1), k: random(n, dk, 2), v: random(n, dv, 3) };
      const direct = linearAttention(input);
      assert.ok(maxAbsDiff(simulate.linearAttention(input).data, direct.data) <= SIM);
    });
  }
  it('linearAttention against a plain loop (φ = elu + 1, normalised)', () => {
    const q = random(2, 2, 4), k = random(3, 2, 5), v = random(3, 1, 6), phi = (x: number) => (x > 0 ? x + 1 : Math.exp(x));
    const expected = [0, 1].map((i) => {
      let num = 0, den = 0;
      for (let j = 0; j < 3; j++) {
        const w = phi(q.data[i * 2]) * phi(k.data[j * 2]) + phi(q.data[i * 2 + 1]) * phi(k.data[j * 2 + 1]);
        num += w * v.data[j];
        den += w;
      }
      return num / den;
    });
    assert.ok(maxAbsDiff(linearAttention({ q, k, v }).data, expected) <= 1e-12);
  });
  it('linearAttention stays exact where φ underflows (entries ≤ −745), and simulate.linearAttention refuses with a coded error', () => {
    // φ(q)·φ(k_j) = e^−1600 and e^−1590, both 0 in float64: the stable form keeps their ratio e^−10.
    const input = { q: Matrix.from([[-800]]), k: Matrix.from([[-800], [-790]]), v: Matrix.from([[1], [3]]) };
    const expected = (Math.exp(-10) * 1 + 3) / (Math.exp(-10) + 1);
    assert.ok(Math.abs(linearAttention(input).data[0] - expected) <= 1e-15);
    assertThrows(() => simulate.linearAttention(input),
      /^simulate\.linearAttention: the normaliser φ\(q_0\)·Σ_j φ\(k_j\) of row 0 underflows \(0\): .* use linearAttention, which computes in a stable form$/,
      'ERR_ATTNSIM_NON_FINITE');
    // Large positive entries (φ = x + 1) and mixed rows agree with the plain form within float64 rounding.
    const mixed = { q: Matrix.from([[-1000, 2], [5, -3]]), k: Matrix.from([[1e6, -2], [0.5, -900]]), v: Matrix.from([[1, 2], [3, 4]]) };
    const plain = (i: number) => [0, 1].map((c) => {
      const phi = (x: number) => (x > 0 ? x + 1 : Math.exp(x)), w = [0, 1].map((j) => phi(mixed.q.data[i * 2]) * phi(mixed.k.data[j * 2]) +
        phi(mixed.q.data[i * 2 + 1]) * phi(mixed.k.data[j * 2 + 1]));
      return (w[0] * mixed.v.data[c] + w[1] * mixed.v.data[2 + c]) / (w[0] + w[1]);
    });
    assert.ok(maxAbsDiff(linearAttention(mixed).data, [...plain(0), ...plain(1)]) <= 1e-12);
  });
  it('linear attention without keys or features (0×0) is refused naming the function called', () => {
    for (const [fn, f] of [['linearAttention', linearAttention], ['simulate\\.linearAttention', simulate.linearAttention]] as const) {
      assertThrows(() => f({ q: Matrix.zeros(0, 0), k: Matrix.zeros(0, 0), v: Matrix.zeros(0, 0) }),
        new RegExp(`^${fn}: expected k with at least one row \\(key\\) and one column \\(feature\\) but received a 0×0 float64 Matrix$`), 'ERR_ATTNSIM_SHAPE');
    }
  });
  for (const [n, d, kp] of [[2, 1, 1], [4, 2, 2], [5, 3, 2]]) {
    it(`Linformer n=${n}, d=${d}, k=${kp}: within ${SIM} of linformerAttention`, () => {
      const input = { q: random(n, d, 1), k: random(n, d, 2), v: random(n, d, 3), e: random(kp, n, 4, 1), f: random(kp, n, 5, 1) };
      assert.ok(maxAbsDiff(simulate.linformer(input).data, linformerAttention(input).data) <= SIM);
    });
  }
  it('a random GroupSort network (3 layers, widths 3 → 4 → 4 → 2) equals its direct evaluation', () => {
    const layers = [[4, 3], [4, 4], [2, 4]].map(([o, i], l) => ({ w: random(o, i, 10 + l, 1), b: random(1, o, 20 + l, 1) }));
    const x = random(5, 3, 30);
    assert.ok(maxAbsDiff(simulate.groupSortNetwork(layers, x).data, groupSortNetwork(layers, x).data) <= SIM);
  });
  it('GroupSort networks compute |x| and the 1-Lipschitz saw ||x| − 1| exactly on a grid of [−2, 2]', () => {
    const grid = Matrix.from(Array.from({ length: 41 }, (_, i) => [-2 + i / 10]));
    const abs = [{ w: Matrix.from([[1], [-1]]), b: Matrix.from([[0, 0]]) }];
    const absNet = [...abs, { w: Matrix.from([[1, 0]]), b: Matrix.from([[0]]) }];
    const sawNet = [...abs, { w: Matrix.from([[1, 0], [-1, 0]]), b: Matrix.from([[-1, 1]]) }, { w: Matrix.from([[1, 0]]), b: Matrix.from([[0]]) }];
    const xs = [...grid.data];
    assert.ok(maxAbsDiff(simulate.groupSortNetwork(absNet, grid).data, xs.map(Math.abs)) <= SIM);
    const saw = simulate.groupSortNetwork(sawNet, grid).data;
    assert.ok(maxAbsDiff(saw, xs.map((x) => Math.abs(Math.abs(x) - 1))) <= SIM);
    for (let i = 1; i < saw.length; i++) assert.ok(Math.abs(saw[i] - saw[i - 1]) <= 0.1 + SIM, '1-Lipschitz on the grid');
  });
  const hilbert = (n: number) => Matrix.from(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 1 / (i + j + 1))));
  const cases: [string, Matrix][] = [
    ['1×1', Matrix.from([[-4]])], ['2×2 needing a row swap', Matrix.from([[0, 2], [3, 1]])], ['3×3 random', random(3, 3, 40)],
    ['4×4 random', random(4, 4, 41)], ['Hilbert 4×4 (cond ≈ 2.8e4)', hilbert(4)], ['5×5 random', random(5, 5, 42)],
  ];
  for (const [name, m] of cases) {
    it(`inverse of ${name}: within 1e-9·cond(m) of LU`, () => {
      const error = maxAbsDiff(simulate.inverse(m).data, inverse(m).data), bound = 1e-9 * conditionNumber(m);
      assert.ok(error <= bound, `error ${error} above ${bound}`);
    });
  }
  it('inverse: LU against the identity, and singular or nearly singular input reported after the run', () => {
    const m = random(4, 4, 43), product = inverse(m);
    const id = Array.from({ length: 16 }, (_, i) => {
      let s = 0;
      for (let t = 0; t < 4; t++) s += m.data[Math.floor(i / 4) * 4 + t] * product.data[t * 4 + (i % 4)];
      return s;
    });
    assert.ok(maxAbsDiff(id, Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1 : 0))) <= 1e-12);
    for (const singular of [Matrix.from([[1, 2], [2, 4]]), Matrix.from([[1, 1], [1, 1 + 1e-14]]), Matrix.zeros(3, 3)]) {
      assertThrows(() => simulate.inverse(singular), /simulate\.inverse: the matrix is singular or nearly so: the pivot of column \d/, 'ERR_ATTNSIM_SINGULAR');
      assertThrows(() => inverse(singular), /inverse: the matrix is singular or nearly so/, 'ERR_ATTNSIM_SINGULAR');
    }
    assertThrows(() => simulate.inverse(random(2, 3, 1)), /expected a non-empty square matrix for m but received a 2×3/, 'ERR_ATTNSIM_SHAPE');
  });
  it('the cost table states the inverse at 3×3 and 4×4, its layers growing with n', () => {
    const rows = costTable(2, 2, 1).filter((r) => r.operation.startsWith('inverse'));
    assert.deepStrictEqual(rows.map((r) => r.shape), ['3×3', '4×4']);
    assert.ok(rows[1].cost.layers > rows[0].cost.layers && rows[0].cost.layers > 5);
  });
  it('matmul beyond the token limit (64×300 · 300×64: 1.2M products) runs in chunks, within 1e-9', () => {
    const a = random(64, 300, 50, 1), b = random(300, 64, 51, 1);
    assert.ok(maxAbsDiff(simulate.matmul(a, b).data, matmul(a, b).data) <= SIM);
  });
  it('refuses bad arguments with coded errors', () => {
    assertThrows(() => simulate.linearAttention({ q: random(2, 2, 1), k: random(2, 3, 1), v: random(2, 1, 1) }),
      /simulate\.linearAttention: expected q and k with one number of columns/, 'ERR_ATTNSIM_SHAPE');
    assertThrows(() => linformerAttention({ q: random(2, 2, 1), k: random(2, 2, 1), v: random(2, 2, 1), e: random(1, 3, 1), f: random(1, 2, 1) }),
      /expected e and f of one shape k×2/, 'ERR_ATTNSIM_SHAPE');
    assertThrows(() => simulate.groupSortNetwork([], random(1, 1, 1)), /expected a non-empty array of \{ w, b \} for layers/, 'ERR_ATTNSIM_ARGUMENT');
    assertThrows(() => groupSortNetwork([{ w: random(2, 2, 1), b: random(1, 2, 1) }], random(1, 3, 1)),
      /expected layers\[0\]\.w with 3 columns/, 'ERR_ATTNSIM_SHAPE');
    assertThrows(() => simulate.linformer(null as never), /expected an object \{ q, k, v \} for input but received null/, 'ERR_ATTNSIM_ARGUMENT');
  });
});
