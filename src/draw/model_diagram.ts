/** The diagram of an encoder as a Graphviz graph: embedding, one box per layer (heads, MLP, marked blocks), read-out. */
import { invalidType } from '../check';
import { EncoderModel } from '../encoder/model';
import { dotString, dotToSvg } from './graphviz';

/** Residual groups shown one by one; the rest are summarised in one cell. */
const MAX_GROUPS = 30;
/** Columns of the residual summary, so that a wide stream stays a short table. */
const RESIDUAL_COLUMNS = 3;
/** Characters per line in a wrapped cell. */
const WRAP = 56;

const html = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Items joined by ', ' into lines of at most WRAP characters (an item longer than that gets a line of its own). */
function wrap(items: string[]): string[] {
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + item.length + 2 <= WRAP) lines[last] += `, ${item}`;
    else lines.push(item);
  }
  return lines;
}

/** One cell: its lines left-aligned, on a colour, dashed for marked blocks (not neural networks). */
const cell = (fill: string, lines: string[], dashed = false) =>
  `<TD BGCOLOR="${fill}" ALIGN="LEFT" BALIGN="LEFT"${dashed ? ' STYLE="dashed"' : ''}>${lines.map(html).join('<BR/>')}</TD>`;

/** A node whose label is a table: a bold heading across `span` columns, then rows of cells. */
const tableNode = (id: string, heading: string, rows: string[][], span = 1) =>
  `  ${id} [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="5">` +
  `<TR><TD COLSPAN="${span}" BGCOLOR="#eeeeee"><B>${html(heading)}</B></TD></TR>` +
  `${rows.map((r) => `<TR>${r.join('')}</TR>`).join('')}</TABLE>>];`;

/** The rows of one layer's box: a row per head, one for the MLP (its s-ops with unit counts), a row per marked block. */
function layerRows(model: EncoderModel, l: number): string[][] {
  const layer = model.layers[l], rows = layer.heads.map((h) => [cell('#cfe3ff', [`head: ${h.label}${h.window === undefined ? '' : ` (window ±${h.window})`}`])]);
  if (layer.mlp) {
    const counts = new Map<string, number>();
    for (const u of layer.mlp.units) counts.set(u, (counts.get(u) ?? 0) + 1);
    const items = [...counts].map(([label, n]) => `${label} (${n})`);
    const n = layer.mlp.units.length;
    rows.push([cell('#d4f2d0', [`MLP, ${n} unit${n === 1 ? '' : 's'}:`, ...wrap(items)])]);
  }
  for (const p of layer.pointwise) {
    rows.push([cell('#ffd6d6', [`marked, not a network: ${p.label} = ${p.fn}(…)`], true)]);
  }
  return rows.length ? rows : [[cell('#ffffff', ['(empty)'])]];
}

/** The residual stream by s-op (`tokens: 3 values`, `frac_prevs: scalar`) in columns; groups beyond MAX_GROUPS in one cell. */
function residualRows(model: EncoderModel): string[][] {
  const groups = new Map<string, number>(), scalar = new Set<string>();
  for (const label of model.residual.labels) {
    groups.set(label.sop, (groups.get(label.sop) ?? 0) + 1);
    if (label.value === undefined) scalar.add(label.sop);
  }
  const entries = [...groups], shown = entries.slice(0, MAX_GROUPS), rest = entries.slice(MAX_GROUPS);
  // An s-op named by a number is a constant (`1`): said so, so that `1: 1 values` reads `constant 1: 1 value`.
  const name = (sop: string) => (/^-?\d+(\.\d+)?$/.test(sop) ? `constant ${sop}` : sop);
  const texts = shown.map(([sop, n]) => (scalar.has(sop) ? `${name(sop)}: scalar` : `${name(sop)}: ${n} ${n === 1 ? 'value' : 'values'}`));
  const height = Math.ceil(texts.length / RESIDUAL_COLUMNS);
  const rows = Array.from({ length: height }, (_, r) => Array.from({ length: RESIDUAL_COLUMNS },
    (_, c) => cell('#ffffff', [texts[c * height + r] ?? ''])));
  if (rest.length) {
    const dims = rest.reduce((sum, [, n]) => sum + n, 0);
    const summary = html(`… ${rest.length} more s-ops (${dims} dims)`);
    rows.push([`<TD COLSPAN="${RESIDUAL_COLUMNS}" ALIGN="LEFT">${summary}</TD>`]);
  }
  return rows;
}

/**
 * The model's diagram in DOT: embedding → layer 0 → … → read-out, with the residual stream summarised beside them.
 * @param model the encoder to draw.
 * @param title the diagram's title.
 * @returns the DOT source.
 * @example modelDot(compile(program, { vocab: 'ab', maxSeqLen: 4 }), 'hist')
 */
export function modelDot(model: EncoderModel, title: string): string {
  const c = model.config, e = model.tokenEmbedding, s = model.settings;
  const subtitle = `${c.layers} layers, at most ${c.heads} heads, residual ${c.residualWidth}, MLP ${c.mlpHidden}, ` +
    `marked blocks ${c.pointwiseBlocks}`;
  const embedding = e.encoding === 'categorical' ? `tokens: one-hot over ${e.vocab.length} values`
    : e.encoding === 'vector' ? `tokens: vectors of ${e.matrix.cols} coordinates` : 'tokens: numerical';
  const layers = model.layers.map((_, l) => tableNode(`layer${l}`, `layer ${l}`, layerRows(model, l)));
  const chain = ['embed', ...model.layers.map((_, l) => `layer${l}`), 'readout'];
  return [
    'digraph model {',
    `  graph [label=${dotString(`${title}\n${subtitle}`)}, labelloc=t, fontname="Courier", fontsize=16];`,
    '  graph [rankdir=TB, nodesep=0.5, ranksep=0.35, pack=true, packmode="array_t2"];',
    '  node [shape=plain, fontname="Courier", fontsize=12];',
    '  edge [arrowsize=0.7];',
    tableNode('embed', 'embedding', [[cell('#fff3c4', [embedding])],
      [cell('#fff3c4', [`positions: ${s.circular === true ? `${s.maxSeqLen}, circular` : `BOS + ${s.maxSeqLen}`}${s.causal ? ', causal' : ''}`])]]),
    ...layers,
    tableNode('readout', 'read-out', [[cell('#fff3c4', [`${model.readout.sop} (${model.readout.encoding})`])]]),
    tableNode('residual', `residual (${c.residualWidth} dims)`, residualRows(model), RESIDUAL_COLUMNS),
    `  ${chain.join(' -> ')};`,
    '}',
    '',
  ].join('\n');
}

/**
 * Draws the model as SVG (Graphviz): a compact column of layers, the residual stream summarised by s-op.
 * @param model the encoder to draw.
 * @param title the diagram's title.
 * @returns the SVG text.
 * @example fs.writeFileSync('model.svg', await drawModel(model, 'hist compiled'));
 */
export function drawModel(model: EncoderModel, title: string): Promise<string> {
  if (!(model instanceof EncoderModel)) return Promise.reject(invalidType('drawModel', 'model', 'an EncoderModel', model));
  if (typeof title !== 'string') return Promise.reject(invalidType('drawModel', 'title', 'a string', title));
  return dotToSvg(modelDot(model, title));
}
