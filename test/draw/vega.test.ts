/** vegaLiteToSvg: a Vega-Lite spec becomes an SVG in Node; a bad spec rejects. */
import * as assert from 'assert';
import { vegaLiteToSvg } from '../../src/draw/vega';
import { checkPicture } from '../helpers/picture';

describe('draw/vega', () => {
  it('renders a Vega-Lite spec to an SVG that draws its title, axis titles and data', async () => {
    const svg = await vegaLiteToSvg({
      title: 'squares', width: 200, height: 120, data: { values: [1, 2, 3, 4].map((x) => ({ x, y: x * x })) },
      mark: 'bar', encoding: { x: { field: 'x', type: 'ordinal', title: 'side' }, y: { field: 'y', type: 'quantitative', title: 'area' } },
    });
    assert.match(svg, /^<svg /);
    checkPicture(svg, { texts: ['squares', 'side', 'area', '15'], width: [200, 400], height: [120, 300] });
  });

  it('rejects a spec vega-lite cannot compile', async () => {
    await assert.rejects(vegaLiteToSvg({ data: { values: [] } }), /Invalid specification/);
  });
});
