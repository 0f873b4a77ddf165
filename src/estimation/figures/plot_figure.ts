/** A figure's plot: mean risk against n per estimator (and arm), and, with several windows, risk against W at the largest n. */
import { invalidType } from '../../check';
import { vegaLiteToSvg } from '../../draw/vega';
import { FigureResult } from './run_figure';

/**
 * Draws a figure's result: log-log risk against n (colour: estimator; dashes: arm; each estimator at the widest window it
 * ran), the theory's
 * slope in black dashes through the oracle's first mean; beside it, with two or more windows, risk against W at the
 * largest n.
 * @param result what runFigure returned.
 * @returns a standalone SVG document.
 * @example fs.writeFileSync('dimension.svg', await plotFigure(await runFigure(FIGURES.dimension, { ... })));
 */
export async function plotFigure(result: FigureResult): Promise<string> {
  if (typeof result !== 'object' || result === null || !Array.isArray(result.points) || typeof result.theory !== 'object') {
    throw invalidType('plotFigure', 'result', 'what runFigure returned', result);
  }
  const groups = new Map<string, { estimator: string; arm: string; W: number; n: number; sum: number; count: number }>();
  for (const p of result.points) {
    const key = `${p.estimator}|${p.arm}|${p.W}|${p.n}`;
    const g = groups.get(key) ?? { estimator: p.estimator, arm: p.arm, W: p.W, n: p.n, sum: 0, count: 0 };
    g.sum += p.risk;
    g.count += 1;
    groups.set(key, g);
  }
  const means = [...groups.values()].map((g) => ({ ...g, risk: g.sum / g.count }));
  const arms = result.run.arms.length > 1, maxN = Math.max(...means.map((m) => m.n));
  const widest = new Map<string, number>();
  for (const m of means) widest.set(m.estimator, Math.max(m.W, widest.get(m.estimator) ?? 0));
  const byN = means.filter((m) => m.W === widest.get(m.estimator)), anchor = byN.filter((m) => m.estimator === 'oracle').sort((p, q) => p.n - q.n)[0];
  const ns = [...new Set(byN.map((m) => m.n))].sort((p, q) => p - q);
  const theory = anchor === undefined ? [] : ns.map((n) => ({ n, risk: anchor.risk * (n / anchor.n) ** result.theory.slope }));
  const y = { field: 'risk', type: 'quantitative', scale: { type: 'log' }, axis: { title: 'excess risk', format: '.0e' } };
  // With arms the two legends sit side by side below the plot: fewer columns keep them within the page's width.
  const legend = { orient: 'bottom', labelLimit: 160 };
  const style = {
    color: { field: 'estimator', type: 'nominal', legend: { ...legend, columns: arms ? 2 : 3, title: 'estimator' } },
    ...(arms ? { strokeDash: { field: 'arm', type: 'nominal', legend: { ...legend, columns: 1, title: 'arm' } } } : {}),
  };
  const xn = { field: 'n', type: 'quantitative', scale: { type: 'log', base: 2 }, axis: { title: 'labelled positions n', values: result.run.ns, format: 'd' } };
  const rate = {
    title: { text: result.run.windows.length > 1 ? 'against n (each estimator at its widest W)' : `against n (W = ${result.run.windows[0]})`,
      subtitle: `black dashes: the theory's slope ${result.theory.slope.toFixed(3)} through the oracle` },
    width: 360, height: 280,
    layer: [
      { data: { values: byN }, mark: { type: 'line', point: !arms }, encoding: { x: xn, y, ...style } },
      { data: { values: theory }, mark: { type: 'line', strokeDash: [2, 3], color: 'black' }, encoding: { x: xn, y } },
    ],
  };
  const xw = { field: 'W', type: 'quantitative', scale: { type: 'log', base: 2 }, axis: { title: 'estimator window W (input 2W+1 tokens)' } };
  const trend = { title: `against W (n = ${maxN})`, width: 300, height: 280,
    data: { values: means.filter((m) => m.n === maxN) }, mark: { type: 'line', point: true }, encoding: { x: xw, y, ...style } };
  return vegaLiteToSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(result.run.windows.length > 1 ? { hconcat: [rate, trend], title: { text: result.title } }
      : { ...rate, title: { text: result.title, subtitle: rate.title.subtitle, anchor: 'start' } }),
  });
}
