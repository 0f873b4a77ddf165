/** GraphBuilder: ONNX nodes and constants added one call at a time, each output named for it; the graph as onnx_proto encodes it. */
import { OnnxDType, OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo } from './onnx_proto';

/** The float type a graph computes in. */
export type FloatDType = 'float32' | 'float64';

/** A graph under construction: inputs, nodes in the order added (so topological), constants as initializers. */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly inputs: OnnxValueInfo[] = [];
  private readonly outputs: OnnxValueInfo[] = [];
  private readonly names = new Set<string>();
  private readonly shared = new Map<string, string>();
  private count = 0;

  /** @param dtype the float type of every float constant (`float`) and of the computation. */
  constructor(readonly dtype: FloatDType) {}

  /** Declares a graph input. @returns its name. */
  input(name: string, dtype: OnnxDType, shape: (number | string)[]): string {
    this.inputs.push({ name: this.claim(name), dtype, shape });
    return name;
  }

  /** Declares `value` (a node's output) as the graph output `name`, through an Identity node. */
  output(name: string, value: string, dtype: OnnxDType, shape: (number | string)[]): void {
    this.nodes.push({ op: 'Identity', inputs: [value], outputs: [this.claim(name)] });
    this.outputs.push({ name, dtype, shape });
  }

  /**
   * Adds one operator with one output.
   * @param op the ONNX operator (opset 17).
   * @param inputs its inputs' names.
   * @param attributes its integer and integer-list attributes.
   * @returns the output's name.
   */
  node(op: string, inputs: string[], attributes?: Record<string, number | number[]>): string {
    const out = this.claim(`${op.toLowerCase()}_${this.count++}`);
    this.nodes.push({ op, inputs, outputs: [out], ...(attributes ? { attributes } : {}) });
    return out;
  }

  /** A float constant in the graph's dtype (row-major `values`, shape `dims`). @returns its name. */
  float(name: string, dims: number[], values: ArrayLike<number>): string {
    const data = this.dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
    return this.constant({ name, dtype: this.dtype, dims, data });
  }

  /** A float scalar in the graph's dtype; the same value gives the same (shared) constant. @returns its name. */
  scalar(value: number): string {
    return this.sharedConstant(`scalar:${value}`, () => ({ name: `scalar_${this.shared.size}`, dtype: this.dtype, dims: [],
      data: this.dtype === 'float32' ? Float32Array.of(value) : Float64Array.of(value) }));
  }

  /** An int64 constant; the same values and shape give the same (shared) constant. @returns its name. */
  int64(values: readonly number[], dims: number[] = [values.length]): string {
    return this.sharedConstant(`int64:${dims.join('x')}:${values.join(',')}`, () => ({ name: `int64_${this.shared.size}`, dtype: 'int64',
      dims, data: BigInt64Array.from(values, BigInt) }));
  }

  /** A bool constant (row-major). @returns its name. */
  bool(name: string, dims: number[], values: ArrayLike<boolean>): string {
    return this.constant({ name, dtype: 'bool', dims, data: Uint8Array.from(Array.from(values, Number)) });
  }

  /** The graph, ready for encodeModel. */
  graph(name: string, metadata: Record<string, string> = {}): OnnxGraph {
    return { name, inputs: this.inputs, outputs: this.outputs, nodes: this.nodes, initializers: this.initializers, metadata };
  }

  private sharedConstant(key: string, make: () => OnnxTensor): string {
    let name = this.shared.get(key);
    if (name === undefined) {
      name = this.constant(make());
      this.shared.set(key, name);
    }
    return name;
  }

  private constant(tensor: OnnxTensor): string {
    this.initializers.push({ ...tensor, name: this.claim(tensor.name) });
    return tensor.name;
  }

  /** Reserves a value name; every value in an ONNX graph is named once. */
  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`GraphBuilder: the value name '${name}' is already used`);
    this.names.add(name);
    return name;
  }
}
