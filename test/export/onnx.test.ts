/**
 * toONNX: every model kind's graph is well-formed ONNX (checked through the schema), and onnxruntime-node running it
 * gives what forward gives. Without onnxruntime-node only the first part runs, and under CI=true its absence fails.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSimulator, compile, EncoderModel, Matrix, rasp, selection } from '../../src/index';
import { modelProto } from '../../src/export/onnx_proto';
import { loadOnnxRuntime, OnnxRuntime, onnxRuntimeLoadError } from '../../src/reference/onnxruntime';
import { encodeOperands } from '../../src/simulator/layout';
import { inverseProgram, inverseTokens } from '../../src/simulator/programs/inverse';
import { opStack } from '../../src/simulator/simulate';
import { Token } from '../../src/encoder/residual';
import { allInputs, libraryPrograms } from '../cases/programs';
import { assertClose, F32 } from '../helpers/close';
import { assertThrows } from '../helpers/throws';
import { repoRoot, runCli } from '../cli/run_cli';

/**
 * float64 graphs against forward: the same operations in the same order, only the BLAS and onnxruntime kernels sum
 * in different orders; 1e-9 relative covers that with room (a real error is of order 1).
 */
const ONNX_F64 = 1e-9;

interface Decoded {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  graph: {
    node: { input: string[]; output: string[]; opType: string }[];
    initializer: { name: string; dims: number[]; dataType: number; rawData: Uint8Array }[];
    input: { name: string; type: { tensorType: { elemType: number } } }[];
    output: { name: string; type: { tensorType: { elemType: number } } }[];
  };
  metadataProps: { key: string; value: string }[];
}

/** Decodes the bytes with the ONNX schema and checks that every node reads only values defined before it. */
function wellFormed(bytes: Uint8Array): Decoded {
  const type = modelProto();
  const m = type.toObject(type.decode(bytes), { longs: Number, defaults: true }) as Decoded;
  assert.strictEqual(m.irVersion, 8);
  assert.deepStrictEqual(m.opsetImport, [{ domain: '', version: 17 }]);
  const bytesPer: Record<number, number> = { 1: 4, 7: 8, 9: 1, 11: 8 };
  const defined = new Set([...m.graph.input.map((i) => i.name), ...m.graph.initializer.map((t) => t.name)]);
  for (const t of m.graph.initializer) {
    assert.strictEqual(t.rawData.length, t.dims.reduce((a, b) => a * b, 1) * bytesPer[t.dataType], `initializer ${t.name}: size`);
  }
  for (const n of m.graph.node) {
    for (const i of n.input) assert.ok(defined.has(i), `${n.opType} reads '${i}' before it is defined`);
    for (const o of n.output) {
      assert.ok(!defined.has(o), `'${o}' is defined twice`);
      defined.add(o);
    }
  }
  for (const o of m.graph.output) assert.ok(defined.has(o.name), `output '${o.name}' is never computed`);
  return m;
}

const x = rasp.numerical(rasp.tokens);
/** One model of each kind, with the input its graph reads. */
const kinds: { name: string; model: () => EncoderModel; input: string; dtype: number }[] = [
  {
    name: 'compiled RASP, categorical', input: 'token_ids', dtype: 7,
    model: () => compile(rasp.lib.makeSort(rasp.tokens, rasp.tokens), { vocab: 'abc', maxSeqLen: 4 }),
  },
  { name: 'compiled RASP, numerical tokens with a marked block', model: () => compile(rasp.product(x, x), { maxSeqLen: 3 }), input: 'tokens', dtype: 1 },
  { name: 'a universal simulator stack', model: () => buildSimulator({ seqLen: 2, dModel: 2 }).model, input: 'tokens', dtype: 1 },
  {
    name: 'a selection construction', input: 'tokens', dtype: 1,
    model: () => selection.buildWindowExtractor({ N: 6, d: 2, offsets: [-1, 1], positional: 'onehot', coldness: 30 }).model,
  },
];

