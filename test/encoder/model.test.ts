/** EncoderModel: input checks, trace, JSON round trip, marked blocks in exports. */
import * as assert from 'assert';
import { compile, EncoderModel, rasp } from '../../src/index';
import { assertThrows } from '../helpers/throws';

describe('encoder/model', () => {
  const model = compile(rasp.lib.makeSort(rasp.tokens, rasp.tokens), { vocab: 'abc', maxSeqLen: 5 });

  it('rejects an unknown token, a too long or empty input, naming the problem', () => {
    assertThrows(() => model.forward([...'abx']), /unknown token "x" at position 2; the vocabulary is \["a","b","c"\]/, 'ERR_ATTNSIM_UNKNOWN_TOKEN');
    assertThrows(() => model.forward([...'abcabc']), /expected between 1 and 5 tokens \(the model's maxSeqLen\) but received 6/, 'ERR_ATTNSIM_SEQUENCE_LENGTH');
    assertThrows(() => model.forward([]), /but received 0/, 'ERR_ATTNSIM_SEQUENCE_LENGTH');
    const numeric = compile(rasp.relu(rasp.numerical(rasp.tokens)), { maxSeqLen: 3 });
    assertThrows(() => numeric.forward([1, NaN]), /expected a finite number for token 1 but received NaN/, 'ERR_ATTNSIM_NON_FINITE');
  });

  it('reads a string input as one token per character, as rasp.evaluate does', () => {
    assert.deepStrictEqual(model.forward('cab'), ['a', 'b', 'c']);
    assert.deepStrictEqual(model.forward('cab'), rasp.evaluate(rasp.lib.makeSort(rasp.tokens, rasp.tokens), 'cab'));
    assert.deepStrictEqual(model.trace('cab').tokens, ['BOS', 'c', 'a', 'b']);
    assertThrows(() => model.forward('abx'), /unknown token "x" at position 2/, 'ERR_ATTNSIM_UNKNOWN_TOKEN');
  });

  // Hard weights are 1/count per row: their sum is 1 up to the rounding of at most maxSeqLen + 1 terms, far below 1e-12.
  it('traces the stream after every sublayer and every head\'s weights (rows sum to 1 within 1e-12)', () => {
    const t = model.trace([...'cab']);
    assert.deepStrictEqual(t.tokens, ['BOS', 'c', 'a', 'b']);
    assert.strictEqual(t.layers.length, model.config.layers);
    t.layers.forEach((l, i) => {
      assert.strictEqual(l.patterns.length, model.layers[i].heads.length);
      for (const p of l.patterns) for (let r = 0; r < p.rows; r++) assert.ok(Math.abs(p.toArray()[r].reduce((a, b) => a + b, 0) - 1) < 1e-12);
    });
    assert.deepStrictEqual(model.decode(t.layers[t.layers.length - 1].afterMlp), ['a', 'b', 'c']);
  });

  it('exports weights as JSON and imports them exactly', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    const back = EncoderModel.fromJSON(json);
    assert.deepStrictEqual(back.toJSON(), model.toJSON());
    assert.deepStrictEqual(back.forward([...'cbab']), model.forward([...'cbab']));
  });

  it('exports a marked block by name, never as weights, and refuses an unknown one on import', () => {
    const x = rasp.numerical(rasp.tokens);
    const m = compile(rasp.product(x, x), { maxSeqLen: 3 });
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    const blocks = json.layers.flatMap((l: { pointwise: unknown[] }) => l.pointwise);
    assert.deepStrictEqual(blocks.map((b: { fn: string; pointwise: boolean }) => [b.fn, b.pointwise]), [['product', true]]);
    assert.deepStrictEqual(EncoderModel.fromJSON(json).forward([2, -3]), [4, 9]);
    blocks[0].fn = 'mystery';
    assertThrows(() => EncoderModel.fromJSON(json), /one of product, exp, reciprocal, divide for the function of marked block/);
  });
});
