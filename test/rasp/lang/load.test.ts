/** load: restricted to a root folder for untrusted source, or off; regular files only; library redefinitions skipped with warnings. */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RaspError } from '../../../src/errors';
import { RaspSession } from '../../../src/rasp/lang/session';
import { runCli } from '../../cli/run_cli';
import { assertThrows } from '../../helpers/throws';

const LOAD = 'ERR_ATTNSIM_RASP_LOAD';
const fixtures = path.resolve(__dirname, '../../../../test/fixtures/rasp');

describe('rasp/lang/load', () => {
  it('loads a library that redefines built-in names: each such statement is skipped with a warning, the rest loads', () => {
    const s = new RaspSession({ baseDir: fixtures });
    s.run('load "library_redefinitions";');
    assert.deepStrictEqual(s.warnings.map((w) => w.replace(/^.*[\\/]/, '')), [
      'library_redefinitions.rasp:3:1: skipped: cannot set reserved name: full_s',
      'library_redefinitions.rasp:4:1: skipped: cannot set reserved name: length',
      'library_redefinitions.rasp:6:1: skipped: cannot set reserved name: selector_width',
      'library_redefinitions.rasp:11:1: skipped: cannot set reserved name: count',
    ]);
    assert.deepStrictEqual([s.evaluate('double(indices)', 'abc'), s.evaluate('last_index', 'abc'), s.evaluate('shout(tokens)', 'ab')],
      [[0, 2, 4], [2, 2, 2], ['a!', 'b!']]);
    assert.deepStrictEqual(s.evaluate('selector_width(select(indices, indices, <))', 'abc'), [0, 1, 2]);
    assertThrows(() => s.run('count = 1;'), /^<console>:1:1: Cannot set reserved name: count$/);
  });

  it('attnsim rasp prints the warnings of a load to stderr and runs the rest (the CLI loads unrestricted)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-cli-load-'));
    try {
      const main = path.join(dir, 'main.rasp');
      fs.writeFileSync(main, `load "${path.join(fixtures, 'library_redefinitions')}";\ny = double(indices);\n`);
      const r = runCli(['rasp', main, '--eval', 'y', '--input', 'abc', '--json']);
      assert.strictEqual(r.stdout, '[0,2,4]\n', r.stderr);
      assert.strictEqual(r.stderr.split('\n').filter((l) => /^attnsim: warning: .*library_redefinitions\.rasp:\d+:1: skipped: cannot set reserved name: /.test(l)).length, 4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('restricted to a root folder', () => {
    let dir: string, root: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-load-'));
      root = path.join(dir, 'root');
      fs.mkdirSync(path.join(root, 'lib'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'secret.rasp'), 'secret = 42;\n');
      fs.writeFileSync(path.join(root, 'lib', 'a.rasp'), 'load "b";\na_out = b_out + 1;\n');
      fs.writeFileSync(path.join(root, 'lib', 'b.rasp'), 'b_out = indices;\n');
      fs.writeFileSync(path.join(root, 'broken.rasp'), 'password = "hunter2" +;\n');
      fs.symlinkSync(path.join(dir, 'secret.rasp'), path.join(root, 'out.rasp'));
      fs.symlinkSync(path.join(root, 'lib', 'b.rasp'), path.join(root, 'in.rasp'));
      fs.mkdirSync(path.join(root, 'folder.rasp'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const session = () => new RaspSession({ loadRoot: root });

    it('loads files under the root, relative to the loading file, and symbolic links that stay inside', () => {
      const s = session();
      s.run('load "lib/a";\nload "in";');
      assert.deepStrictEqual(s.evaluate('a_out', 'ab'), [1, 2]);
    });
    const refused: [string, string, RegExp][] = [
      ['an absolute path', 'load "/tmp/secret";', /^<console>:1:1: load "\/tmp\/secret": only relative names without '\.\.' are allowed/],
      ['a path with ..', 'load "../secret";', /^<console>:1:1: load "\.\.\/secret": only relative names without '\.\.' are allowed/],
      ['a path with .. in the middle', 'load "lib/../../secret";', /only relative names without '\.\.'/],
      ['a symbolic link out of the root', 'load "out";', /^<console>:1:1: load "out": 'out\.rasp' leads outside the load root$/],
      ['a missing file, without its absolute path', 'load "lib/missing";', /^<console>:1:1: load "lib\/missing": cannot read 'lib\/missing\.rasp'$/],
      ['a folder', 'load "folder";', /^<console>:1:1: load: 'folder' is not a regular file$/],
    ];
    for (const [what, source, message] of refused) {
      it(`refuses ${what} with ${LOAD}, never showing an absolute path`, () => {
        assertThrows(() => session().run(source), message, LOAD, RaspError);
        assert.throws(() => session().run(source), (e: Error) => !e.message.includes(dir));
      });
    }
    it('reports a syntax error in a loaded file by position only, without its text', () => {
      assertThrows(() => session().run('load "broken";'), /^broken\.rasp:1:23: syntax error \(the text of loaded files is not shown when load is restricted\)$/,
        'ERR_ATTNSIM_RASP_SYNTAX');
      assert.throws(() => session().run('load "broken";'), (e: Error) => !e.message.includes('hunter2'));
    });
    it('refuses every load when allowLoad is false', () => {
      assertThrows(() => new RaspSession({ loadRoot: root, allowLoad: false }).run('load "lib/b";'),
        /^<console>:1:1: load "lib\/b": loading files is not allowed in this session$/, LOAD);
    });
  });

  it('refuses a FIFO instead of blocking on it, also when load is unrestricted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-fifo-'));
    try {
      execFileSync('mkfifo', [path.join(dir, 'x.rasp')]);
      assertThrows(() => new RaspSession({ baseDir: dir }).run('load "x";'), /load: 'x' is not a regular file/, LOAD);
      assertThrows(() => new RaspSession({ loadRoot: dir }).run('load "x";'), /^<console>:1:1: load: 'x' is not a regular file$/, LOAD);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