describe('export/onnx: the graph of every model kind is well-formed ONNX', () => {
  for (const k of kinds) {
    it(k.name, () => {
      const m = wellFormed(k.model().toONNX());
      assert.deepStrictEqual(m.graph.input.map((i) => [i.name, i.type.tensorType.elemType]), [[k.input, k.dtype]]);
      assert.deepStrictEqual(m.graph.output.map((o) => o.name), ['output']);
    });
  }

  it('a model read back with fromJSON exports the same file', () => {
    const model = compile(rasp.lib.makeHist(), { vocab: 'ab', maxSeqLen: 4 });
    const back = EncoderModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    assert.deepStrictEqual(back.toONNX(), model.toONNX());
  });

  it('keeps the vocabulary and the output values as metadata', () => {
    const model = compile(rasp.lib.makeReverse(rasp.tokens), { vocab: 'abc', maxSeqLen: 4 });
    const meta = Object.fromEntries(wellFormed(model.toONNX()).metadataProps.map((p) => [p.key, p.value]));
    assert.deepStrictEqual(JSON.parse(meta['attnsim.vocab']), [...'abc']);
    assert.deepStrictEqual(JSON.parse(meta['attnsim.output_values']), model.outputValues);
    assert.strictEqual(meta['attnsim.max_seq_len'], '4');
  });

  it('the README\'s Python snippet reads the input, output and metadata names the file has', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const snippets = [...readme.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.strictEqual(snippets.length, 1);
    const model = compile(rasp.lib.makeSort(rasp.tokens, rasp.tokens), { vocab: 'abc', maxSeqLen: 5 });
    const m = wellFormed(model.toONNX());
    const names = [m.graph.input[0].name, m.graph.output[0].name, ...m.metadataProps.filter((p) => /vocab|output_values/.test(p.key)).map((p) => p.key)];
    assert.deepStrictEqual(names, ['token_ids', 'output', 'attnsim.vocab', 'attnsim.output_values']);
    for (const name of names) assert.ok(snippets[0].includes(`"${name}"`), `the snippet does not use "${name}"`);
  });

  it('tokenIds gives vocabulary indices and refuses what forward refuses', () => {
    const model = compile(rasp.lib.makeReverse(rasp.tokens), { vocab: 'abc', maxSeqLen: 4 });
    assert.deepStrictEqual(model.tokenIds('cab'), BigInt64Array.of(2n, 0n, 1n));
    assertThrows(() => model.tokenIds('abd'), /^EncoderModel\.tokenIds: unknown token "d" at position 2/, 'ERR_ATTNSIM_UNKNOWN_TOKEN');
    assertThrows(() => model.tokenIds('abcab'), /between 1 and 4 tokens \(the model's maxSeqLen\) but received 5/, 'ERR_ATTNSIM_SEQUENCE_LENGTH');
    assertThrows(() => compile(rasp.product(x, x), { maxSeqLen: 3 }).tokenIds([1]), /expected a model with a token vocabulary/);
  });

  it('refuses a bad option and a marked block whose function has no ONNX form, naming them', () => {
    const model = compile(rasp.lib.makeReverse(rasp.tokens), { vocab: 'abc', maxSeqLen: 4 });
    assertThrows(() => model.toONNX({ dtype: 'float16' as 'float32' }),
      /^EncoderModel\.toONNX: expected one of 'float32', 'float64' for dtype but received 'float16'/);
    const F = selection.windowTarget({ d: 1, offsets: [-1, 1], T: 2, seed: 7 });
    const withF = selection.buildWindowExtractor({ N: 6, d: 1, offsets: [-1, 1], positional: 'onehot', coldness: 30, f: F.f });
    assertThrows(() => withF.model.toONNX(), new RegExp('^EncoderModel\\.toONNX: expected a function with an ONNX form ' +
      "\\(product, exp, reciprocal, divide, sqrt, compare, pivot\\) for the marked block 'F' but received 'target'"));
  });
});

/** Runs the graph on one input and returns its output's data. */
async function run(ort: OnnxRuntime, bytes: Uint8Array, name: string, data: Float32Array | Float64Array | BigInt64Array,
  dims: number[]): Promise<ArrayLike<number | bigint>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const type = data instanceof BigInt64Array ? 'int64' : data instanceof Float32Array ? 'float32' : 'float64';
    return (await session.run({ [name]: new ort.Tensor(type, data, dims) })).output.data;
  } finally {
    await session.release();
  }
}

