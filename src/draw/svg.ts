/** Small SVG helpers shared by the CLI and the bench: escaping and a line chart with log axes. */

/** Escapes text for SVG content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One line of a chart: a label and its (x, y) points; points with a missing y are skipped. */
export interface Series {
  label: string;
  points: [number, number][];
  dashed?: boolean;
  /** Series with the same group share a colour (default: each series its own). */
  group?: string;
}

/** What to draw: a title, axis labels, whether each axis is logarithmic, and the lines. */
export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  logY?: boolean;
  series: Series[];
}

const palette = ['#1b6ca8', '#d1495b', '#00a878', '#edae49', '#6b4c9a', '#444444', '#8d6a3f'];

/** Renders a line chart as a standalone SVG document (640×400, legend on the right). */
export function lineChart(chart: LineChart): string {
  const W = 720, H = 400, left = 70, right = 250, top = 40, bottom = 50;
  const all = chart.series.flatMap((s) => s.points);
  const tx = (v: number) => (chart.logX ? Math.log10(v) : v), ty = (v: number) => (chart.logY ? Math.log10(v) : v);
  const [x0, x1] = extent(all.map(([x]) => tx(x))), [y0, y1] = extent(all.map(([, y]) => ty(y)));
  const px = (v: number) => left + ((tx(v) - x0) / (x1 - x0 || 1)) * (W - left - right);
  const py = (v: number) => H - bottom - ((ty(v) - y0) / (y1 - y0 || 1)) * (H - top - bottom);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${left}" y="22" font-size="15">${escapeXml(chart.title)}</text>`,
    `<line x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${H - bottom}" stroke="black"/>`,
    `<text x="${(left + W - right) / 2}" y="${H - 12}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`,
    `<text transform="translate(16 ${(top + H - bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`];
  for (const v of ticks(x0, x1, chart.logX)) {
    out.push(`<text x="${px(v)}" y="${H - bottom + 16}" text-anchor="middle">${fmt(v)}</text>`);
  }
  for (const v of ticks(y0, y1, chart.logY)) {
    out.push(`<line x1="${left}" y1="${py(v)}" x2="${W - right}" y2="${py(v)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${py(v) + 4}" text-anchor="end">${fmt(v)}</text>`);
  }
  const groups = [...new Set(chart.series.map((s, i) => s.group ?? String(i)))];
  chart.series.forEach((s, i) => {
    const color = palette[groups.indexOf(s.group ?? String(i)) % palette.length];
    const d = s.points.map(([x, y], j) => `${j ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const [x, y] of s.points) out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${color}"/>`);
    const ly = top + 10 + i * 20;
    out.push(`<line x1="${W - right + 15}" y1="${ly}" x2="${W - right + 40}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${W - right + 46}" y="${ly + 4}">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function extent(values: number[]): [number, number] {
  return values.length ? [Math.min(...values), Math.max(...values)] : [0, 1];
}

/** Tick values in data units: powers of ten (and 2, 5 between) on a log axis, five even steps otherwise. */
function ticks(lo: number, hi: number, log?: boolean): number[] {
  if (!log) return Array.from({ length: 6 }, (_, i) => lo + ((hi - lo) * i) / 5);
  const out: number[] = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (Math.log10(v) >= lo - 1e-9 && Math.log10(v) <= hi + 1e-9) out.push(v);
    }
  }
  return out;
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-2 ? v.toExponential(0) : String(Number(v.toPrecision(3)));
}
