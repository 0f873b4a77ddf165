/** drawTrace: one heatmap per head with token labels on both axes, query/key axis titles and a colour legend. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { drawTrace, traceSpec } from '../../src/draw/trace_heatmaps';
import { checkPicture } from '../helpers/picture';

describe('draw/trace_heatmaps', () => {
  const model = compile(rasp.lib.makeSortUnique(rasp.tokens, rasp.tokens), { vocab: [1, 2, 3, 4, 5], maxSeqLen: 5 });
  const trace = model.trace([3, 1, 2, 5, 4]);

  it('labels both axes of every head with the positions\' tokens, titles them query and key, and shows the colour scale', async () => {
    const heads = model.layers.flatMap((l, i) => l.heads.map((h) => `layer ${i}: ${h.label}`));
    const picture = checkPicture(await drawTrace(model, trace, 'sort on [3,1,2,5,4]'), {
      texts: ['sort on [3,1,2,5,4]', ...heads, 'query', 'key', 'attention weight (linear scale)', '0: BOS', '1: 3', '5: 4',
        '0.00', '0.25', '0.50', '0.75', '1.00'],
      width: [300, 1400], height: [200, 1200],
    });
    const labels = picture.texts.filter((t) => t === '1: 3').length;
    assert.strictEqual(labels, 2 * heads.length, 'each head labels its query axis and its key axis');
  });

  it('colours weights on a linear scale from 0 to 1, and writes the non-zero ones in their cells', () => {
    const spec = traceSpec(model, trace, 't') as { vconcat: { hconcat: { layer: { mark: { type: string }; encoding: {
      color: { scale?: { type: string; domain: number[] } } } }[] }[] }[] };
    const head = spec.vconcat[0]?.hconcat[0];
    assert.ok(head !== undefined);
    assert.deepStrictEqual(head.layer.map((l) => l.mark.type), ['rect', 'text']);
    assert.deepStrictEqual(head.layer[0]?.encoding.color.scale, { type: 'linear', domain: [0, 1], range: ['#ffffff', '#08306b'], interpolate: 'rgb' });
  });

  it('says so when the model has no heads', async () => {
    const flip = compile(rasp.map((t) => (t === 'a' ? 'b' : 'a'), rasp.tokens).named('flip'), { vocab: 'ab', maxSeqLen: 3 });
    checkPicture(await drawTrace(flip, flip.trace([...'ab']), 'flip on "ab"'), {
      texts: ['flip on "ab"', 'the model has no attention heads'], width: [100, 800], height: [30, 200],
    });
  });

  it('puts one heatmap per head, layer by layer, with every weight of the trace', () => {
    const spec = traceSpec(model, trace, 't') as { vconcat: { hconcat: { data: { values: { weight: number }[] } }[] }[] };
    const withHeads = trace.layers.filter((l) => l.patterns.length > 0);
    assert.strictEqual(spec.vconcat.length, withHeads.length);
    spec.vconcat.forEach((row, r) => row.hconcat.forEach((head, h) => {
      assert.deepStrictEqual(head.data.values.map((v) => v.weight), [...withHeads[r].patterns[h].data]);
    }));
  });
});
