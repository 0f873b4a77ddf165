/** Validation of an untrusted model file before anything is allocated: schema, memory, then shapes and indices. */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { checkMemory } from '../budget';
import { describe, invalidRange, invalidType } from '../check';
import { ArgumentRangeError, ArgumentTypeError } from '../errors';
import { LayerJSON, MatrixJSON, ModelJSON } from './model_json';
import { modelSchema, Schema } from './model_schema';
import { ONE, valueKey } from './residual';

const FN = 'EncoderModel.fromJSON';
const CODE = 'ERR_ATTNSIM_MODEL_FILE';

let validate: ValidateFunction | undefined;

/** `layers[2].heads[0].wq` from the JSON pointer `/layers/2/heads/0/wq` (`json` for the root). */
function fieldPath(pointer: string, child?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : path ? `${path}.${p}` : p), '') || 'json';
}

/** The first schema violation as an attnsim error naming the field. */
function schemaError(e: ErrorObject): ArgumentTypeError {
  const parent = e.parentSchema as Schema;
  if (e.keyword === 'required') {
    const missing = String(e.params.missingProperty);
    const field = (parent.properties as Record<string, Schema> | undefined)?.[missing];
    return invalidType(FN, fieldPath(e.instancePath, missing), field?.description ?? parent.description, undefined, CODE);
  }
  if (e.keyword === 'additionalProperties') {
    const extra = String(e.params.additionalProperty), known = Object.keys(parent.properties as object).join(', ');
    return new ArgumentTypeError(`${FN}: unexpected property ${fieldPath(e.instancePath, extra)} (expected only ${known})`,
      CODE);
  }
  if (e.keyword === 'discriminator') {
    const tag = String(e.params.tag), value = (e.data as Record<string, unknown>)[tag];
    return invalidType(FN, fieldPath(e.instancePath, tag), parent.description, value, CODE);
  }
  return invalidType(FN, fieldPath(e.instancePath), parent.description, e.data, CODE);
}

/** A shape or index problem at a field, as an attnsim error. */
const rangeError = (path: string, message: string): ArgumentRangeError => invalidRange(FN, `${path}: ${message}`, CODE);

/** Throws unless the matrix at `path` is rows×cols (either may be left free as undefined) with rows·cols entries. */
function checkMatrix(m: MatrixJSON, path: string, rows: number | undefined, cols: number | undefined): void {
  if (m.data.length !== m.rows * m.cols) {
    throw rangeError(path, `expected rows × cols = ${m.rows * m.cols} entries in data but received ${m.data.length}`);
  }
  if ((rows !== undefined && m.rows !== rows) || (cols !== undefined && m.cols !== cols)) {
    throw rangeError(path, `expected a ${rows ?? 'any'}×${cols ?? 'any'} matrix but received ${m.rows}×${m.cols}`);
  }
}

/** Throws unless a vector has `length` entries. */
function checkLength(v: readonly unknown[], path: string, length: number): void {
  if (v.length !== length) throw rangeError(path, `expected ${length} entries but received ${v.length}`);
}

/** Throws unless every index is a dimension of the residual stream (below `width`). */
function checkDims(dims: readonly number[], path: string, width: number): void {
  const bad = dims.findIndex((d) => d >= width);
  if (bad >= 0) {
    throw rangeError(`${path}[${bad}]`, `expected a dimension below the residual width ${width} but received ${dims[bad]}`);
  }
}

/** Every matrix and vector of the file with its length: what importing it allocates, in float64 values. */
function weightCount(json: ModelJSON): number {
  const e = json.tokenEmbedding;
  let count = json.positions.data.length + (e.encoding === 'categorical' ? e.table.data.length
    : e.encoding === 'vector' ? e.matrix.data.length : e.direction.length);
  for (const layer of json.layers) {
    for (const h of layer.heads) count += h.wq.data.length + h.wk.data.length + h.wv.data.length + h.wo.data.length;
    const m = layer.mlp;
    if (m) count += m.w1.data.length + m.w2.data.length + m.b1.length + m.b2.length;
  }
  return count;
}

/** The residual labels: distinct, with the `one` dimension where marked blocks need it (to leave BOS alone). */
function checkResidual(json: ModelJSON): void {
  const seen = new Set<string>();
  json.residual.forEach((l, i) => {
    const key = l.value === undefined ? `${l.sop}#` : `${l.sop}#${valueKey(l.value)}`;
    if (seen.has(key)) {
      const value = l.value === undefined ? '' : ` = ${describe(l.value)}`;
      throw rangeError(`residual[${i}]`, `expected distinct labels but '${l.sop}'${value} appears twice`);
    }
    seen.add(key);
  });
  if (json.layers.some((l) => l.pointwise.length > 0) && !seen.has(`${ONE}#`)) {
    throw rangeError('residual', `expected a scalar dimension '${ONE}' (marked blocks read it) but there is none`);
  }
}

