/** drawModel: a compact Graphviz diagram of layers, with the residual stream summarised by s-op. */
import * as assert from 'assert';
import { compile, EncoderModel, Matrix, rasp } from '../../src/index';
import { DimLabel, ResidualSpace } from '../../src/encoder/residual';
import { drawModel, modelDot } from '../../src/draw/model_diagram';
import { checkPicture } from '../helpers/picture';

describe('draw/model_diagram', () => {
  it('draws heads, MLPs, embedding, read-out and the residual groups of a small model, all inside the canvas', async () => {
    const model = compile(rasp.lib.makeHist(), { vocab: 'ab', maxSeqLen: 4 });
    checkPicture(await drawModel(model, 'hist compiled'), {
      texts: ['hist compiled', /^1 layers, at most 1 heads, residual \d+/, 'embedding', 'layer 0', 'head: hist',
        /^MLP, \d+ units?:$/, `residual (${model.config.residualWidth} dims)`, 'tokens: 2 values', 'read-out', 'hist (categorical)'],
      width: [300, 1200], height: [200, 800],
    });
  });

  it('brackets a squared compound label and names a constant s-op: (length - indices - 1)², constant 1: 1 value', async () => {
    const session = new rasp.RaspSession();
    session.run('flip = select(length - indices - 1, indices, ==);\nreverse = aggregate(flip, tokens);');
    const model = compile(session.value('reverse') as rasp.SOp, { vocab: 'abc', maxSeqLen: 5 });
    checkPicture(await drawModel(model, 'reverse compiled'), {
      texts: ['(length - indices - 1)²: scalar', 'constant 1: 1 value', 'indices²: scalar'], width: [300, 1600], height: [200, 1200],
    });
  });

  it('keeps a many-layer model compact', async () => {
    const model = compile(rasp.lib.makeDyckPTF(['()', '{}']), { vocab: [...'(){}'], maxSeqLen: 6 });
    assert.ok(model.config.layers >= 6, 'the model has many layers');
    checkPicture(await drawModel(model, 'dyck-2'), {
      texts: [`layer ${model.config.layers - 1}`, `residual (${model.config.residualWidth} dims)`],
      width: [400, 1600], height: [600, 2000], maxTexts: 150,
    });
  });

  it('summarises a residual stream of 60 s-ops (611 dims) in 30 entries and one line for the rest', async () => {
    const labels: DimLabel[] = [{ sop: 'one' }, { sop: 'bos' }];
    for (let s = 0; s < 58; s++) labels.push(...Array.from({ length: 10 + (s % 2) }, (_, v) => ({ sop: `sop_${s}`, value: v })));
    const width = labels.length, rest = 58 - 28, restDims = labels.length - 2 - 28 * 10 - 14;
    const model = new EncoderModel(new ResidualSpace(labels), { encoding: 'numerical', direction: new Float64Array(width) },
      Matrix.zeros(3, width), [], { sop: 'one', encoding: 'numerical', dims: [0], values: [] }, { bos: 'BOS', maxSeqLen: 2, causal: false });
    const picture = checkPicture(await drawModel(model, 'wide'), {
      texts: ['one: scalar', 'sop_0: 10 values', 'sop_1: 11 values', 'sop_27: 11 values', `… ${rest} more s-ops (${restDims} dims)`],
      width: [300, 1600], height: [200, 800],
    });
    assert.ok(!picture.texts.includes('sop_28: 10 values'), 'the 31st group is summarised');
  });

  it('quotes labels so that any s-op name is safe in DOT and HTML', () => {
    const model = compile(rasp.numerical(rasp.map((t) => (t === 'a' ? 1 : 0), rasp.tokens).named('a<b>&"c"')), { vocab: 'ab', maxSeqLen: 2 });
    const dot = modelDot(model, 'title "quoted"');
    assert.match(dot, /a&#60;b&#62;&#38;&#34;c&#34;/);
    assert.match(dot, /label="title \\"quoted\\"\\n/);
  });
});
