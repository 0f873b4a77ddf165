/** Loads an ESM-only package (vega, vega-lite, @hpcc-js/wasm-graphviz) from attnsim's CommonJS build. */
import { pathToFileURL } from 'url';
import { BackendError } from '../errors';

/**
 * A real dynamic `import()`: TypeScript compiling to CommonJS would turn a literal `import()` into `require()`,
 * which cannot load these packages (vega has top-level await).
 */
const dynamicImport = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;

const loaded = new Map<string, Promise<unknown>>();

/**
 * Imports an ESM package once and caches the promise; the name is resolved from attnsim's own folder, not the
 * working directory. vega and vega-lite are optional peer dependencies (drawing only), so a missing one is
 * an error that says how to install it.
 * @param name the package name, e.g. 'vega'.
 * @returns the module namespace, typed by the caller.
 * @throws BackendError (ERR_ATTNSIM_BACKEND) when the package is not installed.
 * @example const vega = await importEsm<VegaModule>('vega');
 */
export function importEsm<T>(name: string): Promise<T> {
  let module = loaded.get(name);
  if (!module) {
    module = resolve(name).then((file) => dynamicImport(pathToFileURL(file).href));
    loaded.set(name, module);
  }
  return module as Promise<T>;
}

/** The versions of the drawing packages attnsim is tested with, for the install hint. */
const drawingPackages = 'vega@6.4.0 vega-lite@6.4.3';

async function resolve(name: string): Promise<string> {
  try {
    return require.resolve(name);
  } catch {
    throw new BackendError(`drawing needs the optional package ${name}, which is not installed: npm install ${drawingPackages}`);
  }
}
