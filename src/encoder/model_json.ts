/** The JSON export of an EncoderModel and its exact import. */
import { invalidType } from '../check';
import { Matrix } from '../linalg/matrix';
import { AttentionHead, HeadHint } from './attention_head';
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
  heads: { label: string; kind: 'hard' | 'softmax'; coldness: number; hint?: HeadHint; window?: number;
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
      ...(h.window !== undefined ? { window: h.window } : {}),
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

/** A model from its JSON; `functions` names the maps of marked blocks beyond the built-in ones. */
export function modelFromJSON(json: ModelJSON, functions: Record<string, (...args: number[]) => number>): EncoderModel {
  const fn = 'EncoderModel.fromJSON';
  if (typeof json !== 'object' || json === null || json.format !== 'attnsim-encoder' || json.version !== 1) {
    throw invalidType(fn, 'json', "an export of EncoderModel.toJSON (format 'attnsim-encoder', version 1)", json);
  }
  const maps = { ...POINTWISE_FUNCTIONS, ...functions };
  const layers = json.layers.map((l) => new EncoderLayer(
    l.heads.map((h) => new AttentionHead(h.label, { wq: matrix(h.wq), wk: matrix(h.wk), wv: matrix(h.wv), wo: matrix(h.wo) },
      h.kind, h.coldness, h.hint, windowOf(fn, h.window))),
    l.mlp && new MLP(matrix(l.mlp.w1), Float64Array.from(l.mlp.b1), matrix(l.mlp.w2), Float64Array.from(l.mlp.b2), l.mlp.units),
    l.pointwise.map((p) => {
      const f = maps[p.fn];
      if (f === undefined) throw invalidType(fn, `the function of marked block '${p.label}'`, `one of ${Object.keys(maps).join(', ')}`, p.fn);
      return new PointwiseBlock(p.label, p.fn, f, p.inputs, p.output);
    })));
  const e = json.tokenEmbedding, residual = new ResidualSpace(json.residual);
  if (json.settings?.circular !== undefined && typeof json.settings.circular !== 'boolean') {
    throw invalidType(fn, 'settings.circular', 'a boolean', json.settings.circular);
  }
  return new EncoderModel(residual, e.encoding === 'categorical'
    ? { encoding: 'categorical', vocab: e.vocab, table: matrix(e.table) }
    : e.encoding === 'vector' ? { encoding: 'vector', matrix: vectorEmbedding(fn, e.matrix, residual.width) }
      : { encoding: 'numerical', direction: Float64Array.from(e.direction) },
  matrix(json.positions), layers, json.readout, json.settings);
}

/** A head's window: absent, or a non-negative integer. */
function windowOf(fn: string, window: unknown): number | undefined {
  if (window === undefined) return undefined;
  if (typeof window !== 'number' || !Number.isInteger(window) || window < 0) {
    throw invalidType(fn, 'a head\'s window', 'a non-negative integer', window);
  }
  return window;
}

/** The D×d embedding of vector tokens, checked against the stream's width and for finite entries. */
function vectorEmbedding(fn: string, m: MatrixJSON, width: number): Matrix {
  const ok = typeof m === 'object' && m !== null && m.rows === width && Number.isInteger(m.cols) && m.cols > 0 &&
    Array.isArray(m.data) && m.data.length === m.rows * m.cols && m.data.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!ok) throw invalidType(fn, 'tokenEmbedding.matrix', `a ${width}×d matrix of finite numbers`, m);
  return matrix(m);
}

function matrix(m: MatrixJSON): Matrix {
  return new Matrix(m.rows, m.cols, Float64Array.from(m.data));
}
