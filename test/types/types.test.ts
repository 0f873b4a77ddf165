/** The published types under --strict: the README's API examples and the DSL's typed callbacks compile with node16 and bundler resolution. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const tsc = require.resolve('typescript/bin/tsc');

describe('types', () => {
  // test/types/cases/callbacks.ts holds calls that must not compile, each under @ts-expect-error: if one compiled, tsc would fail.
  for (const resolution of ['node16', 'bundler']) {
    it(`the README examples and typed callbacks compile under --strict with moduleResolution ${resolution}`, () => {
      const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'test', 'types', `tsconfig.${resolution}.json`)], { cwd: root, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, `${r.stdout}${r.stderr}`);
    });
  }
});
