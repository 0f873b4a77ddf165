/** drawModel: a compact Graphviz diagram of layers, with the residual stream summarised by s-op. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { drawModel, modelDot } from '../../src/draw/model_diagram';
import { checkPicture } from '../helpers/picture';

describe('draw/model_diagram', () => {
  it('draws heads, MLPs, embedding, read-out and the residual groups of a small model, all inside the canvas', async () => {
    const model = compile(rasp.lib.makeHist(), { vocab: 'ab', maxSeqLen: 4 });
    checkPicture(await drawModel(model, 'hist compiled'), {
      texts: ['hist compiled', /^1 layers, at most 2 heads, residual \d+/, 'embedding', 'layer 0', 'head: hist', 'head: bos cleanup',
        /^MLP, \d+ units:$/, `residual (${model.config.residualWidth} dims)`, 'tokens: 2 values', 'read-out', 'hist (categorical)'],
      width: [300, 1200], height: [200, 800],
    });
  });

  it('keeps a 10-layer, 243-dim model compact: residual groups beyond 30 summarised in one line', async () => {
    const model = compile(rasp.lib.makeShuffleDyck(['()', '{}']), { vocab: [...'(){}'], maxSeqLen: 6 });
    const groups = new Set(model.residual.labels.map((l) => l.sop)).size;
    assert.ok(model.config.layers >= 8 && groups > 30, 'the model is big enough to need the summary');
    const picture = checkPicture(await drawModel(model, 'shuffle dyck'), {
      texts: ['layer 9', `… ${groups - 30} more s-ops (${model.residual.width - sum(model, 30)} dims)`],
      width: [600, 2000], height: [600, 2400], maxTexts: 150,
    });
    assert.ok(picture.texts.length < model.residual.width / 2, 'far fewer texts than residual dimensions');
  });

  it('quotes labels so that any s-op name is safe in DOT and HTML', () => {
    const model = compile(rasp.numerical(rasp.map((t) => (t === 'a' ? 1 : 0), rasp.tokens).named('a<b>&"c"')), { vocab: 'ab', maxSeqLen: 2 });
    const dot = modelDot(model, 'title "quoted"');
    assert.match(dot, /a&#60;b&#62;&#38;&#34;c&#34;/);
    assert.match(dot, /label="title \\"quoted\\"\\n/);
  });
});

/** The dimensions of the first `count` s-op groups of the residual stream. */
function sum(model: ReturnType<typeof compile>, count: number): number {
  const sizes = new Map<string, number>();
  for (const l of model.residual.labels) sizes.set(l.sop, (sizes.get(l.sop) ?? 0) + 1);
  return [...sizes.values()].slice(0, count).reduce((a, b) => a + b, 0);
}
