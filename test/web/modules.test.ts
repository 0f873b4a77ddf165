/** The playground's plain modules in Node (bundled by esbuild as the build does): the URL hash and the `path` shim. */
import * as assert from 'assert';
import * as path from 'path';
import { buildSync } from 'esbuild';

const root = path.resolve(__dirname, '..', '..', '..');

/** What the tests use of web/src/state.ts and web/shims/path.ts (typed here: web/ is not part of this compilation). */
interface StateModule {
  readHash(hash: string): Record<string, string>;
  tokensOf(text: string): string[];
}
interface PathModule {
  join(...parts: string[]): string;
  resolve(...parts: string[]): string;
  dirname(p: string): string;
  isAbsolute(p: string): boolean;
  sep: string;
}

/** A web/ module bundled to CommonJS in memory and loaded. */
function load<T>(file: string): T {
  const code = buildSync({ entryPoints: [path.join(root, file)], bundle: true, format: 'cjs', platform: 'neutral', write: false }).outputFiles[0].text;
  const module = { exports: {} as T };
  new Function('module', 'exports', code)(module, module.exports);
  return module.exports;
}

describe('playground modules', () => {
  it('readHash decodes rasp, input, sop and panel, and skips unknown or malformed fields', () => {
    const { readHash, tokensOf } = load<StateModule>('web/src/state.ts');
    const source = 'x = indices;\ny = x + 1; # 100% & done';
    const hash = `#rasp=${encodeURIComponent(source)}&input=${encodeURIComponent('a b  c')}&sop=y&panel=compile&other=1`;
    assert.deepStrictEqual(readHash(hash), { rasp: source, input: 'a b  c', sop: 'y', panel: 'compile' });
    assert.deepStrictEqual(readHash('#rasp=%E0%A4%A&sop=x&input'), { sop: 'x' });
    assert.deepStrictEqual(readHash(''), {});
    assert.deepStrictEqual(tokensOf(' a b  c '), ['a', 'b', 'c']);
    assert.deepStrictEqual(tokensOf('   '), []);
  });
  it('the path shim joins, resolves and splits as Node\'s path.posix does', () => {
    const shim = load<PathModule>('web/shims/path.ts');
    const joins: string[][] = [['/a', 'b', '../c'], ['a', './b/', 'c'], ['/a/b', '..', '..', '..', 'x'], ['', 'a'], ['a', '..']];
    for (const parts of joins) assert.strictEqual(shim.join(...parts), path.posix.join(...parts), parts.join(' '));
    const resolves: string[][] = [['/attnsim', '..', '..', '..'], ['/x', 'y', '/z', 'w'], ['/a/./b/../c']];
    for (const parts of resolves) assert.strictEqual(shim.resolve(...parts), path.posix.resolve(...parts), parts.join(' '));
    for (const p of ['/a/b/c', '/a', 'a/b', 'a', '/a/b/']) assert.strictEqual(shim.dirname(p), path.posix.dirname(p), p);
    assert.deepStrictEqual([shim.isAbsolute('/x'), shim.isAbsolute('x'), shim.sep], [true, false, '/']);
  });
});
