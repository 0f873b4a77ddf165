/**
 * What `npm pack` ships (the build without source maps, LICENSE, examples, the README's images, the prebuilt addon),
 * and what a consumer gets from it: installed into a fresh project, it fits in 100 MB, runs no install script and
 * loads the native backend without a system OpenBLAS.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { prebuiltAddon } from '../../src/native/load';

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
/** The size a consumer's node_modules may reach (issue 22's target). */
const CONSUMER_LIMIT_BYTES = 100 * 2 ** 20;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  assert.strictEqual(r.status, 0, `${command} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

describe('the packed package', function () {
  this.timeout(300_000);
  let files: string[];
  let consumer: string;
  let tmp: string;
  before(() => {
    // The prebuilt addon is made by `npm run build:prebuilt` (prepack, and .ci/run before the tests); build it once
    // here when a checkout has none (about two minutes, incremental afterwards).
    if (!fs.existsSync(prebuiltAddon())) run(process.execPath, [path.join(root, 'scripts', 'prebuild.js')], root);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-pack-'));
    const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], root)) as
      { filename: string; files: { path: string }[] }[];
    files = packed[0].files.map((f) => f.path);
    consumer = path.join(tmp, 'consumer');
    fs.mkdirSync(consumer);
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    // From npm's cache (no download once the dependencies were installed here): the consumer's first install.
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(tmp, packed[0].filename)], consumer);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('ships LICENSE (MIT), the CLI, the examples, the addon sources and the prebuilt addon, and no tests or source maps', () => {
    for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/src/index.js', 'dist/src/cli/main.js',
      'dist/src/vendor/tfjs_gradients.js', 'binding.gyp', 'native/CMakeLists.txt', 'examples/reverse.rasp', 'examples/hist.rasp',
      'examples/sort.rasp', path.relative(root, prebuiltAddon())]) {
      assert.ok(files.includes(file), file);
    }
    assert.match(fs.readFileSync(path.join(root, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) 2026 attnsim contributors\n/);
    assert.strictEqual(pkg.license, 'MIT');
    assert.deepStrictEqual(files.filter((f) => f.endsWith('.map') || f.startsWith('dist/test') || f.startsWith('src/')), []);
  });
  it('names its repository, home page and issue tracker', () => {
    assert.strictEqual(pkg.repository.url, 'git+https://github.com/attnsim/attnsim.git');
    assert.strictEqual(pkg.homepage, 'https://github.com/attnsim/attnsim#readme');
    assert.strictEqual(pkg.bugs.url, 'https://github.com/attnsim/attnsim/issues');
  });
  it('the README\'s images are relative links to files the package ships (they show on GitHub and npm)', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length > 0);
    for (const link of images) {
      assert.doesNotMatch(link, /^[a-z]+:|^\//, `${link} is relative`);
      assert.ok(files.includes(link), `${link} is in the package`);
      assert.ok(fs.existsSync(path.join(root, link)), `${link} exists`);
    }
  });
  it('ships the playground\'s bundle (attnsim serve) and its README picture', () => {
    for (const file of ['dist/web/index.html', 'dist/web/main.js', 'dist/web/worker.js', 'dist/web/style.css', 'docs/playground.png']) {
      assert.ok(files.includes(file), file);
    }
  });
  it('runs no install script: npm install gives the prebuilt addon, nothing is compiled', () => {
    const installed = JSON.parse(fs.readFileSync(path.join(consumer, 'node_modules', 'attnsim', 'package.json'), 'utf8'));
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) assert.strictEqual(installed.scripts[script], undefined, script);
    assert.strictEqual(installed.gypfile, false); // else npm would run node-gyp rebuild for binding.gyp
    assert.strictEqual(installed.bin.attnsim, 'dist/src/cli/main.js');
  });
  it(`the consumer's node_modules stays within ${CONSUMER_LIMIT_BYTES / 2 ** 20} MiB`, () => {
    const bytes = bytesUnder(path.join(consumer, 'node_modules'));
    assert.ok(bytes <= CONSUMER_LIMIT_BYTES, `${(bytes / 2 ** 20).toFixed(1)} MiB`);
  });
  it('the consumer loads the native backend from the prebuilt addon, with no system OpenBLAS mapped', () => {
    const script = `const a = require('attnsim'); const m = a.Matrix.from([[1, 2], [3, 4]]);
      const info = a.backendInfo(), c = a.matmul(m, m).toArray(); // the addon loads on first use
      const maps = require('fs').readFileSync('/proc/self/maps', 'utf8');
      console.log(JSON.stringify({ info, c,
        blas: maps.split('\\n').filter((l) => /openblas|gfortran/.test(l)).length,
        addon: maps.split('\\n').some((l) => l.includes('/node_modules/attnsim/prebuilds/')) }));`;
    const out = JSON.parse(run(process.execPath, ['-e', script], consumer, { ...process.env, ATTNSIM_BACKEND: 'native', ATTNSIM_ADDON: '' }));
    assert.strictEqual(out.info.native, true);
    assert.match(out.info.blas, /^OpenBLAS .*DYNAMIC_ARCH/);
    assert.deepStrictEqual(out.c, [[7, 10], [15, 22]]);
    assert.strictEqual(out.addon, true);
    assert.strictEqual(out.blas, 0);
    assert.doesNotMatch(run('ldd', [prebuiltAddon()], root), /openblas|gfortran|libstdc\+\+/);
  });
});
