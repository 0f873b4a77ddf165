/** The log-log plot of a rate experiment: risk against n per estimator, with the theory's slope through the sieve's first point. */
import { vegaLiteToSvg } from '../draw/vega';
import { RateExperimentResult } from './rate_experiment';

/**
 * Draws risk against n on log-log axes: each trial as a point, each estimator's mean per n as a line,
 * and the theory's slope −2a†/(2a†+1) as a dashed line through the first mean of the sieve (or of the
 * first estimator).
 * @param result what rateExperiment returned.
 * @returns a standalone SVG document.
 * @example fs.writeFileSync('rates.svg', await plotRates(await rateExperiment(opts)));
 */
export async function plotRates(result: RateExperimentResult): Promise<string> {
  const means = meanRisks(result);
  const anchorName = means.some((m) => m.estimator === 'sieve') ? 'sieve' : means[0]?.estimator;
  const anchor = means.filter((m) => m.estimator === anchorName).sort((p, q) => p.n - q.n);
  const ns = [...new Set(result.points.map((p) => p.n))].sort((p, q) => p - q);
  const theory = anchor.length === 0 ? [] : ns.map((n) => ({
    n, risk: anchor[0].risk * (n / anchor[0].n) ** result.theory.slope, estimator: `theory (slope ${result.theory.slope.toFixed(3)})`,
  }));
  const slopes = Object.entries(result.slopes).map(([name, fit]) => `${name}: ${fit.slope.toFixed(3)}`).join(', ');
  const x = { field: 'n', type: 'quantitative', scale: { type: 'log', base: 2 }, axis: { title: 'samples n', format: '~s' } };
  const y = { field: 'risk', type: 'quantitative', scale: { type: 'log' }, axis: { title: 'excess risk ‖f̂ − f‖²', format: '.0e' } };
  const color = { field: 'estimator', type: 'nominal', legend: { title: null, orient: 'bottom', columns: 2, labelLimit: 320 } };
  return vegaLiteToSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Excess risk against sample size', subtitle: `fitted slopes ${slopes}` },
    width: 420, height: 300,
    layer: [
      { data: { values: result.points }, mark: { type: 'point', opacity: 0.5 }, encoding: { x, y, color } },
      { data: { values: means }, mark: { type: 'line', point: true }, encoding: { x, y, color } },
      { data: { values: theory }, mark: { type: 'line', strokeDash: [6, 4], color: 'black' }, encoding: { x, y, color } },
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