describe('export/onnx: onnxruntime-node runs each exported kind as forward does', () => {
  const missing = onnxRuntimeLoadError();
  if (missing !== null) {
    if (process.env.CI === 'true') it('onnxruntime-node loads (CI installs it)', () => assert.fail(missing));
    return;
  }
  const { ort } = loadOnnxRuntime();

  describe('compiled rasp.lib programs, float32: the same decoded outputs on every input up to maxSeqLen', () => {
    for (const c of libraryPrograms) {
      it(c.name, async () => {
        const model = compile(c.program(), { vocab: c.vocab, maxSeqLen: c.maxSeqLen, causal: c.causal ?? false });
        const session = await ort.InferenceSession.create(model.toONNX());
        let compared = 0;
        for (const input of allInputs(c.vocab, c.maxSeqLen)) {
          const ids = model.tokenIds(input);
          const out = Array.from((await session.run({ token_ids: new ort.Tensor('int64', ids, [ids.length]) })).output.data, Number);
          let expected: Token[];
          try {
            expected = model.forward(input);
          } catch {
            assert.ok(model.readout.encoding === 'categorical' && out.includes(-1), `on ${JSON.stringify(input)}: forward threw, the graph gave ${out}`);
            continue;
          }
          if (model.readout.encoding === 'categorical') {
            assert.deepStrictEqual(out.map((i) => model.outputValues[i]), expected, `on ${JSON.stringify(input)}`);
          } else assertClose(out, expected as number[], F32, `on ${JSON.stringify(input)}`);
          compared++;
        }
        await session.release();
        assert.ok(compared > 0, 'no input was compared');
      });
    }
  });

  it('the file `attnsim compile --onnx` writes gives forward\'s answers on every input', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-onnx-')), file = path.join(dir, 'hist.onnx');
    try {
      const r = runCli(['compile', path.join(repoRoot, 'examples', 'hist.rasp'), '--sop', 'hist', '--vocab', 'a,b', '--max-len', '4', '--onnx', file]);
      assert.strictEqual(r.status, 0, r.stderr);
      const model = compile(rasp.lib.makeHist(), { vocab: 'ab', maxSeqLen: 4 });
      const session = await ort.InferenceSession.create(fs.readFileSync(file));
      for (const input of allInputs([...'ab'], 4)) {
        const ids = model.tokenIds(input);
        const out = (await session.run({ token_ids: new ort.Tensor('int64', ids, [ids.length]) })).output.data;
        assert.deepStrictEqual(Array.from(out, (i) => model.outputValues[Number(i)]), model.forward(input), `on ${input.join('')}`);
      }
      await session.release();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a compiled program in float64 gives forward\'s numbers within 1e-9', async () => {
    const model = compile(rasp.lib.makeFracPrevs(rasp.map((t) => t === 'a', rasp.tokens)), { vocab: 'ab', maxSeqLen: 5 });
    const ids = model.tokenIds('abbab');
    const out = await run(ort, model.toONNX({ dtype: 'float64' }), 'token_ids', ids, [5]);
    assertClose(Array.from(out, Number), model.forward('abbab') as number[], ONNX_F64);
  });

  it('numerical tokens through a marked block (product), float32', async () => {
    const model = compile(rasp.product(x, x), { maxSeqLen: 3 });
    const out = await run(ort, model.toONNX(), 'tokens', Float32Array.of(2, -3, 0.5), [3]);
    assertClose(Array.from(out, Number), [4, 9, 0.25], F32);
  });

  describe('universal simulator stacks: the output sequence as forward gives it, the decoded result as run gives it', () => {
    const random = (rows: number, cols: number, seed: number) => Matrix.random(rows, cols, { seed, min: -1, max: 1 });
    const attention = (n: number, d: number) => {
      const [x, wq, wk, wv, wo] = [random(n, d, 1), ...[2, 3, 4, 5].map((seed) => random(d, d, seed))];
      return { input: { x, wq, wk, wv, wo }, operands: [x, wq, wk, wv, wo] };
    };
    const encoder = (n: number, d: number, h: number) => {
      const x = random(n, d, 1), [wq, wk, wv, wo] = [2, 3, 4, 5].map((seed) => random(d, d, seed));
      const [w1, b1, w2, b2, gamma, beta] = [random(d, h, 6), random(1, h, 7), random(h, d, 8), random(1, d, 9), random(2, d, 10), random(2, d, 11)];
      return { input: { x, layers: [{ wq, wk, wv, wo, w1, b1, w2, b2, ln: { gamma, beta } }] }, operands: [x, wq, wk, wv, wo, w1, b1, w2, b2, gamma, beta] };
    };
    // float64 graphs within ONNX_F64; float32 ones within F32 (the stack's largest scores here are a few hundred).
    const cases = [
      { spec: { seqLen: 2, dModel: 2 }, operands: attention(2, 2), dtype: 'float64' as const },
      { spec: { seqLen: 2, dModel: 2, causal: true }, operands: attention(2, 2), dtype: 'float64' as const },
      { spec: { seqLen: 2, dModel: 2, attention: 'softmax' as const, coldness: 50 }, operands: attention(2, 2), dtype: 'float64' as const },
      { spec: { seqLen: 4, dModel: 4, heads: 2 }, operands: attention(4, 4), dtype: 'float32' as const },
      { spec: { seqLen: 2, dModel: 2, layers: 1, ffnHidden: 2 }, operands: encoder(2, 2, 2), dtype: 'float64' as const },
    ];
    for (const { spec, operands, dtype } of cases) {
      it(`${JSON.stringify(spec)}, ${dtype}`, async () => {
        const sim = buildSimulator(spec), tol = dtype === 'float64' ? ONNX_F64 : F32;
        const tokens = encodeOperands(operands.operands, sim.cost.tokens);
        const data = dtype === 'float64' ? Float64Array.from(tokens) : Float32Array.from(tokens);
        const out = Array.from(await run(ort, sim.model.toONNX({ dtype }), 'tokens', data, [tokens.length]), Number);
        assertClose(out, sim.model.forward(tokens) as number[], tol, 'stack output');
        const n = spec.seqLen * spec.dModel;
        assertClose(out.slice(0, n), sim.run(operands.input).data, tol, 'decoded result');
      });
    }
  });

  it('the inverse\'s stack (the comparisons compare and pivot as marked blocks), float64 within 1e-9 of forward', async () => {
    const stack = opStack([{ name: 'M0', rows: 2, cols: 2 }], ([m]) => inverseProgram(m), inverseTokens(2), 'simulate.inverse');
    const fns = new Set(stack.model.layers.flatMap((l) => l.pointwise.map((b) => b.fn)));
    assert.ok(fns.has('compare') && fns.has('pivot'), `marked blocks: ${[...fns]}`);
    const tokens = encodeOperands([Matrix.from([[0, 2], [4, 1]])], stack.tokens);
    const out = await run(ort, stack.model.toONNX({ dtype: 'float64' }), 'tokens', Float64Array.from(tokens), [tokens.length]);
    assertClose(Array.from(out, Number), stack.model.forward(tokens) as number[], ONNX_F64);
  });

  it('a selection construction (circular, vector tokens, windowed softmax heads), float32 within F32', async () => {
    const c = selection.buildTopKSelector({ N: 8, U: 1, k: 1, importance: [1, 0.5], margin: 0.1, coldness: 200 });
    const xs = Matrix.random(8, 2, { seed: 5, min: 0, max: 1 });
    const out = await run(ort, c.model.toONNX(), 'tokens', Float32Array.from(xs.data), [8, 2]);
    assertClose(Array.from(out, Number), c.model.forwardVectors(xs).data, F32);
  });

  it('a window extractor with sinusoidal positions, float32 within F32', async () => {
    const c = selection.buildWindowExtractor({ N: 8, d: 1, offsets: [-1, 0, 2], positional: { sinusoidal: 3 }, coldness: 20 });
    const xs = Matrix.random(8, 1, { seed: 6, min: 0, max: 1 });
    const out = await run(ort, c.model.toONNX(), 'tokens', Float32Array.from(xs.data), [8, 1]);
    assertClose(Array.from(out, Number), c.model.forwardVectors(xs).data, F32);
  });
});
