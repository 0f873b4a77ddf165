/** The universal simulator and the elementary ops against direct computation (float64), and dense against structured. */
import * as assert from 'assert';
import { attention, buildSimulator, compile, costTable, Matrix, matmul, simulate, softmaxRows } from '../../src/index';
import { runStructured } from '../../src/simulator/executors/structured';
import { allInputs, libraryPrograms } from '../cases/programs';
import { maxAbsDiff } from '../helpers/close';

/**
 * Hard mode in float64 against direct computation: exact selections and exact ReLU MLPs leave only the rounding of
 * means, products, exp and division; 1e-9 absolute on inputs of magnitude ≤ 10 (the figure) is far above it.
 */
const SIM = 1e-9;
/** Dense and structured executors run the same weights; only summation order differs. */
const EXECUTORS = 1e-12;

const random = (rows: number, cols: number, seed: number, scale = 10) => Matrix.random(rows, cols, { seed, min: -scale, max: scale });

describe('integration: the universal simulator', () => {
  describe('elementary operations, each through its own stack', () => {
    for (const [r, c] of [[1, 1], [1, 5], [4, 1], [3, 3], [2, 7]]) {
      it(`transpose ${r}×${c}`, () => assert.ok(maxAbsDiff(simulate.transpose(random(r, c, r * 10 + c)).data, transposeOf(random(r, c, r * 10 + c)).data) === 0));
    }
    for (const [r, k, c] of [[3, 4, 3], [3, 3, 3], [1, 5, 1], [4, 1, 2], [2, 6, 5]]) {
      it(`matmul ${r}×${k} · ${k}×${c}${k === 4 && r === 3 ? ' (inner size ≠ 3: the paper gets this wrong)' : ''}`, () => {
        const a = random(r, k, 1), b = random(k, c, 2);
        assert.ok(maxAbsDiff(simulate.matmul(a, b).data, matmul(a, b).data) <= SIM);
      });
    }
    it('softmax rows with logits up to 1e3 (no overflow), max-subtracted', () => {
      const m = Matrix.from([[1000, 999, -1000], [1, 2, 3], [-1000, -1000, -999]]);
      assert.ok(maxAbsDiff(simulate.softmaxRows(m).data, softmaxRows(m).data) <= SIM);
    });
    it('scaling and addition', () => {
      const a = random(3, 4, 7), b = random(3, 4, 8);
      assert.ok(maxAbsDiff(simulate.scale(a, -0.25).data, a.data.map((v) => -0.25 * v)) <= SIM);
      assert.ok(maxAbsDiff(simulate.add(a, b).data, a.data.map((v, i) => v + b.data[i])) <= SIM);
      assert.throws(() => simulate.add(a, random(4, 3, 1)), /expected a and b of one shape but received a 3×4 .* and a 4×3/);
      assert.throws(() => simulate.scale(a, NaN), /expected a finite number for s/);
    });
    it('ReLU and MaxMin with negative values: the pair (−5, 6) gives (6, −5)', () => {
      assert.deepStrictEqual(simulate.maxmin(Matrix.from([[-5, 6, 3, -2, 7]])).toArray(), [[6, -5, 3, -2, 7]]);
      assert.deepStrictEqual(simulate.relu(Matrix.from([[-1.5, 2]])).toArray(), [[0, 2]]);
    });
  });

  describe('the structured executor on compiled RASP programs (clean-up heads, heads without a hint, MLPs, marked blocks)', () => {
    for (const c of libraryPrograms) {
      it(`${c.name}: the final stream equals the dense forward within ${EXECUTORS} on every input`, () => {
        const model = compile(c.program(), { vocab: c.vocab, maxSeqLen: c.maxSeqLen, causal: c.causal ?? false });
        for (const x of allInputs(c.vocab, c.maxSeqLen)) {
          assert.ok(maxAbsDiff(runStructured(model, x).data, model.streamAfter(x).data) <= EXECUTORS, `on ${JSON.stringify(x)}`);
        }
      });
    }
  });

  describe('U: one stack for the whole attention', () => {
    for (const [n, d, heads, causal] of [[3, 2, 1, false], [1, 3, 1, false], [4, 4, 2, true], [5, 6, 3, false], [3, 4, 4, true], [6, 2, 2, false]] as const) {
      it(`n=${n}, d=${d}, heads=${heads}${causal ? ', causal' : ''}: equals attention() within ${SIM}, dense equals structured within ${EXECUTORS}`, () => {
        const sim = buildSimulator({ seqLen: n, dModel: d, heads, causal });
        const input = { x: random(n, d, 1, 3), wq: random(d, d, 2, 3), wk: random(d, d, 3, 3), wv: random(d, d, 4, 3), wo: random(d, d, 5, 3) };
        const structured = sim.run(input), dense = sim.run(input, { executor: 'dense' });
        assert.ok(maxAbsDiff(structured.data, attention({ ...input, heads, causal }).data) <= SIM);
        assert.ok(maxAbsDiff(structured.data, dense.data) <= EXECUTORS);
      });
    }
    it('is data-agnostic: one built U on many instances, and runAsync agrees', async () => {
      const sim = buildSimulator({ seqLen: 4, dModel: 4, heads: 2 });
      for (let seed = 10; seed < 16; seed++) {
        const input = { x: random(4, 4, seed), wq: random(4, 4, seed + 1, 1), wk: random(4, 4, seed + 2, 1), wv: random(4, 4, seed + 3) };
        assert.ok(maxAbsDiff(sim.run(input).data, attention({ ...input, heads: 2 }).data) <= SIM);
      }
      const input = { x: random(4, 4, 1), wq: random(4, 4, 2, 1), wk: random(4, 4, 3, 1), wv: random(4, 4, 4) };
      assert.deepStrictEqual((await sim.runAsync(input)).data, sim.run(input).data);
    });
    it(`softmax heads: close to attention at coldness 50, further at 10; every head's weight off its hard selection within (m−1)·e^(−cΔ)`, () => {
      // At c = 50 the bound is (m−1)·e^(−25) ≈ 1e-9 for m = 81 keys; layers after the heads (exp, division) may amplify
      // it by a small factor, so 1e-7 is the stated tolerance. At c = 10 the bound is 0.5 and the error must show.
      const input = { x: random(4, 4, 1, 1), wq: random(4, 4, 2, 1), wk: random(4, 4, 3, 1), wv: random(4, 4, 4, 1) };
      const direct = attention({ ...input, heads: 2 }).data;
      const error = (c: number) => maxAbsDiff(buildSimulator({ seqLen: 4, dModel: 4, heads: 2, attention: 'softmax', coldness: c }).run(input).data, direct);
      const cold = error(50), warm = error(10);
      assert.ok(cold <= 1e-7, `error at c = 50: ${cold}`);
      assert.ok(warm > 1e-3, `error at c = 10: ${warm} (the soft stack should visibly differ)`);
      const report = buildSimulator({ seqLen: 4, dModel: 4, heads: 2 }).softError(input, [5, 10, 20, 50]);
      assert.strictEqual(report.gap, 0.5);
      for (const p of report.points) {
        assert.ok(p.weightOff <= p.bound, `c = ${p.coldness}: weight off ${p.weightOff} > bound ${p.bound}`);
        assert.ok(p.weightOff >= p.bound / 100, `c = ${p.coldness}: weight off ${p.weightOff} far below the bound ${p.bound}`);
      }
    });
    it('has the size the cost formulas give, for any shape; costTable reports the same U', () => {
      for (const [n, d, heads, causal] of [[1, 2, 1, false], [2, 2, 1, false], [3, 2, 1, true], [5, 6, 3, false], [9, 3, 3, true], [16, 8, 2, false], [32, 16, 4, true]] as const) {
        const cost = buildSimulator({ seqLen: n, dModel: d, heads, causal }).cost, log = Math.ceil(Math.log2(n)), extra = causal ? 1 : 0;
        assert.strictEqual(cost.layers, 13 + log + extra, `layers at ${[n, d, heads, causal]}`);
        const tokens = Math.max(n * d + 4 * d * d, heads * n * n);
        const chunks = (cells: number, k: number) => Math.ceil(k / Math.max(1, Math.min(k, Math.floor(tokens / cells))));
        const chunked = 4 * (chunks(n * d, d) - 1) + (chunks(heads * n * n, d / heads) - 1) + (chunks(n * d, n) - 1);
        assert.strictEqual(cost.residualWidth, 96 + 4 * log + 2 * extra + 10 * chunked, `width at ${[n, d, heads, causal]}`);
        assert.strictEqual(cost.tokens, tokens, `tokens at ${[n, d, heads, causal]}`);
        assert.strictEqual(cost.headsPerLayer[0], 5);
      }
      const table = costTable(4, 4, 2);
      assert.deepStrictEqual(table.find((r) => r.operation === 'attention (U)')!.cost, buildSimulator({ seqLen: 4, dModel: 4, heads: 2 }).cost);
      assert.strictEqual(table.find((r) => r.operation === 'matrix product')!.cost.layers, 3);
    });
    it('rejects inputs of the wrong shape', () => {
      const sim = buildSimulator({ seqLen: 2, dModel: 2 });
      assert.throws(() => sim.run({ x: random(3, 2, 1), wq: random(2, 2, 1), wk: random(2, 2, 1), wv: random(2, 2, 1) }), /expected x to be 2×2 but received a 3×2/);
      assert.throws(() => buildSimulator({ seqLen: 2, dModel: 3, heads: 2 }), /expected heads \(2\) to divide dModel \(3\)/);
      assert.throws(() => buildSimulator({ seqLen: 2, dModel: 2, coldness: 0 }), /expected a positive coldness but received 0/);
      assert.throws(() => buildSimulator({ seqLen: 4096, dModel: 512 }), /at most 1048576 tokens, but seqLen 4096 and dModel 512 needs 16777216/);
    });
  });
});

function transposeOf(m: Matrix): Matrix {
  return new Matrix(m.cols, m.rows, Float64Array.from({ length: m.data.length }, (_, p) => m.data[(p % m.rows) * m.cols + Math.floor(p / m.rows)]));
}
