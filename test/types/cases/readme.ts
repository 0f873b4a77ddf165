/** The README's JavaScript API examples, written as TypeScript against the published types: each must compile under --strict without casts. */
import {
  attention, backendInfo, buildSimulator, compile, createAttentionLayer, estimation, Matrix, matmul, matmulAsync, matmulBatched, rasp, selection,
  setThreads, smoothness, softmaxRows, tfjsAttention,
} from 'attnsim';

const r = (rows: number, cols: number, seed: number) => Matrix.random(rows, cols, { seed });

{
  const m = Matrix.from([[1, 2, 3], [4, 5, 6]]);
  const z = Matrix.zeros(2, 2, 'float32');
  const q = Matrix.random(3, 3, { seed: 7 });
  console.log(m.rows, m.cols, m.dtype, m.get(1, 2), z.dtype, q.toArray().length);
  z.set(0, 1, 2.5);
  console.log(String(z));
}
{
  const a = Matrix.from([[1, 2], [3, 4]]), b = Matrix.from([[5, 6], [7, 8]]);
  console.log(matmul(a, b).toArray());
  console.log(matmul(a, b, { transA: true }).toArray());
  const out = Matrix.zeros(2, 2);
  matmul(a, b, { out });
  void matmulAsync(a, b).then((c) => console.log(c.get(0, 0)));
  console.log(matmulBatched([a, b], a).map((c) => c.get(0, 0)));
}
{
  console.log(softmaxRows(Matrix.from([[1000, 1000 + Math.log(3)]])).toArray());
  const y = attention({ x: r(5, 8, 1), wq: r(8, 8, 2), wk: r(8, 8, 3), wv: r(8, 8, 4), wo: r(8, 8, 5), heads: 2, causal: true });
  console.log(y.rows, y.cols);
}
{
  const input = { x: r(4, 8, 1), wq: r(8, 8, 2), wk: r(8, 8, 3), wv: r(8, 8, 4), heads: 2 };
  void tfjsAttention(input).then(({ output, backend }) => {
    const direct = attention(input).toArray();
    const err = Math.max(...output.flat().map((v, i) => Math.abs(v - (direct.flat()[i] ?? NaN))));
    console.log(backend, err < 1e-5);
  });
}
{
  const model = compile(rasp.lib.makeSort(rasp.tokens, rasp.tokens), { vocab: 'abc', maxSeqLen: 5 });
  console.log(model.forward([...'cab']), model.forward('cab'));
  console.log(model.config.layers);
}
{
  const sim = buildSimulator({ seqLen: 4, dModel: 4, heads: 2 });
  const input = { x: r(4, 4, 1), wq: r(4, 4, 2), wk: r(4, 4, 3), wv: r(4, 4, 4) };
  const y = sim.run(input);
  const direct = attention({ ...input, heads: 2 }).data;
  console.log(Math.max(...y.data.map((v, i) => Math.abs(v - (direct[i] ?? NaN)))));
  console.log(sim.cost.layers);
}
{
  const { tokens, indices, length, select, aggregate, selectorWidth, sequenceMap, Comparison } = rasp;
  const opposite = sequenceMap((n, i) => n - i - 1, length, indices);
  const reverse = aggregate(select(indices, opposite, Comparison.EQ), tokens).named('reverse');
  console.log(rasp.evaluate(reverse, 'stressed').join(''));
  console.log(rasp.evaluate(selectorWidth(select(tokens, tokens, Comparison.EQ)), 'hello'));
  console.log(rasp.evaluateSelector(select(indices, indices, Comparison.LT), 'ab'));
  console.log(rasp.evaluate(selectorWidth(select(indices, indices, Comparison.TRUE)), 'abc', { causal: true }));
}
{
  const session = rasp.run(`
    def shift_right(x, n, fill) { return aggregate(select(indices, indices - n, ==), x, fill); }
    shifted = shift_right(tokens, 1, "_");
  `);
  console.log(session.evaluate('shifted', 'abc'));
  console.log(session.evaluate('sort(tokens, tokens)', 'banana'));
}
{
  const session = new rasp.RaspSession({
    loadRoot: './rasp-library',
    limits: { maxSteps: 1e6, timeoutMs: 2000, maxListLength: 100000 },
  });
  try {
    session.run('x = [1];\nfor i in range(40) { x = x + x; }');
  } catch (e) {
    const error = e as Error & { code?: string };
    console.log(error.code, error.message, session.warnings.length);
  }
}
{
  const f = smoothness.sampleTarget({ a: [1, 2, 4, 8], kind: 'anisotropic', T: 7, seed: 1 });
  console.log(f.coefficients.length, smoothness.rateExponent([1, 2, 4, 8], 'anisotropic'));
  const { model, gap, bound } = selection.buildTopKSelector({ N: 32, U: 4, k: 2, importance: [1], margin: 0.05, coldness: 400 });
  console.log(gap, bound, model.config.layers);
}
{
  const session = new rasp.RaspSession({ allowLoad: false, limits: { maxSteps: 1e6, maxListLength: 100000, maxElements: 1e6 } });
  try {
    session.run('x = [range(99999) for i in range(9000)];');
  } catch (e) {
    const error = e as Error & { code?: string };
    console.log(error.code, error.message);
  }
}
{
  console.log(backendInfo());
  setThreads(1);
}
{
  const rate = smoothness.rate({ kind: 'mixed', a: [1, 3], p: 1, theta: 2 });
  console.log(rate.v, rate.exponent, rate.conditions[1]);
  console.log(smoothness.mixedConstant([1, 3]));
  const size = smoothness.networkSize({ kind: 'anisotropic', a: [1, 2], T: 12 });
  console.log(size.basisFunctions, size.heads.value, size.depth.source);
}
{
  void estimation.rateExperiment({
    target: { kind: 'anisotropic', a: [1, 2], T: 5, noise: 0.3, seed: 1 },
    ns: [128, 256, 512, 1024], reps: 2, estimators: ['sieve', 'isotropic'],
  }).then((r) => console.log(r.theory.slope.toFixed(3), (r.slopes.sieve?.slope ?? 0) < 0));
}
{
  const f = (rows: number, cols: number, seed: number) => Matrix.random(rows, cols, { seed, dtype: 'float32' });
  const layer = createAttentionLayer({ wq: f(8, 8, 2), wk: f(8, 8, 3), wv: f(8, 8, 4), heads: 2, causal: true });
  const y = layer.forward(f(5, 8, 1));
  console.log(y.rows, y.cols, layer.dIn, layer.dOut);
  void layer.forwardAsync(f(5, 8, 1)).then((z) => z.rows);
  layer.dispose();
}
{
  const a = Matrix.random(300, 300, { seed: 1 }), out = Matrix.zeros(300, 300);
  const pending = matmulAsync(a, a, { out });
  structuredClone(out.data.buffer, { transfer: [out.data.buffer as ArrayBuffer] }); // a typed array's buffer may be shared: say it is not
  pending.catch((e: Error & { code?: string }) => console.log(e.code, e.message));
}
