/** Every `attnsim` line in the README's ```sh blocks runs against the build, exits 0 and prints what its comment says. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const main = path.join(root, 'dist', 'src', 'cli', 'main.js');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const lines = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1].split('\n'))
  .filter((line) => /^(npx )?attnsim /.test(line));

/** The command (with `node dist/src/cli/main.js` for `attnsim`) and the text its `# prints` comment promises. */
function parse(line: string): { command: string; expected: string | undefined } {
  const [command, comment = ''] = line.split(/\s+#\s*/, 2);
  const expected = /^prints (.*)$/.exec(comment)?.[1];
  return { command: command.replace(/^(npx )?attnsim /, `"${process.execPath}" "${main}" `), expected };
}

describe('README command lines', () => {
  let dir: string;
  before(() => {
    // An empty folder, as a consumer's: the example files are found inside the package.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-readme-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has command lines to run', () => assert.ok(lines.length >= 8, `found ${lines.length}`));
  for (const line of lines) {
    it(`runs: ${line.split(/\s+#/)[0].slice(0, 90)}`, () => {
      const { command, expected } = parse(line);
      assert.ok(expected !== undefined, 'each line ends with "# prints <key output>"');
      const r = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8', input: '' });
      assert.strictEqual(r.status, 0, r.stderr);
      assert.ok(r.stdout.includes(expected), `expected ${JSON.stringify(expected)} in:\n${r.stdout}`);
    });
  }
});
