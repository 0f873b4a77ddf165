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

  it('draws a zero on a log axis a decade below the smallest value, marked as a zero, instead of dropping it', () => {
    const spec = lineChartSpec(chart) as { data: { values: { x: number; y: number; zero: string }[] } };
    assert.strictEqual(spec.data.values.length, 8);
    const zeros = spec.data.values.filter((v) => v.zero !== 'value');
    assert.deepStrictEqual(zeros.map((v) => [v.x, v.y, v.zero]), [[100, 1e-91, 'exactly 0 (drawn at the bottom)']]);
    assert.ok(spec.data.values.every((v) => v.y > 0));
  });
  it('leaves out negative values on a log axis, and pads the scales so no point sits on the frame', () => {
    const spec = lineChartSpec({ ...chart, series: [{ label: 'U', points: [[1, -1], [2, 3], [4, 5]] }] }) as
      { data: { values: unknown[] }; encoding: { x: { scale: { padding: number } }; y: { scale: { padding: number } } } };
    assert.strictEqual(spec.data.values.length, 2);
    assert.ok(spec.encoding.x.scale.padding > 0 && spec.encoding.y.scale.padding > 0);
  });

  it('draws title, subtitle, axis titles and both legends inside a sane canvas, with a few readable ticks', async () => {
    const picture = checkPicture(await lineChart(chart), {
      texts: ['error against c', 'two models', 'coldness c', 'error', 'model', 'U', 'kind', 'measured', 'bound', '1e-80'],
      width: [480, 900], height: [300, 500], maxTexts: 60,
    });
    assert.ok(picture.texts.filter((t) => /^1e-\d+$/.test(t)).length <= 12, 'at most a dozen y ticks');
  });
});
