/** The typed output of each compiler stage, in pipeline order (tracr's nodes.py, as types). */
import { DimLabel } from '../encoder/residual';
import { AttentionKind } from '../encoder/attention_head';
import { Encoding, SOp } from '../rasp/dsl';
import { Value } from '../rasp/values';
import { RealFFN } from './blocks/real_ffn';

/** The options of compile(), checked and with defaults filled in. */
export interface Settings {
  /** The token vocabulary; null when the tokens are real numbers (numerical tokens). */
  vocab: Value[] | null;
  maxSeqLen: number;
  bos: string;
  causal: boolean;
  attention: AttentionKind;
  coldness: number;
  /** Maps on real values as ReLU approximations (range and tolerance), or null: marked blocks. */
  realFFN: RealFFN | null;
  /** Run the optimisation stages (choose_encodings, fuse_maps, prune_dimensions). */
  optimize: boolean;
}

/** The finite set of values an s-op can take, sorted; null when it is not finite (real values). */
export type ValueSet = Value[] | null;

/** infer_values: every s-op's value set, and the per-position values of positional s-ops. */
export interface Values {
  sets: Map<SOp, ValueSet>;
  /**
   * Each s-op's encoding: as annotated; by default categorical, except an aggregate of numbers, which is numerical
   * (a mean of several numbers has no one-hot encoding).
   */
  encodings: Map<SOp, Encoding>;
  /** Values at positions 0 … maxSeqLen−1 of each s-op that depends on the position only (it goes into the embedding). */
  positional: Map<SOp, Value[]>;
  /** Maps fused with the maps they read (fuse_maps): the composed function and its inputs. */
  fused: Map<SOp, Fused>;
  /** Numerical maps that are affine on their inputs' values (choose_encodings): read as that sum, with no block of their own. */
  affine: Map<SOp, Affine>;
  /** Why an s-op cannot be compiled, found while inferring values (a map that fails on every input, too many combinations). */
  problems: Map<SOp, string>;
  /** Why an s-op's values are not a finite set though its inputs' are (a numerical aggregate with too many means). */
  unbounded: Map<SOp, string>;
}

/** A map fused with the maps it reads: f of the inner maps' inputs. */
export interface Fused {
  f: (...args: Value[]) => Value;
  inputs: SOp[];
}

/** f(x₁, …, x_k) = bias + Σ weights[i]·xᵢ on every combination of the inputs' values (a map's own inputs). */
export interface Affine {
  bias: number;
  weights: number[];
}

/** One conjunct of a selector, as the attention scores realise it. */
export type Term =
  /** Score 1 where predicate(key, query) holds, else 0, over one-hot keys and queries. */
  | { kind: 'table'; keys: SOp; queries: SOp; predicate: (key: Value, query: Value) => boolean }
  /**
   * Score −(q − k)²/gap² over keys and queries with numbers as values: 0 where equal, ≤ −1 elsewhere. A numerical side
   * reads its square from a derived s-op; a one-hot side (square null) reads q and q² as Σ v·[q = v] and Σ v²·[q = v].
   */
  | { kind: 'equal'; keys: SOp; queries: SOp; keySquare: SOp | null; querySquare: SOp | null }
  /** Score 1 (every key selected) or 0 (none). */
  | { kind: 'constant'; selected: boolean };

/** program_to_graph: the lowered program — s-ops (with derived ones) in dependency order, selectors as terms. */
export interface Graph {
  output: SOp;
  /** Every s-op, inputs before users. */
  nodes: SOp[];
  /** The s-ops each s-op reads (for aggregates and widths, including the selector's). */
  inputs: Map<SOp, SOp[]>;
  /** For each aggregate, selector width and length: the selector as a conjunction of terms. */
  selectors: Map<SOp, Term[]>;
  /** A unique residual name per s-op. */
  names: Map<SOp, string>;
  /** Derived squares written by the MLP of the s-op they square (its host), in the same layer. */
  hosts: Map<SOp, SOp>;
}

/**
 * How a node is realised: in the embedding, by attention, by an MLP, by both (selector width), by its host's blocks
 * (a square), or folded into its readers (an affine map: no block and no dimension).
 */
export type Realisation = 'embedding' | 'attention' | 'mlp' | 'attention+mlp' | 'hosted' | 'folded';

/** allocate_layers: the layer of each node's attention and MLP parts. */
export interface Allocation {
  realisation: Map<SOp, Realisation>;
  /** The layer of the node's first part (its attention part for attention+mlp). */
  layer: Map<SOp, number>;
  layers: number;
}

/** A weight between two labelled dimensions. */
export interface Entry {
  from: DimLabel;
  to: DimLabel;
  weight: number;
}

/** A head in labels: scores q·W·k as (query dim → key dim) entries, values as (source dim → output dim) entries. */
export interface AttentionBlock {
  kind: 'attention';
  label: string;
  layer: number;
  qk: Entry[];
  ov: Entry[];
  /** For an equality lookup: the query and key dimensions; or the BOS clean-up. */
  hint?: { kind: 'equal'; query: DimLabel; key: DimLabel } | { kind: 'bos-cleanup' };
}

/** A hidden unit: ReLU(Σ input weights · x), then Σ output weights added to the stream. */
export interface MlpUnit {
  input: [DimLabel, number][];
  output: [DimLabel, number][];
}

/** An MLP in labels. */
export interface MlpBlock {
  kind: 'mlp';
  label: string;
  layer: number;
  units: MlpUnit[];
}

/** A marked position-wise block in labels. */
export interface PointwiseSpec {
  kind: 'pointwise';
  label: string;
  layer: number;
  fn: string;
  f: (...args: number[]) => number;
  inputs: DimLabel[];
  output: DimLabel;
}

/** to_blocks: every block of the model, and every residual dimension in order. */
export interface Blocks {
  blocks: (AttentionBlock | MlpBlock | PointwiseSpec)[];
  labels: DimLabel[];
}
