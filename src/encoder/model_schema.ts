/**
 * The JSON Schema of a model file (EncoderModel.toJSON's output): every field, its type and its range, in one place.
 * A new field is one more entry in `properties` (with `optional` if old files lack it). What a schema cannot say
 * (shapes against the residual width, dimension indices, distinct labels, memory) is checked in check_model_json.ts.
 */

/** A schema node; every node carries a `description`, which error messages quote as what was expected. */
export type Schema = { description: string } & Record<string, unknown>;

const finite: Schema = { type: 'number', description: 'a finite number' };
const text: Schema = { type: 'string', description: 'a string' };
const flag: Schema = { type: 'boolean', description: 'a boolean' };
const token: Schema = {
  type: ['number', 'string', 'boolean', 'null'], description: 'a token (a number, string, boolean or null)',
};

/** An integer at least `min`. */
const integer = (min: number): Schema => ({ type: 'integer', minimum: min, description: `an integer ≥ ${min}` });

/** One of the given strings. */
const oneOf = (...values: string[]): Schema => ({
  enum: values, description: `one of ${values.map((v) => `'${v}'`).join(', ')}`,
});

/** An array of `items`, described as `what`. */
const array = (items: Schema, what: string): Schema => ({ type: 'array', items, description: `an array of ${what}` });

/** An object with exactly these properties; all are required but the `optional` ones. */
function object(properties: Record<string, Schema>, optional: string[] = []): Schema {
  const keys = Object.keys(properties);
  return {
    type: 'object', properties, required: keys.filter((k) => !optional.includes(k)), additionalProperties: false,
    description: `an object with ${keys.map((k) => (optional.includes(k) ? `${k}?` : k)).join(', ')}`,
  };
}

/** One of several object shapes told apart by the string property `tag`. */
function tagged(tag: string, shapes: Schema[], what: string): Schema {
  return { type: 'object', required: [tag], discriminator: { propertyName: tag }, oneOf: shapes, description: what };
}

const numbers = array(finite, 'finite numbers');
const indices = array(integer(0), 'dimension indices (integers ≥ 0)');
const matrix = object({ rows: integer(0), cols: integer(0), data: numbers });

const head = object({
  label: text, kind: oneOf('hard', 'softmax'),
  coldness: { type: 'number', exclusiveMinimum: 0, description: 'a positive number' },
  hint: tagged('kind', [
    object({ kind: { const: 'equal', description: "'equal'" }, query: integer(0), key: integer(0) }),
    object({ kind: { const: 'bos-cleanup', description: "'bos-cleanup'" } }),
  ], "a hint { kind: 'equal', query, key } or { kind: 'bos-cleanup' }"),
  window: integer(0),
  tie: { type: 'number', minimum: 0, description: 'a number ≥ 0' },
  wq: matrix, wk: matrix, wv: matrix, wo: matrix,
}, ['hint', 'window', 'tie']);

const mlp: Schema = {
  ...object({ w1: matrix, b1: numbers, w2: matrix, b2: numbers, units: array(text, 'strings') }),
  type: ['object', 'null'], description: 'an object with w1, b1, w2, b2, units, or null',
};

const pointwise = object({
  label: text, pointwise: { const: true, description: 'true' }, fn: text, inputs: indices, output: integer(0),
});

/** The whole file: format 1 of 'attnsim-encoder'. */
export const modelSchema: Schema = object({
  format: { const: 'attnsim-encoder', description: "'attnsim-encoder'" },
  version: { const: 1, description: '1' },
  settings: object({ bos: text, maxSeqLen: integer(1), causal: flag, circular: flag }, ['circular']),
  config: { type: 'object', description: 'an object (the model\'s size; recomputed on import)' },
  residual: array(object({ sop: text, value: token }, ['value']), 'residual labels { sop, value? }'),
  tokenEmbedding: tagged('encoding', [
    object({ encoding: { const: 'categorical', description: "'categorical'" }, vocab: array(token, 'tokens'), table: matrix }),
    object({ encoding: { const: 'numerical', description: "'numerical'" }, direction: numbers }),
    object({ encoding: { const: 'vector', description: "'vector'" }, matrix }),
  ], "a token embedding { encoding: 'categorical', vocab, table }, { encoding: 'numerical', direction } " +
    "or { encoding: 'vector', matrix }"),
  positions: matrix,
  layers: array(object({ heads: array(head, 'heads'), mlp, pointwise: array(pointwise, 'marked blocks') }), 'layers'),
  readout: object({ sop: text, encoding: oneOf('categorical', 'numerical', 'vector'), dims: indices, values: array(token, 'tokens') }),
}, ['config']);
