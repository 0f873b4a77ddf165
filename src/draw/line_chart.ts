/** Line charts (optionally log-log) as Vega-Lite specs, rendered to SVG: the bench's GEMM and soft-error plots. */
import { vegaLiteToSvg } from './vega';

/** One line of a chart: a label (its colour in the legend), an optional style (its dash pattern) and its points. */
export interface Series {
  label: string;
  /** Series with the same style share a dash pattern (first style solid), shown in a second legend. */
  style?: string;
  points: [number, number][];
}

/** What to draw: a title (and subtitle), axis titles, whether each axis is logarithmic, the lines, legend titles. */
export interface LineChart {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  logY?: boolean;
  series: Series[];
  /** The colour legend's title (default: none). */
  labelTitle?: string;
  /** The dash legend's title (default: none). */
  styleTitle?: string;
}

/** Tick labels: plain numbers (`0.5`, `2000`), or powers of ten (`1e-20`) on a log axis over more than six decades. */
function tickFormat(values: number[], log?: boolean): string {
  const spread = log && values.length ? Math.log10(Math.max(...values) / Math.min(...values)) : 0;
  return spread > 6 ? '~e' : '~g';
}

/** The shape legend's entries when a log axis has zeros to show. */
const POSITIVE = 'value', ZERO = 'exactly 0 (drawn at the bottom)';

/**
 * The Vega-Lite spec of a line chart. On a log y axis, zeros (exact results) are not dropped: they are drawn as
 * triangles one decade below the smallest positive value, with a legend entry saying so. Other points a log axis
 * cannot show (negative values, or x ≤ 0 on a log x axis) are left out. The scales are padded so that no point
 * sits on the frame.
 * @param chart the chart to draw.
 * @returns a Vega-Lite top-level spec, 480×300 plus title, axes and legends.
 * @example lineChartSpec({ title: 't', xLabel: 'n', yLabel: 'GFLOP/s', series: [{ label: 'a', points: [[1, 2]] }] })
 */
export function lineChartSpec(chart: LineChart): object {
  const all = chart.series.flatMap((s) => s.points.map(([x, y]) => ({ label: s.label, style: s.style ?? '', x, y })));
  const positives = all.filter((v) => v.y > 0).map((v) => v.y);
  const floor = positives.length ? 10 ** (Math.floor(Math.log10(Math.min(...positives))) - 1) : 1;
  const values = all.filter((v) => (!chart.logX || v.x > 0) && (!chart.logY || v.y >= 0))
    .map((v) => ({ ...v, zero: chart.logY && v.y === 0 ? ZERO : POSITIVE, y: chart.logY && v.y === 0 ? floor : v.y }));
  const zeros = values.some((v) => v.zero === ZERO);
  const labels = [...new Set(chart.series.map((s) => s.label))], styles = [...new Set(chart.series.map((s) => s.style ?? ''))];
  const axis = (title: string, pick: 'x' | 'y', log?: boolean) => ({
    title, scale: { type: log ? 'log' : 'linear', nice: false, padding: 12 },
    axis: { format: tickFormat(values.map((v) => v[pick]), log), grid: true },
  });
  const shape = { field: 'zero', type: 'nominal', title: null, scale: { domain: [POSITIVE, ZERO], range: ['circle', 'triangle-down'] },
    legend: { labelLimit: 400 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title, subtitle: chart.subtitle, anchor: 'start' },
    width: 480, height: 300, background: 'white', padding: 10,
    data: { values },
    encoding: {
      x: { field: 'x', type: 'quantitative', ...axis(chart.xLabel, 'x', chart.logX) },
      y: { field: 'y', type: 'quantitative', ...axis(chart.yLabel, 'y', chart.logY) },
      color: { field: 'label', type: 'nominal', title: chart.labelTitle ?? null, sort: labels, legend: { labelLimit: 400 } },
    },
    layer: [
      { mark: { type: 'line', strokeWidth: 2 }, encoding: styles.length > 1
        ? { strokeDash: { field: 'style', type: 'nominal', title: chart.styleTitle ?? null, sort: styles,
          legend: { symbolStrokeWidth: 2 } } }
        : {} },
      { mark: { type: 'point', filled: true, size: 30 }, encoding: zeros ? { shape } : {} },
    ],
  };
}

/**
 * Renders a line chart as a standalone SVG document.
 * @param chart the chart to draw.
 * @returns the SVG text.
 * @example const svg = await lineChart({ title: 'GEMM', xLabel: 'n', yLabel: 'GFLOP/s', logX: true, series });
 */
export function lineChart(chart: LineChart): Promise<string> {
  return vegaLiteToSvg(lineChartSpec(chart));
}
