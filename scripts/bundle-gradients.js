// Bundles tfjs-core's gradient registrations (dist/register_all_gradients, shipped as extensionless ES modules
// that Node cannot load) into one CommonJS file, dist/src/vendor/tfjs_gradients.js, as the @tensorflow/tfjs
// umbrella bundles them: attnsim depends on tfjs-core alone. Run by scripts/build.js and before the tests.
const esbuild = require('esbuild');
const path = require('path');

const root = path.resolve(__dirname, '..');
esbuild.buildSync({
  entryPoints: [require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js', { paths: [root] })],
  outfile: path.join(root, 'dist', 'src', 'vendor', 'tfjs_gradients.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  external: ['@tensorflow/tfjs-core'],
  legalComments: 'eof',
  logLevel: 'warning',
});
