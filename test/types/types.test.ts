/** The published types under --strict: the README's API examples and the DSL's typed callbacks compile with node16 and bundler resolution. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const tsc = require.resolve('typescript/bin/tsc');

describe('types', () => {
  // test/types/cases/callbacks.ts holds calls that must not compile, each under @ts-expect-error: if one compiled, tsc would fail.
  // tsconfig.init.json is a consumer's `tsc --init` (TypeScript 5.9: nodenext, noUncheckedIndexedAccess,
  // exactOptionalPropertyTypes) with "types": ["node"] and skipLibCheck off, so every published .d.ts is checked
  // too: they must stand alone (no tfjs-core types, whose hash_util.d.ts needs a global Long).
  const configs = { node16: 'moduleResolution node16', bundler: 'moduleResolution bundler', init: 'tsc --init\'s defaults and skipLibCheck off' };
  for (const [name, what] of Object.entries(configs)) {
    it(`the README examples and typed callbacks compile under --strict with ${what}`, () => {
      const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'test', 'types', `tsconfig.${name}.json`)], { cwd: root, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, `${r.stdout}${r.stderr}`);
    });
  }
});
