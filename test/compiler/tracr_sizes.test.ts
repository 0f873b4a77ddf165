/**
 * tracr's programs (rasp.lib.tracr) at max_seq_len 5 and 10: no more layers and no wider residual stream than tracr's
 * models, and exact against the evaluator — on every input where there are at most 1,000, else on a seeded sample.
 */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { Value } from '../../src/rasp/values';
import { allInputs } from '../cases/programs';
import { tracrCases, tracrSize } from '../cases/tracr_programs';
import { HARD } from '../helpers/close';

const EXHAUSTIVE = 1000, SAMPLE = 200;

/** A seeded sample (mulberry32) of inputs of length 1 … maxSeqLen over the vocabulary. */
function sample(vocab: Value[], maxSeqLen: number, count: number, seed: number): Value[][] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * maxSeqLen) }, () => vocab[Math.floor(next() * vocab.length)]));
}

function inputsFor(vocab: Value[], n: number): Value[][] {
  const total = Array.from({ length: n }, (_, i) => vocab.length ** (i + 1)).reduce((s, x) => s + x, 0);
  return total <= EXHAUSTIVE ? allInputs(vocab, n) : sample(vocab, n, SAMPLE, 12);
}

/** Numbers within HARD (means and exact ReLU lookups round); everything else exactly. */
function same(got: Value[], expected: Value[]): boolean {
  return got.length === expected.length && got.every((v, i) => {
    const w = expected[i];
    return typeof w === 'number' && typeof v === 'number' ? Math.abs(v - w) <= HARD : v === w;
  });
}

/** The sizes README.md's table shows at max_seq_len 10 (layers / residual width), checked exactly so the table stays true. */
const README_SIZES: Record<string, [number, number]> = {
  length: [1, 14], reverse: [3, 14], hist: [1, 17], sort_unique: [2, 28], 'sort_unique, repeated keys': [2, 14], sort: [3, 52],
  sort_freq: [5, 145], frac_prevs: [1, 14], pair_balance: [1, 17], 'shuffle_dyck()': [4, 32], 'shuffle_dyck(){}': [5, 45],
  nary_sequencemap: [0, 5], detect_pattern: [1, 28], count_less_freq: [2, 29], count: [1, 17], shift_by: [1, 19],
};

describe('compiler: tracr\'s programs, no larger than tracr\'s models', () => {
  it('the sizes in README.md\'s table at max_seq_len 10; tracr\'s aggregates stay categorical, as tracr writes them', () => {
    for (const c of tracrCases.filter((x) => x.maxSeqLen === 10)) {
      const model = compile(c.program(), { vocab: c.vocab, maxSeqLen: 10 });
      assert.deepStrictEqual([model.config.layers, model.config.residualWidth], README_SIZES[c.name], c.name);
      if (c.name.startsWith('sort') || c.name === 'reverse' || c.name === 'shift_by') assert.strictEqual(model.readout.encoding, 'categorical', c.name);
    }
  });

  it('tracr\'s sizes computed from its construction agree with the measured ones (layers exactly, widths within 3)', () => {
    for (const c of tracrCases.filter((x) => x.tracr.measured)) {
      const computed = tracrSize(c.program(), c.vocab, c.maxSeqLen);
      assert.strictEqual(computed.layers, c.tracr.layers, c.name);
      assert.ok(Math.abs(computed.width - c.tracr.width) <= 3, `${c.name}: ${computed.width} against ${c.tracr.width}`);
    }
  });

  it('shuffle_dyck over "()" and "{}" at 64 (refused before: the balance had 1,590,121 value combinations) compiles and is exact on seeded inputs', () => {
    const program = rasp.lib.tracr.makeShuffleDyck(['()', '{}']), model = compile(program, { vocab: [...'(){}'], maxSeqLen: 64 });
    assert.ok(model.config.layers <= 7, `${model.config.layers} layers`);
    const nested = [...'({'.repeat(16), ...'})'.repeat(16)];
    assert.deepStrictEqual(model.forward(nested), new Array(64).fill(true));
    for (const x of [...sample([...'(){}'], 64, 8, 7), [...'(){}(){}'], [...')(']]) {
      assert.ok(same(model.forward(x), rasp.evaluate(program, x)), x.join(''));
    }
  });

  for (const c of tracrCases) {
    const source = c.tracr.measured ? 'tracr, measured' : 'tracr, computed';
    it(`${c.name} at ${c.maxSeqLen}: layers ≤ ${c.tracr.layers}, width ≤ ${c.tracr.width}${c.tracr.mlpHidden !== undefined ? `, MLP ≤ ${c.tracr.mlpHidden}` : ''} (${source}); exact`, () => {
      const program = c.program(), model = compile(program, { vocab: c.vocab, maxSeqLen: c.maxSeqLen });
      assert.ok(model.config.layers <= c.tracr.layers, `${model.config.layers} layers`);
      assert.ok(model.config.residualWidth <= c.tracr.width, `width ${model.config.residualWidth}`);
      if (c.tracr.mlpHidden !== undefined) assert.ok(model.config.mlpHidden <= c.tracr.mlpHidden, `MLP width ${model.config.mlpHidden}`);
      for (const x of inputsFor(c.vocab, c.maxSeqLen)) {
        const expected = rasp.evaluate(program, x), got = model.forward(x);
        assert.ok(same(got, expected), `on ${JSON.stringify(x)}: forward ${JSON.stringify(got)}, evaluate ${JSON.stringify(expected)}`);
      }
    });
  }
});
