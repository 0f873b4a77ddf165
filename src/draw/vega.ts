/** Vega-Lite specs rendered to SVG in Node, without a browser (vega + vega-lite, loaded on first use). */
import { importEsm } from './esm';

/** The part of vega-lite attnsim uses. */
interface VegaLiteModule {
  compile(spec: object): { spec: object };
}

/** The part of vega attnsim uses. */
interface VegaModule {
  parse(spec: object): object;
  View: new (runtime: object, options: { renderer: 'none' }) => {
    toSVG(): Promise<string>;
    finalize(): void;
  };
}

/**
 * Renders a Vega-Lite spec as a standalone SVG document. Data must be inline (`data.values`): nothing is fetched.
 * @param spec a Vega-Lite top-level spec (schema v6).
 * @returns the SVG text (an `<svg>` root, no XML prolog), ending in a newline.
 * @throws {Error} from vega-lite or vega when the spec is invalid.
 * @example
 * const svg = await vegaLiteToSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point',
 *   encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
 */
export async function vegaLiteToSvg(spec: object): Promise<string> {
  const [vegaLite, vega] = await Promise.all([importEsm<VegaLiteModule>('vega-lite'), importEsm<VegaModule>('vega')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}
