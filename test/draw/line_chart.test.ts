/** lineChart: series as coloured lines with a legend, styles as dashes, log axes without the points they cannot show. */
import * as assert from 'assert';
import { lineChart, lineChartSpec } from '../../src/draw/line_chart';
import { checkPicture } from '../helpers/picture';

describe('draw/line_chart', () => {
  const chart = {
    title: 'error against c', subtitle: 'two models', xLabel: 'coldness c', yLabel: 'error', logX: true, logY: true,
    labelTitle: 'model', styleTitle: 'kind',
    series: [
      { label: 'U', style: 'measured', points: [[1, 0.5], [10, 1e-5], [100, 0], [200, 1e-90]] as [number, number][] },
      { label: 'U', style: 'bound', points: [[1, 2], [10, 1e-4], [100, 1e-40], [200, 1e-80]] as [number, number][] },
    ],
  };

  it('leaves out the points a log axis cannot show', () => {
    const spec = lineChartSpec(chart) as { data: { values: { y: number }[] } };
    assert.strictEqual(spec.data.values.length, 7);
    assert.ok(spec.data.values.every((v) => v.y > 0));
  });

  it('draws title, subtitle, axis titles and both legends inside a sane canvas, with a few readable ticks', async () => {
    const picture = checkPicture(await lineChart(chart), {
      texts: ['error against c', 'two models', 'coldness c', 'error', 'model', 'U', 'kind', 'measured', 'bound', '1e-80'],
      width: [480, 900], height: [300, 500], maxTexts: 60,
    });
    assert.ok(picture.texts.filter((t) => /^1e-\d+$/.test(t)).length <= 12, 'at most a dozen y ticks');
  });
});
