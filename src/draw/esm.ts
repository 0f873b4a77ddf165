/** Loads an ESM-only package (vega, vega-lite, @hpcc-js/wasm-graphviz) from attnsim's CommonJS build. */
import { pathToFileURL } from 'url';

/**
 * A real dynamic `import()`: TypeScript compiling to CommonJS would turn a literal `import()` into `require()`,
 * which cannot load these packages (vega has top-level await).
 */
const dynamicImport = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;

const loaded = new Map<string, Promise<unknown>>();

/**
 * Imports an ESM package once and caches the promise; the name is resolved from attnsim's own folder, not the
 * working directory.
 * @param name the package name, e.g. 'vega'.
 * @returns the module namespace, typed by the caller.
 * @example const vega = await importEsm<VegaModule>('vega');
 */
export function importEsm<T>(name: string): Promise<T> {
  let module = loaded.get(name);
  if (!module) {
    module = dynamicImport(pathToFileURL(require.resolve(name)).href);
    loaded.set(name, module);
  }
  return module as Promise<T>;
}