/** One layer's shapes against the residual width D, and its marked blocks' functions. */
function checkLayer(layer: LayerJSON, l: number, d: number, functions: ReadonlyMap<string, unknown>): void {
  layer.heads.forEach((h, i) => {
    const at = `layers[${l}].heads[${i}]`;
    checkMatrix(h.wq, `${at}.wq`, d, undefined);
    checkMatrix(h.wk, `${at}.wk`, d, h.wq.cols);
    checkMatrix(h.wv, `${at}.wv`, d, undefined);
    checkMatrix(h.wo, `${at}.wo`, h.wv.cols, d);
    if (h.hint?.kind === 'equal') {
      checkDims([h.hint.query], `${at}.hint.query`, d);
      checkDims([h.hint.key], `${at}.hint.key`, d);
    }
  });
  if (layer.mlp) {
    const m = layer.mlp, at = `layers[${l}].mlp`, hidden = m.w1.cols;
    checkMatrix(m.w1, `${at}.w1`, d, undefined);
    checkMatrix(m.w2, `${at}.w2`, hidden, d);
    checkLength(m.b1, `${at}.b1`, hidden);
    checkLength(m.b2, `${at}.b2`, d);
    checkLength(m.units, `${at}.units`, hidden);
  }
  layer.pointwise.forEach((p, i) => {
    const at = `layers[${l}].pointwise[${i}]`;
    if (!functions.has(p.fn)) {
      const known = `one of ${[...functions.keys()].join(', ')}`;
      throw invalidType(FN, `the function of marked block '${p.label}' at ${at}.fn`, known, p.fn, CODE);
    }
    checkDims(p.inputs, `${at}.inputs`, d);
    checkDims([p.output], `${at}.output`, d);
  });
}

/** Shapes and indices against the residual width, and the read-out. */
function checkShapes(json: ModelJSON, functions: ReadonlyMap<string, unknown>): void {
  const d = json.residual.length, e = json.tokenEmbedding;
  checkMatrix(json.positions, 'positions', json.settings.maxSeqLen + (json.settings.circular === true ? 0 : 1), d);
  if (e.encoding === 'vector') {
    checkMatrix(e.matrix, 'tokenEmbedding.matrix', d, undefined);
    if (e.matrix.cols === 0) throw rangeError('tokenEmbedding.matrix', 'expected at least one column (token coordinate)');
  } else if (e.encoding === 'categorical') {
    checkMatrix(e.table, 'tokenEmbedding.table', e.vocab.length, d);
    if (new Set(e.vocab.map(valueKey)).size !== e.vocab.length) {
      throw rangeError('tokenEmbedding.vocab', 'expected distinct tokens');
    }
  } else {
    checkLength(e.direction, 'tokenEmbedding.direction', d);
  }
  json.layers.forEach((layer, l) => checkLayer(layer, l, d, functions));
  const r = json.readout;
  if (r.dims.length === 0) throw rangeError('readout.dims', 'expected at least one dimension');
  checkDims(r.dims, 'readout.dims', d);
  if (r.encoding === 'categorical') checkLength(r.values, 'readout.values', r.dims.length);
  if (r.encoding === 'numerical') checkLength(r.dims, 'readout.dims', 1);
}

/**
 * Checks an untrusted model file completely before anything is built from it: its structure against the schema
 * (no allocation), the memory its weights need against the budget, then every shape and index.
 * @param json the parsed file (or toJSON's output).
 * @param functions the maps marked blocks may name, by name (looked up as own keys only).
 * @returns the same object, typed.
 * @throws {ArgumentTypeError} (ERR_ATTNSIM_MODEL_FILE) for a missing, extra or wrongly typed field, naming its path.
 * @throws {ArgumentRangeError} (ERR_ATTNSIM_MODEL_FILE) for a wrong shape, an index outside the stream, duplicate labels.
 * @throws {TooLargeError} when the weights would not fit the memory budget.
 * @example checkModelJSON(JSON.parse(text), new Map(Object.entries(POINTWISE_FUNCTIONS)));
 */
export function checkModelJSON(json: unknown, functions: ReadonlyMap<string, unknown>): ModelJSON {
  validate ??= new Ajv({ verbose: true, discriminator: true, allowUnionTypes: true }).compile(modelSchema);
  if (!validate(json)) {
    const error = schemaError(validate.errors![0]);
    validate.errors = null; // the errors hold the rejected file: a server must not keep it alive until the next call
    throw error;
  }
  const model = json as ModelJSON, count = weightCount(model);
  checkMemory(FN, `a copy of the model's ${count} weights`, 8 * count);
  checkResidual(model);
  checkShapes(model, functions);
  return model;
}
