// npm run demo: runs the built CLI, building src (scripts/build.js) only when dist is missing.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const main = path.join(root, 'dist', 'src', 'cli', 'main.js');
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (!fs.existsSync(main)) {
  const built = run([path.join(__dirname, 'build.js')]);
  if (built !== 0) process.exit(built);
}
process.exitCode = run([main, 'simulate', '--n', '6', '--d', '4', '--heads', '2', ...process.argv.slice(2)]);
