/** Graphviz DOT rendered to SVG in Node (@hpcc-js/wasm-graphviz: the WebAssembly ships inside the package). */
import { importEsm } from './esm';

/** The part of @hpcc-js/wasm-graphviz attnsim uses. */
interface GraphvizModule {
  Graphviz: { load(): Promise<{ dot(source: string, format: 'svg'): string }> };
}

let graphviz: ReturnType<GraphvizModule['Graphviz']['load']> | undefined;

/**
 * Lays out a DOT graph with Graphviz's `dot` engine and returns it as SVG.
 * @param dot the graph in the DOT language.
 * @returns the SVG document from its `<svg>` root (the XML prolog and DOCTYPE dropped), ending in a newline.
 * @throws {Error} from Graphviz when the DOT source does not parse.
 * @example const svg = await dotToSvg('digraph { a -> b }');
 */
export async function dotToSvg(dot: string): Promise<string> {
  graphviz ??= importEsm<GraphvizModule>('@hpcc-js/wasm-graphviz').then((m) => m.Graphviz.load());
  const svg = (await graphviz).dot(dot, 'svg');
  return `${svg.slice(svg.indexOf('<svg')).trimEnd()}\n`;
}

/**
 * Quotes text as a DOT string (double quotes, with quotes and backslashes escaped, newlines as `\n`).
 * @param text any text.
 * @returns the quoted string, safe as a DOT ID or label.
 * @example dotString('say "hi"') // '"say \\"hi\\""'
 */
export function dotString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n')}"`;
}
