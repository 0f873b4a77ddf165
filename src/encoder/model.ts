/** EncoderModel: embedding (token and position), encoder layers, read-out; forward, trace and JSON export. */
import { assertRange, checkFiniteNumber, checkOneOf, invalidRange, invalidType } from '../check';
import { RaspError } from '../errors';
import { Matrix } from '../linalg/matrix';
import { AttentionHead, AttentionKind } from './attention_head';
import { EncoderLayer, LayerTrace } from './layer';
import { modelFromJSON, ModelJSON, modelToJSON } from './model_json';
import { ResidualSpace, Token, valueKey } from './residual';

/** How tokens enter the stream: a row per vocabulary entry (one-hot), or the token's value along a direction. */
export type TokenEmbedding =
  | { encoding: 'categorical'; vocab: Token[]; table: Matrix }
  | { encoding: 'numerical'; direction: Float64Array };

/** Which s-op the model outputs and how to read it: argmax over one-hot dimensions, or one scalar dimension. */
export interface Readout {
  sop: string;
  encoding: 'categorical' | 'numerical';
  /** The residual dimensions read (one per value for categorical, one for numerical). */
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
}

/** Settings fixed when the model was built. */
export interface ModelSettings {
  /** The name shown for the BOS token (position 0). */
  bos: string;
  /** The longest input (without BOS). */
  maxSeqLen: number;
  /** Whether every head masks keys after the query. */
  causal: boolean;
}

/** The stream after the embedding and after each sublayer, with every head's weights. */
export interface ModelTrace {
  /** BOS, then the input tokens. */
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
    };
  }

  /**
   * The stream after the embedding: row 0 is BOS, row p the p-th token.
   * @throws {ArgumentRangeError} for an empty or too long input, an unknown or non-finite token.
   */
  embed(input: readonly Token[]): Matrix {
    const fn = 'EncoderModel.forward';
    if (!Array.isArray(input)) throw invalidType(fn, 'input', 'an array of tokens', input);
    if (input.length < 1 || input.length > this.settings.maxSeqLen) {
      throw invalidRange(fn, `expected between 1 and ${this.settings.maxSeqLen} tokens (the model's maxSeqLen) but received ${input.length}`,
        'ERR_ATTNSIM_SEQUENCE_LENGTH');
    }
    const d = this.residual.width, x = new Float64Array((input.length + 1) * d);
    x.set(this.positions.data.subarray(0, (input.length + 1) * d));
    const write = this.tokenWriter(fn);
    input.forEach((token, p) => write(token, p, x.subarray((p + 1) * d, (p + 2) * d)));
    return new Matrix(input.length + 1, d, x);
  }

  private tokenWriter(fn: string): (token: Token, p: number, row: Float64Array) => void {
    const e = this.tokenEmbedding, d = this.residual.width;
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
  trace(input: readonly Token[]): ModelTrace {
    const embedded = this.embed(input), layers: LayerTrace[] = [];
    let x = embedded;
    for (const layer of this.layers) {
      const t = layer.forward(x, this.residual, this.settings.causal);
      layers.push(t);
      x = t.afterMlp;
    }
    return { tokens: [this.settings.bos, ...input], embedded, layers };
  }

  /**
   * The output s-op's values on an input: what rasp.evaluate gives for the compiled program.
   * @throws {ArgumentRangeError} for a bad input; {RaspError} when a categorical output holds no single value.
   * @example compile(rasp.lib.makeReverse(rasp.tokens), { vocab: 'abc', maxSeqLen: 4 }).forward([...'abc']); // ['c', 'b', 'a']
   */
  forward(input: readonly Token[]): Token[] {
    return this.decode(this.streamAfter(input));
  }

  /** The final stream on an input. */
  streamAfter(input: readonly Token[]): Matrix {
    let x = this.embed(input);
    for (const layer of this.layers) x = layer.forward(x, this.residual, this.settings.causal).afterMlp;
    return x;
  }

  /** Reads the output s-op off a final stream (BOS excluded). */
  decode(x: Matrix): Token[] {
    const { dims, values, encoding, sop } = this.readout, d = this.residual.width, out: Token[] = [];
    for (let p = 1; p < x.rows; p++) {
      const row = x.data.subarray(p * d, (p + 1) * d);
      if (encoding === 'numerical') {
        out.push(row[dims[0]]);
        continue;
      }
      let best = 0;
      dims.forEach((dim, i) => { if (row[dim] > row[dims[best]]) best = i; });
      if (!(row[dims[best]] > 0.5)) {
        throw new RaspError(`s-op '${sop}' at position ${p - 1}: the one-hot encoding holds no single value (largest entry ${row[dims[best]]}); ` +
          'an aggregate averaged several values: mark it numerical');
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
    const layers = this.layers.map((l) => new EncoderLayer(l.heads.map((h) => new AttentionHead(h.label, h.weights, kind, coldness, h.hint)), l.mlp, l.pointwise));
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
