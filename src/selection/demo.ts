/**
 * A seeded instance of a construction, measured: which key each selection picked beside the true important ones, and
 * the worst copy error against coldness beside its bound. What `attnsim select` prints and draws.
 */
import { checkInteger, checkOneOf, invalidType } from '../check';
import { vegaLiteToSvg } from '../draw/vega';
import { Matrix } from '../linalg/matrix';
import { EncoderModel } from '../encoder/model';
import { sampleSequences } from './sample_sequences';
import { mod } from './sequence';
import { importanceTarget, SequenceTarget, windowTarget } from './targets';
import { buildTopKSelector } from './top_k_selector';
import { buildWindowExtractor, Construction } from './window_extractor';
import { PositionalEncoding } from '../encoder/positional';

/** Errors below this are drawn at it (float64 rounding; a log axis has no 0). */
const ERROR_FLOOR = 1e-16;

/** Options of selectionDemo. */
export interface SelectionDemoOptions {
  target: 'window' | 'importance';
  /** Sequence length (default 32). */
  N?: number;
  /** Window target: the offsets (default −2, 0, 3). */
  offsets?: readonly number[];
  /** Window target: the positional encoding (default { sinusoidal: 6 }). */
  positional?: PositionalEncoding;
  /** Importance target: radius (default 4) and selections (default 2); importance μ(x) = x on the grid of 0.05. */
  U?: number;
  k?: number;
  /** Importance margin Δ (default 0.05). */
  margin?: number;
  /** The coldness of the drawn pattern (default 100). */
  coldness?: number;
  seed?: number;
}

/** What selectionDemo measured. */
export interface SelectionDemo {
  construction: Construction;
  /** The worst copy error over the instance at the given coldness (what the construction's bound bounds). */
  error: number;
  /** Per coldness (cΔ = 1 … 32): the worst copy error over the instance (at least 1e-16) and the bound (at most 1). */
  curve: { coldness: number; error: number; bound: number }[];
  /** The Vega-Lite spec of the picture. */
  spec: object;
}

/** The worst |copied − true| token coordinate over positions and selections. */
function worstCopyError(model: EncoderModel, x: Matrix, target: SequenceTarget): number {
  const out = model.forwardVectors(x), sources = target.sources(x), d = x.cols;
  let worst = 0;
  sources.forEach((row, t) => row.forEach((s, h) => {
    for (let i = 0; i < d; i++) worst = Math.max(worst, Math.abs(out.get(t, h * d + i) - x.data[s * d + i]));
  }));
  return worst;
}

/**
 * Builds the construction on a seeded instance, measures its error over a range of coldness and makes the picture.
 * @param opts `{ target: 'window' | 'importance', N?, offsets?, positional?, U?, k?, margin?, coldness?, seed? }`.
 * @returns the construction at the given coldness, its worst copy error there, the error curve and the Vega-Lite spec
 *   (drawSelection renders it).
 * @throws {ArgumentTypeError} / {ArgumentRangeError} for bad options, as the builders.
 * @example const { curve } = selectionDemo({ target: 'importance', N: 32 });
 */
export function selectionDemo(opts: SelectionDemoOptions): SelectionDemo {
  const fn = 'selection.selectionDemo';
  if (typeof opts !== 'object' || opts === null) throw invalidType(fn, 'options', 'an object { target, … }', opts);
  const kind = checkOneOf(fn, 'target', opts.target, ['window', 'importance'] as const);
  const n = checkInteger(fn, 'N', opts.N ?? 32, 2, 4096), seed = opts.seed ?? 1, margin = opts.margin ?? 0.05;
  const coldness = opts.coldness ?? 100;
  const offsets = opts.offsets ?? [-2, 0, 3], positional = opts.positional ?? { sinusoidal: 6 }, U = opts.U ?? 4, k = opts.k ?? 2;
  const target = kind === 'window' ? windowTarget({ d: 1, offsets, T: 3, seed })
    : importanceTarget({ d: 1, U, k, importance: [1], T: 3, seed });
  const x = sampleSequences({ target, N: n, count: 1, seed, margin: kind === 'window' ? 0 : margin, grid: 20 }).inputs[0];
  const build = (c: number) => (kind === 'window' ? buildWindowExtractor({ N: n, d: 1, offsets, positional, coldness: c })
    : buildTopKSelector({ N: n, U, k, importance: [1], margin, coldness: c }));
  const construction = build(coldness);
  const curve = [1, 2, 4, 8, 16, 24, 32].map((cGap) => {
    const c = cGap / construction.gap, built = build(c);
    return { coldness: c, error: Math.max(ERROR_FLOOR, worstCopyError(built.model, x, target)), bound: Math.min(1, built.bound) };
  });
  const error = worstCopyError(construction.model, x, target);
  return { construction, error, curve, spec: spec(construction.model, x, target, curve, kind) };
}

