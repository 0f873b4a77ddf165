/** The loader: ATTNSIM_BACKEND, the explanation when the addon is missing, the one stderr notice. */
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadNative } from '../../src/native/load';

const root = path.resolve(__dirname, '..', '..', '..');
const script = `const a = require('attnsim');
const m = a.Matrix.from([[1, 2], [3, 4]]);
a.matmul(m, m); const c = a.matmul(m, m);
console.log(JSON.stringify({ info: a.backendInfo(), c: c.toArray() }));`;

function run(cwd: string, env: Record<string, string>) {
  const out = spawnSync(process.execPath, ['-e', script], { cwd, env: { ...process.env, ATTNSIM_BACKEND: '', ...env }, encoding: 'utf8' });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe('native/load', () => {
  it('explains every failed candidate and what to do', () => {
    const result = loadNative(['/nonexistent/a.node', '/nonexistent/b.node']);
    assert.strictEqual(result.binding, null);
    if (result.binding === null) {
      assert.match(result.explanation, /^attnsim: the native addon could not be loaded \(linux-x64, Node v/);
      assert.match(result.explanation, /- \/nonexistent\/a\.node: Cannot find module/);
      assert.match(result.explanation, /- \/nonexistent\/b\.node: Cannot find module/);
      assert.match(result.explanation, /\n- Build the addon from source \(needs cmake, g\+\+, pkg-config and libopenblas-dev\): npm install --no-save cmake-js@8\.0\.0 node-addon-api@8\.9\.2 node-api-headers@1\.9\.0 && npm explore attnsim -- npm run build:native \(in a clone of attnsim: npm run build:native\)\./);
      assert.match(result.explanation, /ATTNSIM_BACKEND=js/);
    }
  });
  it('ATTNSIM_ADDON points the loader at one addon file, and its failure is explained', () => {
    const built = path.join(root, 'native', 'build', 'Release', 'attnsim.node');
    if (fs.existsSync(built)) {
      const r = run(root, { ATTNSIM_ADDON: path.relative(root, built), ATTNSIM_BACKEND: 'native' });
      assert.strictEqual(r.status, 0, r.stderr);
      assert.strictEqual(JSON.parse(r.stdout).info.native, true);
    }
    const missing = run(root, { ATTNSIM_ADDON: '/nonexistent/attnsim.node', ATTNSIM_BACKEND: 'native' });
    assert.notStrictEqual(missing.status, 0);
    assert.match(missing.stderr, /Tried:\n- \/nonexistent\/attnsim\.node: Cannot find module/);
  });
  it('ATTNSIM_BACKEND=js runs the fallback quietly', () => {
    const r = run(root, { ATTNSIM_BACKEND: 'js' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout), { info: { native: false, blas: null, threads: 1 }, c: [[7, 10], [15, 22]] });
    assert.strictEqual(r.stderr, '');
  });
  it('an unknown ATTNSIM_BACKEND is an error that lists the allowed values', () => {
    const r = run(root, { ATTNSIM_BACKEND: 'gpu' });
    assert.notStrictEqual(r.status, 0);
    assert.match(r.stderr, /BackendError: ATTNSIM_BACKEND must be 'native', 'js' or unset, but is 'gpu'/);
  });
  describe('in a copy of the package without the addon (and no ATTNSIM_ADDON pointing at one)', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-noaddon-'));
      const pkg = path.join(dir, 'node_modules', 'attnsim');
      fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
      fs.copyFileSync(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
      fs.cpSync(path.join(root, 'dist', 'src'), path.join(pkg, 'dist', 'src'), { recursive: true });
      fs.symlinkSync(path.join(root, 'node_modules'), path.join(pkg, 'node_modules'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    it('falls back with the same results and says so once on stderr', () => {
      const r = run(dir, { ATTNSIM_ADDON: '' });
      assert.strictEqual(r.status, 0, r.stderr);
      assert.deepStrictEqual(JSON.parse(r.stdout).c, [[7, 10], [15, 22]]);
      assert.strictEqual(JSON.parse(r.stdout).info.native, false);
      assert.strictEqual(r.stderr.match(/could not be loaded/g)?.length, 1);
      assert.match(r.stderr, /using the pure-TypeScript fallback/);
    });
    it('ATTNSIM_BACKEND=native turns the same failure into an error with the explanation', () => {
      const r = run(dir, { ATTNSIM_BACKEND: 'native', ATTNSIM_ADDON: '' });
      assert.notStrictEqual(r.status, 0);
      assert.match(r.stderr, /BackendError: attnsim: the native addon could not be loaded/);
      assert.match(r.stderr, /Possible solutions:/);
    });
  });
  it('the package loads through require and through import', () => {
    const cjs = execFileSync(process.execPath, ['-e', "console.log(typeof require('attnsim').matmul)"], { cwd: root, encoding: 'utf8' });
    const esm = execFileSync(process.execPath, ['--input-type=module', '-e', "import { matmul, Matrix } from 'attnsim'; console.log(typeof matmul, typeof Matrix.from)"], { cwd: root, encoding: 'utf8' });
    assert.deepStrictEqual([cjs.trim(), esm.trim()], ['function', 'function function']);
  });
});
