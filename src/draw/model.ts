/** SVG drawings of an encoder: its layers (heads, MLPs, marked blocks) beside the residual labels; attention patterns. */
import { EncoderModel, ModelTrace } from '../encoder/model';
import { labelText } from '../encoder/residual';
import { escapeXml } from './svg';

const box = (x: number, y: number, w: number, h: number, fill: string, text: string, dashed = false) =>
  `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="4" fill="${fill}" stroke="#333"${dashed ? ' stroke-dasharray="5,3"' : ''}/>` +
  `<text x="${x + 6}" y="${y + h / 2 + 4}" font-size="11">${escapeXml(text)}</text>`;

/** The model as columns, one per layer: heads (blue), the MLP by s-op with its units (green), marked blocks (red, dashed). */
export function drawModel(model: EncoderModel, title: string): string {
  const colW = 210, rowH = 26, top = 64, labels = model.residual.labels.map(labelText);
  const columns = model.layers.map((layer) => {
    const items: string[][] = [];
    for (const h of layer.heads) items.push(['#cfe3ff', `head: ${h.label}`, '']);
    if (layer.mlp) {
      const counts = new Map<string, number>();
      for (const u of layer.mlp.units) counts.set(u, (counts.get(u) ?? 0) + 1);
      for (const [label, n] of counts) items.push(['#d4f2d0', `MLP: ${label} (${n} units)`, '']);
    }
    for (const p of layer.pointwise) items.push(['#ffd6d6', `MARKED pointwise: ${p.label} = ${p.fn}(…)`, 'dashed']);
    return items;
  });
  const rows = Math.max(1, ...columns.map((c) => c.length));
  const width = 40 + (columns.length + 1) * colW, height = Math.max(top + rows * rowH + 40, top + labels.length * 14 + 40);
  const parts = columns.flatMap((items, l) => [
    `<text x="${20 + l * colW}" y="${top - 4}" font-size="13" font-weight="bold">layer ${l}</text>`,
    ...items.map(([fill, text, dashed], i) => box(20 + l * colW, top + i * rowH, colW - 14, rowH - 6, fill, text, dashed === 'dashed')),
  ]);
  const x0 = 20 + columns.length * colW;
  parts.push(`<text x="${x0}" y="${top - 10}" font-size="13" font-weight="bold">residual (${labels.length} dims)</text>`,
    ...labels.map((t, i) => `<text x="${x0}" y="${top + 10 + i * 14}" font-size="10">${escapeXml(t)}</text>`));
  const c = model.config;
  return svg(width, height, [`<text x="20" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="20" y="38" font-size="11">${c.layers} layers, at most ${c.heads} heads, residual ${c.residualWidth}, MLP ${c.mlpHidden}, marked blocks ${c.pointwiseBlocks}</text>`,
    ...parts]);
}

/** Every head's attention weights on one input, as grey-scale grids (rows = queries, columns = keys), layer by layer. */
export function drawTrace(model: EncoderModel, trace: ModelTrace, title: string): string {
  const t = trace.tokens.length, cell = Math.max(6, Math.min(22, Math.floor(220 / t))), grid = cell * t, pad = 60;
  const parts: string[] = [`<text x="20" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`];
  let y = 50, width = 0;
  trace.layers.forEach((layer, l) => {
    layer.patterns.forEach((p, h) => {
      const x = 20 + h * (grid + pad);
      width = Math.max(width, x + grid + pad);
      parts.push(`<text x="${x}" y="${y + 12}" font-size="11">layer ${l}: ${escapeXml(model.layers[l].heads[h].label)}</text>`);
      for (let i = 0; i < t; i++) {
        for (let j = 0; j < t; j++) {
          const shade = Math.round(255 * (1 - p.data[i * t + j]));
          parts.push(`<rect x="${x + j * cell}" y="${y + 20 + i * cell}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},${shade})" stroke="#ddd"/>`);
        }
      }
    });
    y += grid + 40;
  });
  return svg(Math.max(width, 400), y + 10, parts);
}

function svg(width: number, height: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">` +
    `<rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>\n`;
}
