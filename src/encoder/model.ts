/** EncoderModel: embedding (token and position), encoder layers, read-out; forward, trace and JSON export. */
import { assertRange, checkFiniteNumber, checkOneOf, invalidRange, invalidType } from '../check';
import { RaspError } from '../errors';
import { Matrix } from '../linalg/matrix';
import { matmul } from '../linalg/matmul';
import { AttentionHead, AttentionKind } from './attention_head';
import { EncoderLayer, LayerTrace } from './layer';
import { modelFromJSON, ModelJSON, modelToJSON } from './model_json';
import { ResidualSpace, Token, valueKey } from './residual';

/** How tokens enter the stream: a row per vocabulary entry (one-hot), or the token's value along a direction. */
export type TokenEmbedding =
  | { encoding: 'categorical'; vocab: Token[]; table: Matrix }
  | { encoding: 'numerical'; direction: Float64Array }
  | { encoding: 'vector'; matrix: Matrix };

/** What a model reads: tokens, or (for a 'vector' embedding E ∈ ℝ^{D×d}) an N×d matrix of d-dimensional tokens. */
export type ModelInput = readonly Token[] | string | Matrix;

/** Which s-op the model outputs and how to read it: argmax over one-hot dimensions, or one scalar dimension. */
export interface Readout {
  sop: string;
  /** 'vector': the dimensions side by side, read by forwardVectors. */
  encoding: 'categorical' | 'numerical' | 'vector';
  /** The residual dimensions read (one per value for categorical, one for numerical, any number for vector). */
  dims: number[];
  /** The value of each dimension (categorical only). */
  values: Token[];
}

/** The model's size, as tracr reports it. */
export interface ModelConfig {
  /** Encoder layers (each an attention sublayer and a feed-forward sublayer). */
  layers: number;
  /** The most heads in any layer. */
  heads: number;
  /** Heads in each layer. */
  headsPerLayer: number[];
  /** The residual stream's width. */
  residualWidth: number;
  /** The widest MLP's hidden units. */
  mlpHidden: number;
  /** Marked position-wise blocks (not neural networks), over all layers. */
  pointwiseBlocks: number;
  /** Every weight and bias: token and position embeddings, heads' Wq, Wk, Wv, Wo, MLPs' W1, b1, W2, b2. */
  parameters: number;
  /** The parameters that are not zero. */
  nonZeroParameters: number;
}

/** Settings fixed when the model was built. */
export interface ModelSettings {
  /** The name shown for the BOS token (position 0). */
  bos: string;
  /** The longest input (without BOS). */
  maxSeqLen: number;
  /** Whether every head masks keys after the query. */
  causal: boolean;
  /** A circular model: no BOS row, exactly maxSeqLen tokens, windowed heads wrap around (absent: false). */
  circular?: boolean;
}

/** The stream after the embedding and after each sublayer, with every head's weights. */
export interface ModelTrace {
  /** BOS, then the input tokens (a circular model has no BOS; vector tokens appear as text, `(0.12, 0.5)`). */
  tokens: Token[];
  embedded: Matrix;
  layers: LayerTrace[];
}

/** An encoder: embedding, layers, read-out. */
export class EncoderModel {
  /**
   * @param residual the labelled stream.
   * @param tokenEmbedding how a token is written into the stream.
   * @param positions (maxSeqLen+1)×D: row 0 is BOS's (it sets the `bos` dimension), the others set `one` and positional s-ops.
   * @param layers the encoder layers in order.
   * @param readout the output s-op.
   * @param settings bos, maxSeqLen, causal.
   */
  constructor(readonly residual: ResidualSpace, readonly tokenEmbedding: TokenEmbedding, readonly positions: Matrix,
    readonly layers: readonly EncoderLayer[], readonly readout: Readout, readonly settings: ModelSettings) {}

