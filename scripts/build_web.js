// Bundles the browser playground (web/) into dist/web with esbuild: the page, its Web Worker, lazily loaded chunks
// for Vega and Graphviz, and the static files. The worker imports the package root (src/index.ts); the Node-only
// modules the root reaches (the addon loader, fs, worker_threads, piscina, TensorFlow.js) are replaced by the shims
// in web/shims or by stubs that throw when called, so TensorFlow.js stays out of the bundle.
const { spawnSync } = require('child_process');
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'web');
const shim = (name) => path.join(root, 'web', 'shims', `${name}.ts`);

/** Node modules the page never calls (their code paths need Node): each export throws, naming what is missing. */
const unavailable = {
  fs: ['readFileSync', 'openSync', 'closeSync', 'fstatSync', 'realpathSync', 'constants'],
  url: ['pathToFileURL'],
  worker_threads: ['Worker', 'parentPort'],
  piscina: ['default'],
};
// ../vendor/tfjs_gradients: tfjs-core's gradients, bundled for Node by scripts/bundle-gradients.js (the page trains nothing).
const unavailableFilter = /^(fs|url|worker_threads|piscina|@tensorflow\/.*|\.\.\/vendor\/tfjs_gradients)$/;

const nodeShims = {
  name: 'node-shims',
  setup(build) {
    build.onResolve({ filter: /^(path|os|v8)$/ }, (args) => ({ path: shim(args.path) }));
    build.onResolve({ filter: /\/esm$/ }, (args) => (args.importer.includes(`${path.sep}src${path.sep}draw${path.sep}`)
      ? { path: shim('esm') } : undefined));
    build.onResolve({ filter: unavailableFilter }, (args) => ({ path: args.path, namespace: 'unavailable' }));
    build.onLoad({ filter: /.*/, namespace: 'unavailable' }, (args) => {
      const names = unavailable[args.path] ?? [];
      const fail = `() => { throw new Error('attnsim in the browser: ${args.path} is not available in a page'); }`;
      return { contents: `module.exports = { ${names.map((n) => `${n}: ${fail}`).join(', ')} };`, loader: 'js' };
    });
  },
};

/**
 * Builds dist/web.
 * @returns the files written with their sizes in bytes.
 */
async function buildWeb() {
  fs.rmSync(out, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'web/src/main.ts', worker: 'web/src/worker.ts' },
    outdir: out, bundle: true, splitting: true, format: 'esm', platform: 'browser', target: 'es2022',
    minify: true, legalComments: 'none', chunkNames: 'chunks/[name]-[hash]', metafile: true, logLevel: 'warning',
    alias: { attnsim: './src/index.ts' }, inject: [shim('globals')], plugins: [nodeShims],
    // Node's module folder; only the addon's candidate paths read it at load time, and the page never loads the addon.
    define: { __dirname: '"/attnsim"' },
  });
  for (const file of ['index.html', 'style.css']) fs.copyFileSync(path.join(root, 'web', file), path.join(out, file));
  return Object.fromEntries(Object.entries(result.metafile.outputs).map(([file, o]) => [path.relative(out, path.join(root, file)), o.bytes]));
}

module.exports = { buildWeb };

/** Type-checks web/ (against dist/src's declarations, so after tsc) as esbuild does not. */
function checkWeb() {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  return spawnSync(process.execPath, [tsc, '-p', path.join('web', 'tsconfig.json')], { cwd: root, stdio: 'inherit' }).status === 0;
}

if (require.main === module) {
  if (!checkWeb()) process.exitCode = 1;
  else {
    buildWeb().then((files) => {
      const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
      const lines = Object.keys(files).sort().map((file) => {
        const gzipped = zlib.gzipSync(fs.readFileSync(path.join(out, file)), { level: 9 }).length;
        return `  ${file.padEnd(34)} ${kib(files[file]).padStart(9)} ${kib(gzipped).padStart(9)} gzipped`;
      });
      console.log(`dist/web (chunks/ load on first use):\n${lines.join('\n')}`);
    }, (error) => {
      console.error(error.message);
      process.exitCode = 1;
    });
  }
}
