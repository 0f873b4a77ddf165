/** The JSON export of an EncoderModel and its exact import. */
import { invalidType } from '../check';
import { Matrix } from '../linalg/matrix';
import { AttentionHead, HeadHint } from './attention_head';
import { checkModelJSON } from './check_model_json';
import { EncoderLayer } from './layer';
import { EncoderModel, ModelConfig, ModelSettings, Readout } from './model';
import { MLP } from './mlp';
import { POINTWISE_FUNCTIONS, PointwiseBlock } from './pointwise';
import { ResidualSpace, Token } from './residual';

/** A matrix in JSON. */
export interface MatrixJSON {
  rows: number;
  cols: number;
  data: number[];
}

/** The export format of an EncoderModel. */
export interface ModelJSON {
  format: 'attnsim-encoder';
  version: 1;
  settings: ModelSettings;
  config: ModelConfig;
  residual: { sop: string; value?: Token }[];
  tokenEmbedding: { encoding: 'categorical'; vocab: Token[]; table: MatrixJSON } | { encoding: 'numerical'; direction: number[] }
    | { encoding: 'vector'; matrix: MatrixJSON };
  positions: MatrixJSON;
  layers: LayerJSON[];
  readout: Readout;
}

/** One layer in JSON. */
export interface LayerJSON {
  heads: { label: string; kind: 'hard' | 'softmax'; coldness: number; hint?: HeadHint; window?: number; tie?: number;
    wq: MatrixJSON; wk: MatrixJSON; wv: MatrixJSON; wo: MatrixJSON }[];
  mlp: { w1: MatrixJSON; b1: number[]; w2: MatrixJSON; b2: number[]; units: string[] } | null;
  pointwise: { label: string; pointwise: true; fn: string; inputs: number[]; output: number }[];
}

function matrixJSON(m: Matrix): MatrixJSON {
  return { rows: m.rows, cols: m.cols, data: Array.from(m.data) };
}

function layerJSON(layer: EncoderLayer): LayerJSON {
  return {
    heads: layer.heads.map((h) => ({
      label: h.label, kind: h.kind, coldness: h.coldness, ...(h.hint ? { hint: { ...h.hint } } : {}),
      ...(h.window !== undefined ? { window: h.window } : {}), ...(h.tie !== undefined ? { tie: h.tie } : {}),
      wq: matrixJSON(h.weights.wq), wk: matrixJSON(h.weights.wk), wv: matrixJSON(h.weights.wv), wo: matrixJSON(h.weights.wo),
    })),
    mlp: layer.mlp && {
      w1: matrixJSON(layer.mlp.w1), b1: [...layer.mlp.b1], w2: matrixJSON(layer.mlp.w2), b2: [...layer.mlp.b2], units: [...layer.mlp.units],
    },
    pointwise: layer.pointwise.map((p) => ({ label: p.label, pointwise: true, fn: p.fn, inputs: [...p.inputs], output: p.output })),
  };
}


/** The JSON of a model. */
export function modelToJSON(model: EncoderModel): ModelJSON {
  const e = model.tokenEmbedding;
  return {
    format: 'attnsim-encoder', version: 1, settings: { ...model.settings }, config: model.config,
    residual: model.residual.labels.map((l) => ({ ...l })),
    tokenEmbedding: e.encoding === 'categorical'
      ? { encoding: 'categorical', vocab: [...e.vocab], table: matrixJSON(e.table) }
      : e.encoding === 'vector' ? { encoding: 'vector', matrix: matrixJSON(e.matrix) }
        : { encoding: 'numerical', direction: [...e.direction] },
    positions: matrixJSON(model.positions),
    layers: model.layers.map(layerJSON),
    readout: { ...model.readout, dims: [...model.readout.dims], values: [...model.readout.values] },
  };
}

/** The maps marked blocks may name: the built-in ones, then the caller's own (own keys only, so no 'constructor'). */
function functionMap(functions: unknown): Map<string, (...args: number[]) => number> {
  const fn = 'EncoderModel.fromJSON';
  if (typeof functions !== 'object' || functions === null || Array.isArray(functions)) {
    throw invalidType(fn, 'functions', 'an object of functions by name', functions);
  }
  const maps = new Map(Object.entries(POINTWISE_FUNCTIONS));
  for (const [name, f] of Object.entries(functions)) {
    if (typeof f !== 'function') throw invalidType(fn, `functions.${name}`, 'a function', f);
    maps.set(name, f as (...args: number[]) => number);
  }
  return maps;
}

/**
 * A model from its JSON, checked completely (checkModelJSON) before anything is allocated.
 * @param json the parsed file.
 * @param functions maps of marked blocks by name, beyond the built-in ones.
 * @returns the model.
 * @throws {ArgumentTypeError} or {ArgumentRangeError} (ERR_ATTNSIM_MODEL_FILE) naming the bad field; {TooLargeError}.
 */
export function modelFromJSON(json: unknown, functions: unknown): EncoderModel {
  const maps = functionMap(functions), file = checkModelJSON(json, maps);
  const layers = file.layers.map((l) => new EncoderLayer(
    l.heads.map((h) => new AttentionHead(h.label, { wq: matrix(h.wq), wk: matrix(h.wk), wv: matrix(h.wv), wo: matrix(h.wo) },
      h.kind, h.coldness, h.hint, h.window, h.tie)),
    l.mlp && new MLP(matrix(l.mlp.w1), Float64Array.from(l.mlp.b1), matrix(l.mlp.w2), Float64Array.from(l.mlp.b2), l.mlp.units),
    l.pointwise.map((p) => new PointwiseBlock(p.label, p.fn, maps.get(p.fn)!, p.inputs, p.output))));
  const e = file.tokenEmbedding;
  return new EncoderModel(new ResidualSpace(file.residual), e.encoding === 'categorical'
    ? { encoding: 'categorical', vocab: e.vocab, table: matrix(e.table) }
    : e.encoding === 'vector' ? { encoding: 'vector', matrix: matrix(e.matrix) }
      : { encoding: 'numerical', direction: Float64Array.from(e.direction) },
  matrix(file.positions), layers, file.readout, file.settings);
}

function matrix(m: MatrixJSON): Matrix {
  return new Matrix(m.rows, m.cols, Float64Array.from(m.data));
}