/** The picture: each selection's weights over (position, key offset) with the true keys marked; error and bound against c. */
function spec(model: EncoderModel, x: Matrix, target: SequenceTarget, curve: SelectionDemo['curve'], kind: string): object {
  const patterns = model.trace(x).layers.flatMap((l) => l.patterns), n = x.rows, sources = target.sources(x);
  const half = Math.floor(n / 2), cells: object[] = [], truth: object[] = [];
  patterns.forEach((p, h) => {
    for (let t = 0; t < n; t++) {
      for (let s = 0; s < n; s++) {
        const offset = mod(s - t + half, n) - half, w = p.data[t * n + s];
        if (w > 1e-3) cells.push({ selection: `head ${h + 1}`, position: t, offset, weight: w });
      }
      truth.push({ selection: `head ${h + 1}`, position: t, offset: mod(sources[t][h] - t + half, n) - half });
    }
  });
  const axis = { x: { field: 'position', type: 'ordinal', title: 'query position t' },
    y: { field: 'offset', type: 'ordinal', sort: 'descending', title: 'key offset s − t' } };
  const errors = curve.flatMap((r) => [{ coldness: r.coldness, value: r.error, series: 'measured error' },
    { coldness: r.coldness, value: r.bound, series: 'bound' }]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${kind} target: attention picks (squares) and the true tokens (dots)`,
    vconcat: [
      {
        facet: { row: { field: 'selection', type: 'nominal', title: null } },
        data: { values: [...cells.map((c) => ({ ...c, layer: 'weight' })), ...truth.map((c) => ({ ...c, layer: 'truth' }))] },
        spec: {
          width: Math.max(240, n * 9), height: 120,
          layer: [
            { transform: [{ filter: "datum.layer === 'weight'" }], mark: 'rect',
              encoding: { ...axis, color: { field: 'weight', type: 'quantitative', scale: { scheme: 'blues', domain: [0, 1] } } } },
            { transform: [{ filter: "datum.layer === 'truth'" }], mark: { type: 'point', filled: true, color: 'crimson', size: 18 },
              encoding: axis },
          ],
        },
      },
      {
        width: 360, height: 200, title: 'worst copy error against coldness c',
        data: { values: errors }, mark: { type: 'line', point: true },
        encoding: {
          // One number format per axis: plain integers for c, powers of ten for the errors (not 0.000001 beside 1e-7).
          x: { field: 'coldness', type: 'quantitative', scale: { type: 'log', padding: 10 }, axis: { format: 'd' } },
          y: { field: 'value', type: 'quantitative', scale: { type: 'log', padding: 10 }, title: 'error', axis: { format: '.0e' } },
          color: { field: 'series', type: 'nominal' },
        },
      },
    ],
  };
}

/**
 * The picture of a selectionDemo as SVG.
 * @param demo what selectionDemo returned.
 * @returns the SVG text.
 * @example fs.writeFileSync('select.svg', await drawSelection(selectionDemo({ target: 'window' })));
 */
export function drawSelection(demo: SelectionDemo): Promise<string> {
  if (typeof demo !== 'object' || demo === null || typeof demo.spec !== 'object' || demo.spec === null) {
    return Promise.reject(invalidType('selection.drawSelection', 'demo', 'the result of selection.selectionDemo', demo));
  }
  return vegaLiteToSvg(demo.spec);
}
