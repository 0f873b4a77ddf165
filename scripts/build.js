// npm run build / prepack: a clean build of src alone (tsconfig.build.json: no source maps), as the package ships it,
// then tfjs-core's gradients bundled beside it (scripts/bundle-gradients.js) and the browser playground
// (scripts/build_web.js).
// dist/src is emptied first so no stale file is packed, and the incremental state of the test build
// (tsconfig.json) is dropped so its next run re-emits what this removed.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
fs.rmSync(path.join(root, 'dist', 'src'), { recursive: true, force: true });
fs.rmSync(path.join(root, 'dist', '.tsbuildinfo'), { force: true });
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
const steps = [[tsc, '-p', 'tsconfig.build.json'], [path.join(__dirname, 'bundle-gradients.js')],
  // The browser playground (dist/web), bundled from web/ against the declarations just written.
  [path.join(__dirname, 'build_web.js')]];
process.exitCode = 0;
for (const step of steps) {
  process.exitCode = spawnSync(process.execPath, step, { cwd: root, stdio: 'inherit' }).status ?? 1;
  if (process.exitCode !== 0) break;
}