  /** The model's size: layers, heads, residual width, MLP width, marked blocks. */
  get config(): ModelConfig {
    const headsPerLayer = this.layers.map((l) => l.heads.length);
    return {
      layers: this.layers.length,
      heads: Math.max(0, ...headsPerLayer),
      headsPerLayer,
      residualWidth: this.residual.width,
      mlpHidden: Math.max(0, ...this.layers.map((l) => l.mlp?.hidden ?? 0)),
      pointwiseBlocks: this.layers.reduce((n, l) => n + l.pointwise.length, 0),
      ...this.parameterCounts(),
    };
  }

  /** The weights a model learns: heads, MLPs and token embedding (not the position table, a fixed function of t). */
  get parameterCount(): number {
    return this.learnedArrays().reduce((n, a) => n + a.length, 0);
  }

  /** The largest |weight| among the learned parameters (0 for a model with none). */
  get largestWeight(): number {
    let largest = 0;
    for (const a of this.learnedArrays()) for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i]));
    return largest;
  }

  private learnedArrays(): ArrayLike<number>[] {
    const e = this.tokenEmbedding;
    const embedding = e.encoding === 'categorical' ? e.table.data : e.encoding === 'numerical' ? e.direction : e.matrix.data;
    const arrays: ArrayLike<number>[] = [embedding];
    for (const l of this.layers) {
      for (const h of l.heads) arrays.push(h.weights.wq.data, h.weights.wk.data, h.weights.wv.data, h.weights.wo.data);
      if (l.mlp) arrays.push(l.mlp.w1.data, l.mlp.b1, l.mlp.w2.data, l.mlp.b2);
    }
    return arrays;
  }

  /** Every stored parameter (the learned ones and the position table), and how many are non-zero. */
  private parameterCounts(): { parameters: number; nonZeroParameters: number } {
    let parameters = 0, nonZeroParameters = 0;
    for (const a of [...this.learnedArrays(), this.positions.data]) {
      parameters += a.length;
      for (let i = 0; i < a.length; i++) if (a[i] !== 0) nonZeroParameters++;
    }
    return { parameters, nonZeroParameters };
  }

  /**
   * The stream after the embedding: row 0 is BOS, row p the p-th token (a circular model has no BOS row).
   * @param input the tokens, a string (one token per character, as rasp.evaluate reads it), or vector tokens.
   * @throws {ArgumentRangeError} for an empty or too long input, an unknown or non-finite token.
   */
  embed(tokens: ModelInput): Matrix {
    const fn = 'EncoderModel.forward', first = this.settings.circular === true ? 0 : 1;
    const input = typeof tokens === 'string' ? [...tokens] : tokens;
    const vectors = this.tokenEmbedding.encoding === 'vector';
    if (vectors ? !(input instanceof Matrix) : !Array.isArray(input)) {
      throw invalidType(fn, 'input', vectors ? 'an N×d Matrix of vector tokens' : 'an array of tokens', input);
    }
    const n = input instanceof Matrix ? input.rows : input.length;
    if (first === 0 ? n !== this.settings.maxSeqLen : n < 1 || n > this.settings.maxSeqLen) {
      const want = first === 0 ? `exactly ${this.settings.maxSeqLen} tokens (the circular model's length)`
        : `between 1 and ${this.settings.maxSeqLen} tokens (the model's maxSeqLen)`;
      throw invalidRange(fn, `expected ${want} but received ${n}`, 'ERR_ATTNSIM_SEQUENCE_LENGTH');
    }
    const d = this.residual.width, x = new Float64Array((n + first) * d);
    x.set(this.positions.data.subarray(0, (n + first) * d));
    if (input instanceof Matrix) this.addVectors(fn, input, x.subarray(first * d));
    else {
      const write = this.tokenWriter(fn);
      input.forEach((token, p) => write(token, p, x.subarray((p + first) * d, (p + first + 1) * d)));
    }
    return new Matrix(n + first, d, x);
  }

  /** Adds E·x_p to each row of `rows` (n×D, flat) for the n×d vector tokens x. */
  private addVectors(fn: string, input: Matrix, rows: Float64Array): void {
    const e = this.tokenEmbedding as { matrix: Matrix };
    if (input.cols !== e.matrix.cols) throw invalidType(fn, 'input', `an N×${e.matrix.cols} Matrix (tokens of ${e.matrix.cols} coordinates)`, input);
    for (let i = 0; i < input.data.length; i++) {
      if (!Number.isFinite(input.data[i])) {
        throw invalidRange(fn, `expected finite token coordinates but token ${Math.floor(i / input.cols)} holds ${input.data[i]}`,
          'ERR_ATTNSIM_NON_FINITE');
      }
    }
    const added = matmul(input.toDType('float64'), e.matrix, { transB: true }).data;
    for (let i = 0; i < added.length; i++) rows[i] += added[i];
  }

  private tokenWriter(fn: string): (token: Token, p: number, row: Float64Array) => void {
    const e = this.tokenEmbedding as Exclude<TokenEmbedding, { encoding: 'vector' }>, d = this.residual.width;
    if (e.encoding === 'numerical') {
      return (token, p, row) => {
        if (typeof token !== 'number' || !Number.isFinite(token)) {
          throw invalidRange(fn, `expected a finite number for token ${p} but received ${String(token)}`, 'ERR_ATTNSIM_NON_FINITE');
        }
        for (let i = 0; i < d; i++) row[i] += token * e.direction[i];
      };
    }
    const rows = new Map(e.vocab.map((v, i) => [valueKey(v), i]));
    return (token, p, row) => {
      const r = rows.get(valueKey(token));
      if (r === undefined) {
        throw invalidRange(fn, `unknown token ${JSON.stringify(token)} at position ${p}; the vocabulary is ${JSON.stringify(e.vocab)}`,
          'ERR_ATTNSIM_UNKNOWN_TOKEN');
      }
      for (let i = 0; i < d; i++) row[i] += e.table.data[r * d + i];
    };
  }

  /** Runs every layer and records the stream and the attention weights. */
  trace(input: ModelInput): ModelTrace {
    const embedded = this.embed(input), layers: LayerTrace[] = [];
    let x = embedded;
    for (const layer of this.layers) {
      const t = layer.forward(x, this.residual, this.settings.causal);
      layers.push(t);
      x = t.afterMlp;
    }
    const vectors = input instanceof Matrix ? Array.from({ length: input.rows }, (_, p) => vectorText(input, p)) : [...input];
    const tokens = this.settings.circular === true ? vectors : [this.settings.bos, ...vectors];
    return { tokens, embedded, layers };
  }

  /**
   * The output s-op's values on an input: what rasp.evaluate gives for the compiled program.
   * @throws {ArgumentRangeError} for a bad input; {RaspError} when a categorical output holds no single value.
   * @param input the tokens, or a string (one token per character).
   * @example compile(rasp.lib.makeReverse(rasp.tokens), { vocab: 'abc', maxSeqLen: 4 }).forward('abc'); // ['c', 'b', 'a']
   */
  forward(input: ModelInput): Token[] {
    return this.decode(this.streamAfter(input));
  }

  /**
   * The read-out dimensions of a vector model at every position: an N×|dims| matrix.
   * @param x N×d vector tokens.
   * @throws {ArgumentTypeError} when the model reads tokens rather than vectors; {ArgumentRangeError} for a bad input.
   * @example selection.buildWindowExtractor({ N: 8, d: 1, offsets: [-1, 1], positional: 'onehot', coldness: 30 }).model.forwardVectors(x);
   */
  forwardVectors(x: Matrix): Matrix {
    const stream = this.streamAfter(x), dims = this.readout.dims, d = this.residual.width;
    const first = stream.rows - x.rows, out = new Float64Array(x.rows * dims.length);
    for (let p = 0; p < x.rows; p++) dims.forEach((dim, i) => { out[p * dims.length + i] = stream.data[(p + first) * d + dim]; });
    return new Matrix(x.rows, dims.length, out);
  }

  /** The final stream on an input. */
  streamAfter(input: ModelInput): Matrix {
    let x = this.embed(input);
    for (const layer of this.layers) x = layer.apply(x, this.residual, this.settings.causal);
    return x;
  }

  /** Reads the output s-op off a final stream (BOS excluded). */
  decode(x: Matrix): Token[] {
    const { dims, values, encoding, sop } = this.readout, d = this.residual.width, out: Token[] = [];
    if (encoding === 'vector') {
      throw invalidType('EncoderModel.forward', 'the model', 'a model with a token read-out (use forwardVectors for a vector read-out)', this);
    }
    for (let p = this.settings.circular === true ? 0 : 1; p < x.rows; p++) {
      const row = x.data.subarray(p * d, (p + 1) * d);
      if (encoding === 'numerical') {
        out.push(row[dims[0]]);
        continue;
      }
      let best = 0;
      dims.forEach((dim, i) => { if (row[dim] > row[dims[best]]) best = i; });
      if (!(row[dims[best]] > 0.5)) {
        // Averaged one-hots still sum to 1, so a largest entry near 0 means no value at all reached the read-out.
        const cause = row[dims[best]] > 1e-6 ? 'an aggregate averaged several values: mark it numerical'
          : 'no value reached it: an aggregate selected no key, or a map on the way has no value for these inputs (its ' +
            'function threw or gave a non-finite number on them when the model was compiled; rasp.evaluate on this input names the cause)';
        throw new RaspError(`s-op '${sop}' at position ${p - 1}: the one-hot encoding holds no single value (largest entry ` +
          `${row[dims[best]]}); ${cause}`);
      }
      out.push(values[best]);
    }
    return out;
  }

  /**
   * The same weights with every head's kind and coldness replaced: the soft realisation of a hard model, or back.
   * @example compile(program, opts).withAttention('softmax', 50).forward(input);
   */
  withAttention(kind: AttentionKind, coldness: number): EncoderModel {
    checkOneOf('EncoderModel.withAttention', 'kind', kind, ['hard', 'softmax'] as const);
    checkFiniteNumber('EncoderModel.withAttention', 'coldness', coldness);
    assertRange(coldness > 0, 'EncoderModel.withAttention', () => `expected a positive coldness but received ${coldness}`);
    const layers = this.layers.map((l) => new EncoderLayer(l.heads.map((h) => new AttentionHead(h.label, h.weights, kind, coldness, h.hint, h.window, h.tie)), l.mlp, l.pointwise));
    return new EncoderModel(this.residual, this.tokenEmbedding, this.positions, layers, this.readout, this.settings);
  }

  /** The weights as plain JSON (numbers kept exactly); marked blocks appear by name, never as weights. */
  toJSON(): ModelJSON {
    return modelToJSON(this);
  }

  /**
   * A model from toJSON's output; the round trip is exact. The file may be untrusted: it is checked completely
   * (schema, memory, shapes) before anything is allocated.
   * @param json what toJSON returned (or its JSON.parse).
   * @param functions maps of marked blocks by name, beyond the built-in ones (product, exp, reciprocal, divide).
   * @returns the model.
   * @throws {ArgumentTypeError} (ERR_ATTNSIM_MODEL_FILE) for a missing, extra or wrongly typed field, or a marked block
   *   with an unknown function, naming the field's path (`layers[2].heads[0].wq`).
   * @throws {ArgumentRangeError} (ERR_ATTNSIM_MODEL_FILE) for a wrong shape or an index outside the residual stream.
   * @throws {TooLargeError} (ERR_ATTNSIM_TOO_LARGE) when the weights exceed the memory budget.
   * @example EncoderModel.fromJSON(JSON.parse(fs.readFileSync('model.json', 'utf8')));
   */
  static fromJSON(json: ModelJSON, functions: Record<string, (...args: number[]) => number> = {}): EncoderModel {
    return modelFromJSON(json, functions);
  }
}

/** A vector token as trace labels show it: `(0.12, 0.5)`. */
function vectorText(x: Matrix, p: number): string {
  return `(${Array.from(x.data.subarray(p * x.cols, (p + 1) * x.cols), (v) => Number(v.toPrecision(2))).join(', ')})`;
}
