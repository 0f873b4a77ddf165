/** The browser bundle's `importEsm` (src/draw/esm.ts in Node): the drawing libraries as lazily loaded chunks of the bundle. */

const loaders: Record<string, () => Promise<unknown>> = {
  vega: () => import('vega'),
  'vega-lite': () => import('vega-lite'),
  '@hpcc-js/wasm-graphviz': () => import('@hpcc-js/wasm-graphviz'),
};

const loaded = new Map<string, Promise<unknown>>();

/** Imports one of the drawing libraries once (a chunk fetched on first use) and caches the promise. */
export function importEsm<T>(name: string): Promise<T> {
  const load = loaders[name];
  if (load === undefined) return Promise.reject(new Error(`attnsim in the browser: no chunk for '${name}'`));
  let module = loaded.get(name);
  if (!module) {
    module = load();
    loaded.set(name, module);
  }
  return module as Promise<T>;
}
