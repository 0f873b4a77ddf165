/** Every head's attention weights on one input as Vega-Lite heatmaps: token labels on both axes, one colour scale. */
import { invalidType } from '../check';
import { EncoderModel, ModelTrace } from '../encoder/model';
import { vegaLiteToSvg } from './vega';

/** The axis labels of the positions: `0: BOS`, `1: a`, … (the index keeps repeated tokens apart; no BOS when circular). */
function positionLabels(model: EncoderModel, trace: ModelTrace): string[] {
  const bos = model.settings.circular !== true;
  return trace.tokens.map((t, i) => `${i}: ${i === 0 && bos ? model.settings.bos : String(t)}`);
}

/** The colour legend: a linear scale from 0 (white) to 1 (dark blue), ticks every quarter. */
const WEIGHT_LEGEND = { title: 'attention weight (linear scale)', titleLimit: 300, values: [0, 0.25, 0.5, 0.75, 1], format: '.2f', gradientLength: 160 };

/**
 * One head's heatmap: queries down, keys across, weights in [0, 1] on a linear colour scale; where the cells are large
 * enough, each non-zero weight is written in its cell (two decimals).
 */
function headSpec(title: string, labels: string[], weights: ArrayLike<number>, step: number): object {
  const t = labels.length;
  const values = Array.from({ length: t * t }, (_, k) => ({
    query: labels[Math.floor(k / t)], key: labels[k % t], weight: weights[k] ?? 0,
  }));
  const rect = {
    mark: { type: 'rect', stroke: '#dddddd', strokeWidth: 0.5 },
    encoding: {
      color: { field: 'weight', type: 'quantitative', title: 'attention weight',
        scale: { type: 'linear', domain: [0, 1], range: ['#ffffff', '#08306b'], interpolate: 'rgb' }, legend: WEIGHT_LEGEND },
      tooltip: [{ field: 'query' }, { field: 'key' }, { field: 'weight', format: '.3f' }],
    },
  };
  const text = {
    transform: [{ filter: 'datum.weight > 0.005' }],
    mark: { type: 'text', fontSize: Math.round(step * 0.38), baseline: 'middle' },
    encoding: {
      text: { field: 'weight', type: 'quantitative', format: '.2f' },
      color: { condition: { test: 'datum.weight > 0.5', value: 'white' }, value: 'black' },
    },
  };
  return {
    title, data: { values }, width: { step }, height: { step },
    encoding: {
      x: { field: 'key', type: 'ordinal', sort: labels, title: 'key', axis: { labelAngle: -90 } },
      y: { field: 'query', type: 'ordinal', sort: labels, title: 'query' },
    },
    layer: step >= 20 ? [rect, text] : [rect],
  };
}

/**
 * The Vega-Lite spec of a trace's heatmaps: one row per layer, one heatmap per head, a shared colour legend.
 * @param model the traced model (for head labels and the BOS name).
 * @param trace the model's trace on one input.
 * @param title the figure's title.
 * @returns a Vega-Lite top-level spec.
 * @example traceSpec(model, model.trace([...'abb']), 'hist on "abb"')
 */
export function traceSpec(model: EncoderModel, trace: ModelTrace, title: string): object {
  const labels = positionLabels(model, trace), step = Math.max(10, Math.min(30, Math.floor(300 / labels.length)));
  const subtitle = trace.layers.some((l) => l.patterns.length > 0)
    ? 'attention weight of each query (row) on each key (column), per head' : 'the model has no attention heads';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle, anchor: 'start' },
    background: 'white', padding: 10,
    vconcat: trace.layers.map((layer, l) => ({
      hconcat: layer.patterns.map((p, h) => headSpec(`layer ${l}: ${model.layers[l].heads[h].label}`, labels, p.data, step)),
    })).filter((r) => r.hconcat.length > 0),
    resolve: { scale: { color: 'shared' } },
  };
}

/**
 * Draws every head's attention weights on one input as SVG heatmaps.
 * @param model the traced model.
 * @param trace the model's trace on one input.
 * @param title the figure's title.
 * @returns the SVG text.
 * @example fs.writeFileSync('trace.svg', await drawTrace(model, model.trace([...'abb']), 'hist on "abb"'));
 */
export function drawTrace(model: EncoderModel, trace: ModelTrace, title: string): Promise<string> {
  if (!(model instanceof EncoderModel)) return Promise.reject(invalidType('drawTrace', 'model', 'an EncoderModel', model));
  if (typeof trace !== 'object' || trace === null || !Array.isArray(trace.layers) || !Array.isArray(trace.tokens)) {
    return Promise.reject(invalidType('drawTrace', 'trace', 'a trace from model.trace(input)', trace));
  }
  if (typeof title !== 'string') return Promise.reject(invalidType('drawTrace', 'title', 'a string', title));
  return vegaLiteToSvg(traceSpec(model, trace, title));
}
