/** What every block builder reads: the graph, the value sets, the settings; and how an s-op sits in the stream. */
import { BOS, DimLabel, ONE } from '../../encoder/residual';
import { Encoding, MapSOp, SOp } from '../../rasp/dsl';
import { Value } from '../../rasp/values';
import { SAME_NUMBER } from '../infer_values';
import { Graph, Settings, Values } from '../stages';

/** The dimension that is 1 everywhere but BOS, and the one that is 1 at BOS only. */
export const one: DimLabel = { sop: ONE }, bos: DimLabel = { sop: BOS };

/** The compiler's view of the program while it builds blocks. */
export class Context {
  private readonly hosted = new Map<SOp, SOp[]>();

  constructor(readonly graph: Graph, readonly values: Values, readonly settings: Settings) {
    for (const [square, host] of graph.hosts) this.hosted.set(host, [...(this.hosted.get(host) ?? []), square]);
  }

  /** The node's encoding (infer_values settles the defaults). */
  encoding(node: SOp): Encoding {
    return this.values.encodings.get(node)!;
  }

  name(node: SOp): string {
    return this.graph.names.get(node)!;
  }

  /** A map's function of its (lowered) inputs: fused with the maps it reads where fuse_maps did so. */
  mapFunction(node: MapSOp): (...args: Value[]) => Value {
    return this.values.fused.get(node)?.f ?? node.f;
  }

  /** The node's finite values (the caller has checked they are finite). */
  set(node: SOp): Value[] {
    return this.values.sets.get(node)!;
  }

  /** The node's dimensions: one per value (categorical) or one scalar (numerical). */
  labels(node: SOp): DimLabel[] {
    const sop = this.name(node);
    return this.encoding(node) === 'numerical' ? [{ sop }] : this.set(node).map((value) => ({ sop, value }));
  }

  /**
   * The node's value as a linear function of the stream: x itself, Σ v·[x = v] over its one-hot values, or, for a
   * folded affine map, bias + Σ wᵢ·xᵢ over its inputs' functionals.
   */
  functional(node: SOp): [DimLabel, number][] {
    const affine = this.values.affine.get(node);
    if (affine !== undefined) {
      const inputs = (node as MapSOp).inputs;
      const terms = inputs.flatMap((s, i) => this.functional(s).map(([l, c]): [DimLabel, number] => [l, affine.weights[i] * c]));
      return [[one, affine.bias], ...terms];
    }
    return this.encoding(node) === 'numerical' ? [[{ sop: this.name(node) }, 1]] : this.labels(node).map((l) => [l, Number(l.value)]);
  }

  /** The node's square as a linear function of the stream: its derived square's dimension, or Σ v²·[x = v] (one-hot). */
  squareFunctional(node: SOp, square: SOp | null): [DimLabel, number][] {
    return square !== null ? this.functional(square) : this.labels(node).map((l) => [l, Number(l.value) ** 2]);
  }

  /** What the node's MLP writes for value v: v's entries, and those of the squares it hosts (program_to_graph). */
  writes(node: SOp, v: Value): [DimLabel, number][] {
    const own = this.encode(node, v);
    return [...own, ...(this.hosted.get(node) ?? []).flatMap((s) => this.encode(s, (s as MapSOp).f(v)))];
  }

  /** The stream entries that encode value v of the node (a one-hot number as the set's member it was merged into). */
  encode(node: SOp, v: Value): [DimLabel, number][] {
    const sop = this.name(node);
    return this.encoding(node) === 'numerical' ? [[{ sop }, Number(v)]] : [[{ sop, value: this.member(node, v) }, 1]];
  }

  /**
   * The value of the node's set that stands for v: v itself, or for a number the member within SAME_NUMBER of it
   * (infer_values merges near-equal numbers, so a map computed again, 0.1 + 0.2 against 0.3, may miss the member).
   */
  member(node: SOp, v: Value): Value {
    if (typeof v !== 'number') return v;
    const set = this.values.sets.get(node);
    if (set === null || set === undefined) return v;
    let lo = 0, hi = set.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1, m = set[mid];
      if (typeof m === 'number' && m < v) lo = mid + 1;
      else hi = mid;
    }
    for (const i of [lo, lo - 1]) {
      const m = set[i];
      if (typeof m === 'number' && Math.abs(m - v) <= SAME_NUMBER * (1 + Math.abs(v))) return m;
    }
    return v;
  }
}
