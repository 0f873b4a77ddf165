/** The log-log plot of a rate experiment: risk against n per estimator, with the theory's slope through the sieve's first point. */
import { vegaLiteToSvg } from '../draw/vega';
import { RateExperimentResult } from './rate_experiment';

/**
 * Draws risk against n on log-log axes: each trial as a point, each estimator's mean per n as a solid line,
 * and the theory's slope −2a†/(2a†+1) as a dashed line through the first mean of the sieve (or of the
 * first estimator), in a legend of its own that shows the dash. The x axis has a tick at each n used.
 * @param result what rateExperiment returned.
 * @returns a standalone SVG document.
 * @example fs.writeFileSync('rates.svg', await plotRates(await rateExperiment(opts)));
 */
export async function plotRates(result: RateExperimentResult): Promise<string> {
  const means = meanRisks(result);
  const anchorName = means.some((m) => m.estimator === 'sieve') ? 'sieve' : means[0]?.estimator;
  const anchor = means.filter((m) => m.estimator === anchorName).sort((p, q) => p.n - q.n);
  const ns = [...new Set(result.points.map((p) => p.n))].sort((p, q) => p - q);
  const theoryLabel = `theory: slope ${result.theory.slope.toFixed(3)}`, meanLabel = 'mean over the trials at each n';
  const theory = anchor.length === 0 ? [] : ns.map((n) => ({
    n, risk: anchor[0].risk * (n / anchor[0].n) ** result.theory.slope, line: theoryLabel,
  }));
  const slopes = Object.entries(result.slopes).map(([name, fit]) => `${name}: ${fit.slope.toFixed(3)}`).join(', ');
  // Ticks at exactly the n used, as integers; the domain reaches a quarter step past them, so no point sits on the frame.
  const first = ns[0] ?? 1, last = ns[ns.length - 1] ?? 1;
  const x = { field: 'n', type: 'quantitative', scale: { type: 'log', base: 2, domain: [first / 1.25, last * 1.25], nice: false },
    axis: { title: 'samples n', values: ns, format: 'd' } };
  const y = { field: 'risk', type: 'quantitative', scale: { type: 'log', padding: 12 }, axis: { title: 'excess risk ‖f̂ − f‖²', format: '.0e' } };
  const color = { field: 'estimator', type: 'nominal', legend: { title: 'estimator', labelLimit: 320 } };
  const dash = { field: 'line', type: 'nominal', scale: { domain: [meanLabel, theoryLabel], range: [[1, 0], [6, 4]] },
    legend: { title: 'line', symbolType: 'stroke', symbolStrokeColor: 'black', symbolStrokeWidth: 2, symbolSize: 400, labelLimit: 320 } };
  return vegaLiteToSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Excess risk against sample size', subtitle: `fitted slopes ${slopes}` },
    width: 420, height: 300,
    layer: [
      { data: { values: result.points }, mark: { type: 'point', opacity: 0.5 }, encoding: { x, y, color } },
      { data: { values: means.map((m) => ({ ...m, line: meanLabel })) }, mark: { type: 'line' },
        encoding: { x, y, color, strokeDash: dash } },
      { data: { values: theory }, mark: { type: 'line', color: 'black' }, encoding: { x, y, strokeDash: dash } },
    ],
  });
}

function meanRisks(result: RateExperimentResult): { estimator: string; n: number; risk: number }[] {
  const groups = new Map<string, { estimator: string; n: number; sum: number; count: number }>();
  for (const p of result.points) {
    const key = `${p.estimator} ${p.n}`;
    const g = groups.get(key) ?? { estimator: p.estimator, n: p.n, sum: 0, count: 0 };
    g.sum += p.risk;
    g.count += 1;
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ estimator: g.estimator, n: g.n, risk: g.sum / g.count }));
}
