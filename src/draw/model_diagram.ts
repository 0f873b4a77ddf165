/** The diagram of an encoder as a Graphviz graph: embedding, one box per layer (heads, MLP, marked blocks), read-out. */
import { EncoderModel } from '../encoder/model';
import { dotString, dotToSvg } from './graphviz';

/** Residual groups listed before the rest are summarised in one line. */
const MAX_GROUPS = 24;

const html = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** One row of a box: a coloured cell, dashed for marked blocks (not neural networks). */
const row = (fill: string, text: string, dashed = false) =>
  `<TR><TD BGCOLOR="${fill}" ALIGN="LEFT"${dashed ? ' STYLE="dashed"' : ''}>${html(text)}</TD></TR>`;

/** A node whose label is a table: a bold heading, then rows. */
const tableNode = (id: string, heading: string, rows: string[]) =>
  `  ${id} [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="5">` +
  `<TR><TD BGCOLOR="#eeeeee"><B>${html(heading)}</B></TD></TR>${rows.join('')}</TABLE>>];`;

/** The rows of one layer's box: its heads, its MLP by s-op (with unit counts), its marked blocks. */
function layerRows(model: EncoderModel, l: number): string[] {
  const layer = model.layers[l], rows = layer.heads.map((h) => row('#cfe3ff', `head: ${h.label}`));
  if (layer.mlp) {
    const counts = new Map<string, number>();
    for (const u of layer.mlp.units) counts.set(u, (counts.get(u) ?? 0) + 1);
    for (const [label, n] of counts) rows.push(row('#d4f2d0', `MLP: ${label} (${n} units)`));
  }
  for (const p of layer.pointwise) rows.push(row('#ffd6d6', `marked, not a network: ${p.label} = ${p.fn}(…)`, true));
  return rows.length ? rows : [row('#ffffff', '(empty)')];
}

/** The residual stream summarised by s-op: `tokens: 3 values`, `frac_prevs: scalar`; the tail beyond MAX_GROUPS in one row. */
function residualRows(model: EncoderModel): string[] {
  const groups = new Map<string, number>(), scalar = new Set<string>();
  for (const label of model.residual.labels) {
    groups.set(label.sop, (groups.get(label.sop) ?? 0) + 1);
    if (label.value === undefined) scalar.add(label.sop);
  }
  const entries = [...groups];
  const rows = entries.slice(0, MAX_GROUPS).map(([sop, n]) => row('#ffffff', scalar.has(sop) ? `${sop}: scalar` : `${sop}: ${n} values`));
  const rest = entries.slice(MAX_GROUPS);
  if (rest.length) rows.push(row('#ffffff', `… ${rest.length} more s-ops (${rest.reduce((s, [, n]) => s + n, 0)} dims)`));
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
  const embedding = e.encoding === 'categorical' ? `tokens: one-hot over ${e.vocab.length} values` : 'tokens: numerical';
  const layers = model.layers.map((_, l) => tableNode(`layer${l}`, `layer ${l}`, layerRows(model, l)));
  const chain = ['embed', ...model.layers.map((_, l) => `layer${l}`), 'readout'];
  return [
    'digraph model {',
    `  graph [label=${dotString(`${title}\n${subtitle}`)}, labelloc=t, fontsize=16, rankdir=TB, nodesep=0.5, ranksep=0.35];`,
    '  node [shape=plain, fontname="Courier", fontsize=12];',
    '  edge [arrowsize=0.7];',
    tableNode('embed', 'embedding', [row('#fff3c4', embedding), row('#fff3c4', `positions: BOS + ${s.maxSeqLen}`
      + (s.causal ? ', causal' : ''))]),
    ...layers,
    tableNode('readout', 'read-out', [row('#fff3c4', `${model.readout.sop} (${model.readout.encoding})`)]),
    tableNode('residual', `residual (${c.residualWidth} dims)`, residualRows(model)),
    `  ${chain.join(' -> ')};`,
    '  embed -> residual [style=dotted, arrowhead=none];',
    '  { rank=same; embed; residual; }',
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
  return dotToSvg(modelDot(model, title));
}
