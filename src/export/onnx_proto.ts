/**
 * The ONNX file format through protobufjs: the messages of ONNX's schema (onnx.proto3) that attnsim writes, with
 * their field numbers, as a protobufjs reflection root; a plain graph description encoded to ModelProto bytes and back.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as protobuf from 'protobufjs/light';

/** The operator set attnsim's graphs use: the default ONNX domain, opset 17. */
export const OPSET = 17;
/** The IR version that goes with opset 17 (ONNX 1.12). */
export const IR_VERSION = 8;

/** The element types attnsim's graphs use. */
export type OnnxDType = 'float32' | 'float64' | 'int64' | 'bool';

/** TensorProto.DataType numbers of ONNX's schema (what Cast's `to` takes). */
export const DATA_TYPE: Readonly<Record<OnnxDType, number>> = { float32: 1, int64: 7, bool: 9, float64: 11 };

/** A constant tensor (an initializer), row-major. */
export interface OnnxTensor {
  name: string;
  dtype: OnnxDType;
  dims: number[];
  data: Float32Array | Float64Array | BigInt64Array | Uint8Array;
}

/** A graph input or output: its name, element type and shape (a string names a symbolic dimension). */
export interface OnnxValueInfo {
  name: string;
  dtype: OnnxDType;
  shape: (number | string)[];
}

/** One operator: integer attributes (`axis: 1`) and integer-list attributes (`perm: [1, 0]`) only. */
export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, number | number[]>;
}

/** A whole graph in topological order, with the model's metadata (key → text). */
export interface OnnxGraph {
  name?: string;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  metadata?: Record<string, string>;
}

/** ONNX's messages as protobufjs reflection: names, types and field numbers as onnx.proto3 gives them. */
const SCHEMA: protobuf.INamespace = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 }, type: { type: 'int32', id: 20 }, f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 }, s: { type: 'bytes', id: 4 }, floats: { rule: 'repeated', type: 'float', id: 7 },
            ints: { rule: 'repeated', type: 'int64', id: 8 },
          },
        },
        ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 }, docString: { type: 'string', id: 3 } } },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 }, output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 }, opType: { type: 'string', id: 4 }, domain: { type: 'string', id: 7 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
          },
        },
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 }, opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
            producerName: { type: 'string', id: 2 }, producerVersion: { type: 'string', id: 3 }, docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 }, metadataProps: { rule: 'repeated', type: 'StringStringEntryProto', id: 14 },
          },
        },
        StringStringEntryProto: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 }, name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 }, docString: { type: 'string', id: 10 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 }, output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 }, dataType: { type: 'int32', id: 2 }, name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensorType'] } },
          fields: { tensorType: { type: 'Tensor', id: 1 } },
          nested: { Tensor: { fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } } },
        },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
      },
    },
  },
};

let modelType: protobuf.Type | undefined;

/** The ModelProto message type (built once). */
export function modelProto(): protobuf.Type {
  return (modelType ??= protobuf.Root.fromJSON(SCHEMA).lookupType('onnx.ModelProto'));
}

/** AttributeProto.AttributeType numbers: INT and INTS. */
const ATTRIBUTE_INT = 2, ATTRIBUTE_INTS = 7;

/**
 * The ModelProto bytes of a graph: opset 17 of the default domain, IR version 8, producer attnsim.
 * @param graph inputs, outputs, nodes in topological order, initializers and metadata.
 * @returns the bytes of an .onnx file.
 */
export function encodeModel(graph: OnnxGraph): Uint8Array {
  const valueInfo = (v: OnnxValueInfo) => ({
    name: v.name,
    type: {
      tensorType: {
        elemType: DATA_TYPE[v.dtype],
        shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
  const message = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'attnsim',
    producerVersion: producerVersion(),
    graph: {
      name: graph.name ?? 'attnsim',
      node: graph.nodes.map((n, k) => ({
        input: n.inputs, output: n.outputs, name: `${n.op}_${k}`, opType: n.op, domain: '',
        attribute: Object.entries(n.attributes ?? {}).map(([name, value]) =>
          (Array.isArray(value) ? { name, type: ATTRIBUTE_INTS, ints: value } : { name, type: ATTRIBUTE_INT, i: value })),
      })),
      initializer: graph.initializers.map((t) => ({
        name: t.name, dims: t.dims, dataType: DATA_TYPE[t.dtype],
        // raw_data is little-endian, as typed arrays are on the platforms attnsim builds for (x86-64, arm64).
        rawData: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
      })),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
    metadataProps: Object.entries(graph.metadata ?? {}).map(([key, value]) => ({ key, value })),
  };
  const type = modelProto();
  return type.encode(type.fromObject(message)).finish();
}

/** attnsim's version (from the package.json beside dist/), as the producer_version of the files it writes. */
function producerVersion(): string {
  const file = path.resolve(__dirname, '..', '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
