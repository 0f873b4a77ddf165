/** checkPicture: an SVG renders to PNG (resvg), is of sane size, draws inside its canvas and shows the expected text. */
import * as assert from 'assert';
import * as path from 'path';
import { Resvg } from '@resvg/resvg-js';

/** What a picture must satisfy; sizes are in CSS pixels, as resvg renders them. */
export interface PictureExpectations {
  /** Texts that must appear, whole (after trimming), or matched by a pattern. */
  texts: (string | RegExp)[];
  width: [number, number];
  height: [number, number];
  /** At most this many text elements (a guard against runaway tick labels). */
  maxTexts?: number;
}

/** What was found: the rendered size, the text elements and the PNG. */
export interface Picture {
  width: number;
  height: number;
  texts: string[];
  png: Buffer;
}

/** The fonts of the dejavu-fonts-ttf package, not the system's: the same rendering on every machine. */
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fonts = {
  loadSystemFonts: false, fontFiles: ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono.ttf'].map((f) => path.join(fontDir, f)),
  defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', monospaceFamily: 'DejaVu Sans Mono',
};

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The text of every `<text>` element, tags stripped and entities decoded. */
export function svgTexts(svg: string): string[] {
  const decode = (m: string, e: string) => {
    if (e[0] !== '#') return entities[e] ?? m;
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  };
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)]
    .map(([, inner]) => inner.replace(/<[^>]+>/g, '').replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, decode).trim());
}

/**
 * Renders the SVG and asserts the expectations; also that something is drawn and that nothing (a title, a label)
 * lies outside the canvas, where it would be cut off.
 */
export function checkPicture(svg: string, expect: PictureExpectations): Picture {
  const resvg = new Resvg(svg, { font: fonts });
  const image = resvg.render(), { width, height } = image;
  assert.ok(width >= expect.width[0] && width <= expect.width[1], `width ${width} outside ${expect.width}`);
  assert.ok(height >= expect.height[0] && height <= expect.height[1], `height ${height} outside ${expect.height}`);
  const pixels = image.pixels;
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 384) dark += 1;
  assert.ok(dark > 0.002 * width * height, `only ${dark} dark pixels: nothing legible is drawn`);
  const withoutBackground = svg.replace(/<(rect|polygon)\b[^>]*fill="white"[^>]*\/>/, '');
  const box = new Resvg(withoutBackground, { font: fonts }).getBBox();
  assert.ok(box, 'nothing drawn besides the background');
  const slack = 1;
  assert.ok(box.x >= -slack && box.y >= -slack && box.x + box.width <= width + slack && box.y + box.height <= height + slack,
    `drawing extends beyond the ${width}×${height} canvas: ${JSON.stringify([box.x, box.y, box.width, box.height])}`);
  const texts = svgTexts(svg);
  for (const want of expect.texts) {
    const found = texts.some((t) => (typeof want === 'string' ? t === want : want.test(t)));
    assert.ok(found, `no text ${String(want)} among ${JSON.stringify(texts.slice(0, 40))}`);
  }
  if (expect.maxTexts !== undefined) assert.ok(texts.length <= expect.maxTexts, `${texts.length} text elements`);
  return { width, height, texts, png: image.asPng() };
}
