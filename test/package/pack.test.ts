/** What `npm pack` ships: the build without source maps, LICENSE, examples, the README's images; and the rebuild advice. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('the packed package', () => {
  let files: string[];
  before(() => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
  });

  it('ships LICENSE (MIT), the CLI, the examples and the addon sources, and no tests or source maps', () => {
    for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/src/index.js', 'dist/src/cli/main.js', 'binding.gyp',
      'native/CMakeLists.txt', 'examples/reverse.rasp', 'examples/hist.rasp', 'examples/sort.rasp']) {
      assert.ok(files.includes(file), file);
    }
    assert.match(fs.readFileSync(path.join(root, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) 2026 attnsim contributors\n/);
    assert.strictEqual(pkg.license, 'MIT');
    assert.deepStrictEqual(files.filter((f) => f.endsWith('.map') || f.startsWith('dist/test') || f.startsWith('src/')), []);
  });
  it('the README\'s images are absolute URLs of files the package ships, at this version (npm shows them)', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length > 0);
    const prefix = `https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}/`;
    for (const url of images) {
      assert.ok(url.startsWith(prefix), `${url} starts with ${prefix}`);
      const file = url.slice(prefix.length);
      assert.ok(files.includes(file), `${file} is in the package`);
      assert.ok(fs.existsSync(path.join(root, file)), `${file} exists`);
    }
  });
  it('ships the playground\'s bundle (attnsim serve) and its README picture', () => {
    for (const file of ['dist/web/index.html', 'dist/web/main.js', 'dist/web/worker.js', 'dist/web/style.css', 'docs/playground.png']) {
      assert.ok(files.includes(file), file);
    }
  });
  it('a failed addon build tells the consumer to run npm rebuild attnsim', () => {
    assert.match(pkg.scripts.install, /^cmake-js compile .*\|\| node -e .*npm rebuild attnsim/);
    assert.strictEqual(pkg.bin.attnsim, 'dist/src/cli/main.js');
  });
});
