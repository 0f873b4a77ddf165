// npm run build / prepare: a clean build of src alone (tsconfig.build.json: no source maps), as the package ships it,
// then tfjs-core's gradients bundled beside it (scripts/bundle-gradients.js).
// dist/src is emptied first so no stale file is packed, and the incremental state of the test build
// (tsconfig.json) is dropped so its next run re-emits what this removed.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
fs.rmSync(path.join(root, 'dist', 'src'), { recursive: true, force: true });
fs.rmSync(path.join(root, 'dist', '.tsbuildinfo'), { force: true });
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' }).status ?? 1;
process.exitCode = built !== 0 ? built
  : spawnSync(process.execPath, [path.join(__dirname, 'bundle-gradients.js')], { cwd: root, stdio: 'inherit' }).status ?? 1;
