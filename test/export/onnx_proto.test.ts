/** onnx_proto and GraphBuilder: a graph encodes to ModelProto bytes that decode back to what was written. */
import * as assert from 'assert';
import { GraphBuilder } from '../../src/export/graph_builder';
import { encodeModel, modelProto } from '../../src/export/onnx_proto';

interface Decoded {
  irVersion: number;
  producerName: string;
  opsetImport: { domain: string; version: number }[];
  graph: {
    node: { opType: string; input: string[]; output: string[]; attribute: { name: string; type: number; i: number; ints: number[] }[] }[];
    initializer: { name: string; dims: number[]; dataType: number; rawData: Uint8Array }[];
    input: { name: string; type: { tensorType: { elemType: number; shape: { dim: { dimValue?: number; dimParam?: string }[] } } } }[];
  };
  metadataProps: { key: string; value: string }[];
}

function decode(bytes: Uint8Array): Decoded {
  const type = modelProto();
  return type.toObject(type.decode(bytes), { longs: Number, defaults: true }) as Decoded;
}

describe('export/onnx_proto: graphs through the ONNX schema', () => {
  it('writes opset 17, IR 8, inputs with symbolic and fixed dimensions, int and int-list attributes, raw tensors', () => {
    const g = new GraphBuilder('float32');
    const x = g.input('x', 'float32', ['n', 3]);
    const w = g.float('w', [3, 2], [1, 2, 3, 4, 5, 6]);
    const y = g.node('Transpose', [g.node('MatMul', [x, w])], { perm: [1, 0] });
    g.output('y', g.node('Softmax', [y], { axis: 1 }), 'float32', [2, 'n']);
    const m = decode(encodeModel(g.graph('test', { key: 'value' })));
    assert.strictEqual(m.irVersion, 8);
    assert.strictEqual(m.producerName, 'attnsim');
    assert.deepStrictEqual(m.opsetImport, [{ domain: '', version: 17 }]);
    assert.deepStrictEqual(m.graph.input[0].type.tensorType.shape.dim, [{ dimParam: 'n' }, { dimValue: 3 }]);
    assert.deepStrictEqual(m.graph.node.map((n) => n.opType), ['MatMul', 'Transpose', 'Softmax', 'Identity']);
    assert.deepStrictEqual(m.graph.node[1].attribute.map((a) => [a.name, a.type, a.ints]), [['perm', 7, [1, 0]]]);
    assert.deepStrictEqual(m.graph.node[2].attribute.map((a) => [a.name, a.type, a.i]), [['axis', 2, 1]]);
    const t = m.graph.initializer[0];
    assert.deepStrictEqual([t.name, t.dims, t.dataType], ['w', [3, 2], 1]);
    assert.deepStrictEqual(Array.from(new Float32Array(Uint8Array.from(t.rawData).buffer)), [1, 2, 3, 4, 5, 6]);
    assert.deepStrictEqual(m.metadataProps, [{ key: 'key', value: 'value' }]);
  });

  it('shares equal int64 and scalar constants, and refuses a value name used twice', () => {
    const g = new GraphBuilder('float64');
    assert.strictEqual(g.int64([1, 2]), g.int64([1, 2]));
    assert.notStrictEqual(g.int64([1, 2]), g.int64([1, 2], [2, 1]));
    assert.strictEqual(g.scalar(0.5), g.scalar(0.5));
    const m = decode(encodeModel(g.graph('constants')));
    assert.deepStrictEqual(m.graph.initializer.map((t) => [t.dataType, t.dims]), [[7, [2]], [7, [2, 1]], [11, []]]);
    g.input('a', 'float64', [1]);
    assert.throws(() => g.input('a', 'float64', [1]), /the value name 'a' is already used/);
  });
});
