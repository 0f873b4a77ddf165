/** Every ```js block of the README runs as written, against the built package. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README examples', () => {
  it('has examples to run', () => assert.ok(blocks.length >= 5, `found ${blocks.length}`));
  blocks.forEach((code, i) => {
    const first = code.split('\n').find((l) => !l.startsWith('const {')) ?? '';
    it(`example ${i + 1} runs without error: ${first.slice(0, 60)}`, () => {
      const r = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      assert.strictEqual(r.stderr, '');
      assert.notStrictEqual(r.stdout.trim(), '', 'the example prints its result');
    });
  });
});
