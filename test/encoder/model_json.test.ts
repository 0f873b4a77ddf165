/** EncoderModel.fromJSON on untrusted files: every bad field refused with ERR_ATTNSIM_MODEL_FILE and its path, nothing allocated first. */
import * as assert from 'assert';
import { compile, EncoderModel, rasp, selection, setMemoryBudget, TooLargeError } from '../../src/index';
import { ArgumentRangeError, ArgumentTypeError } from '../../src/errors';
import { assertThrows } from '../helpers/throws';

type Json = Record<string, any>;

describe('encoder/model_json', () => {
  const sorted = compile(rasp.lib.makeSort(rasp.tokens, rasp.tokens), { vocab: 'abc', maxSeqLen: 5 });
  const x = rasp.numerical(rasp.tokens);
  const marked = compile(rasp.product(x, x), { maxSeqLen: 3 });
  /** A fresh parsed copy of a model's file, as a server would receive it. */
  const file = (model: EncoderModel): Json => JSON.parse(JSON.stringify(model.toJSON()));
  const headLayer = sorted.layers.findIndex((l) => l.heads.length > 0 && l.mlp !== null);
  const refuses = (json: unknown, message: RegExp, kind: new (...args: never[]) => Error = ArgumentTypeError) =>
    assertThrows(() => EncoderModel.fromJSON(json as never), message, 'ERR_ATTNSIM_MODEL_FILE', kind);

  it('refuses a fake array ({ length: 1e9 }) for positions.data before allocating anything', () => {
    const json = file(sorted);
    json.positions.data = { length: 1e9 };
    const before = process.memoryUsage().arrayBuffers;
    refuses(json, /^EncoderModel\.fromJSON: expected an array of finite numbers for positions\.data but received an object \(object\)$/);
    assert.ok(process.memoryUsage().arrayBuffers - before < 2 ** 26, 'no large buffer was allocated');
  });

  it('looks marked-block functions up as own names only: constructor, __proto__, toString are unknown', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const json = file(marked);
      const l = json.layers.findIndex((layer: Json) => layer.pointwise.length > 0);
      json.layers[l].pointwise[0].fn = name;
      refuses(json, new RegExp(`one of product, exp, reciprocal, divide for the function of marked block '.*' at ` +
        `layers\\[${l}\\]\\.pointwise\\[0\\]\\.fn but received '${name}'`));
    }
    assert.deepStrictEqual(EncoderModel.fromJSON(file(marked) as never).forward([2, -3]), [4, 9]);
  });

  it('refuses null (and NaN, and a hole) where a weight belongs, naming the entry', () => {
    const json = file(sorted);
    json.layers[headLayer].heads[0].wq.data[3] = null;
    refuses(json, new RegExp(`expected a finite number for layers\\[${headLayer}\\]\\.heads\\[0\\]\\.wq\\.data\\[3\\] but received null`));
    const nan = file(sorted);
    nan.layers[headLayer].mlp.b1[1] = NaN;
    refuses(nan, new RegExp(`expected a finite number for layers\\[${headLayer}\\]\\.mlp\\.b1\\[1\\] but received NaN`));
    const hole = file(sorted);
    hole.tokenEmbedding.table.data = [1, , 3];
    refuses(hole, /expected a finite number for tokenEmbedding\.table\.data\[1\] but received undefined/);
  });

  it('names a missing field instead of failing with a raw TypeError', () => {
    const cases: [(json: Json) => void, RegExp][] = [
      [(j) => delete j.layers[headLayer].heads[0].wq, new RegExp(`expected an object with rows, cols, data for layers\\[${headLayer}\\]\\.heads\\[0\\]\\.wq but received undefined`)],
      [(j) => delete j.settings, /expected an object with bos, maxSeqLen, causal, circular\? for settings but received undefined/],
      [(j) => delete j.layers[0].mlp, /for layers\[0\]\.mlp but received undefined/],
      [(j) => delete j.positions.rows, /expected an integer ≥ 0 for positions\.rows but received undefined/],
      [(j) => delete j.tokenEmbedding.encoding, /for tokenEmbedding\.encoding but received undefined/],
    ];
    for (const [spoil, message] of cases) {
      const json = file(sorted);
      spoil(json);
      refuses(json, message);
    }
    refuses(null, /expected an object with format, .* for json but received null/);
    refuses({ ...file(sorted), version: 2 }, /expected 1 for version but received 2/);
  });

  it('refuses unknown properties, among them a parsed __proto__ key', () => {
    const json = file(sorted);
    json.layers[0].extra = 1;
    refuses(json, /unexpected property layers\[0\]\.extra \(expected only heads, mlp, pointwise\)/);
    const proto = JSON.parse(JSON.stringify(sorted.toJSON()).replace('"settings":{', '"settings":{"__proto__":{"polluted":1},'));
    refuses(proto, /unexpected property settings\.__proto__/);
    assert.strictEqual(({} as Json).polluted, undefined);
  });

  it('checks shapes and indices against the residual width', () => {
    const d = sorted.residual.width;
    const cases: [(json: Json) => void, RegExp][] = [
      [(j) => { j.layers[headLayer].heads[0].wq.rows -= 1; }, new RegExp(`heads\\[0\\]\\.wq: expected rows × cols = \\d+ entries in data`)],
      [(j) => { const m = j.layers[headLayer].heads[0].wk; m.cols += 1; m.data.push(...new Array(m.rows).fill(0)); },
        new RegExp(`heads\\[0\\]\\.wk: expected a ${d}×\\d+ matrix but received ${d}×\\d+`)],
      [(j) => { j.layers[headLayer].mlp.b2.pop(); }, new RegExp(`mlp\\.b2: expected ${d} entries but received ${d - 1}`)],
      [(j) => { j.readout.dims[0] = d; }, new RegExp(`readout\\.dims\\[0\\]: expected a dimension below the residual width ${d} but received ${d}`)],
      [(j) => { j.residual[1] = j.residual[0]; }, /residual\[1\]: expected distinct labels/],
      [(j) => { j.settings.maxSeqLen = 9; }, new RegExp(`positions: expected a 10×${d} matrix but received 6×${d}`)],
    ];
    for (const [spoil, message] of cases) {
      const json = file(sorted);
      spoil(json);
      refuses(json, message, ArgumentRangeError);
    }
    const json = file(marked);
    const l = json.layers.findIndex((layer: Json) => layer.pointwise.length > 0);
    json.layers[l].pointwise[0].inputs[0] = 10 ** 6;
    refuses(json, new RegExp(`layers\\[${l}\\]\\.pointwise\\[0\\]\\.inputs\\[0\\]: expected a dimension below`), ArgumentRangeError);
  });

  it('checks the fields of circular vector-token models: windows, the vector embedding, N position rows', () => {
    const { model } = selection.buildTopKSelector({ N: 8, U: 3, k: 2, importance: [0.5, 1], margin: 0.05, coldness: 60 });
    assert.deepStrictEqual(EncoderModel.fromJSON(file(model) as never).toJSON(), model.toJSON());
    const d = model.residual.width;
    const cases: [(json: Json) => void, RegExp, new (...args: never[]) => Error][] = [
      [(j) => { j.layers[0].heads[0].window = -1; }, /expected an integer ≥ 0 for layers\[0\]\.heads\[0\]\.window but received -1/,
        ArgumentTypeError],
      [(j) => { j.tokenEmbedding.matrix.rows -= 1; }, /tokenEmbedding\.matrix: expected rows × cols/, ArgumentRangeError],
      [(j) => { j.settings.circular = false; }, new RegExp(`positions: expected a 9×${d} matrix but received 8×${d}`), ArgumentRangeError],
    ];
    for (const [spoil, message, kind] of cases) {
      const json = file(model);
      spoil(json);
      refuses(json, message, kind);
    }
  });

  it('holds the weights against the memory budget before copying them', () => {
    try {
      setMemoryBudget(1024);
      assertThrows(() => EncoderModel.fromJSON(file(sorted) as never), /EncoderModel\.fromJSON: a copy of the model's \d+ weights needs .* over the memory budget/,
        'ERR_ATTNSIM_TOO_LARGE', TooLargeError);
    } finally {
      setMemoryBudget();
    }
  });

  it('refuses a functions argument that is not an object of functions', () => {
    assertThrows(() => EncoderModel.fromJSON(file(marked) as never, { square: 2 } as never), /expected a function for functions\.square but received 2/,
      'ERR_ATTNSIM_ARGUMENT');
    const custom = file(marked);
    custom.layers.find((layer: Json) => layer.pointwise.length > 0).pointwise[0].fn = 'times';
    assert.deepStrictEqual(EncoderModel.fromJSON(custom as never, { times: (a, b) => a * b }).forward([2, -3]), [4, 9]);
  });
});
