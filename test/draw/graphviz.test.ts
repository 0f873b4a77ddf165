/** dotToSvg and dotString: DOT laid out to SVG offline; labels quoted so any text is safe. */
import * as assert from 'assert';
import { dotString, dotToSvg } from '../../src/draw/graphviz';
import { checkPicture } from '../helpers/picture';

describe('draw/graphviz', () => {
  it('lays out a DOT graph as an SVG starting at its <svg> root', async () => {
    const svg = await dotToSvg(`digraph { a [label=${dotString('say "hi" \\ <now>\nplease')}]; a -> b; }`);
    assert.match(svg, /^<svg /);
    checkPicture(svg, { texts: ['say "hi" \\ <now>', 'please', 'b'], width: [50, 400], height: [80, 400] });
  });

  it('rejects DOT that does not parse', async () => {
    await assert.rejects(dotToSvg('digraph {'), /syntax error/);
  });
});
