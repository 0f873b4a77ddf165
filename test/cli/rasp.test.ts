/** attnsim rasp: s-ops and selectors on an input, JSON output, input flags, token kinds and errors. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rasp } from '../../src/index';
import { repoRoot, runCli } from './run_cli';

const reverse = path.join(repoRoot, 'examples', 'reverse.rasp');

describe('attnsim rasp', () => {
  it('prints every s-op the file names on the input, with its type; the default input is hello', () => {
    assert.strictEqual(runCli(['rasp', reverse, '--input', 'abc']).stdout, 'reverse = [c, b, a] (strings)\n');
    assert.strictEqual(runCli(['rasp', reverse]).stdout, 'reverse = [o, l, l, e, h] (strings)\n');
    assert.match(runCli(['rasp', '--help']).stdout, /--input TEXT {7}the input, one token per character \(default: hello\)/);
  });
  it('--eval prints an expression, and a selector as a matrix (or JSON booleans)', () => {
    const r = runCli(['rasp', reverse, '--eval', 'flip', '--input', 'ab']);
    assert.strictEqual(r.stdout, 'flip =\n    a b\na | 0 1\nb | 1 0\n', r.stderr);
    assert.strictEqual(runCli(['rasp', reverse, '--eval', 'flip', '--input', 'ab', '--json']).stdout, '[[false,true],[true,false]]\n');
    assert.strictEqual(runCli(['rasp', reverse, '--eval', 'reverse + "!"', '--input', 'xy', '--json']).stdout, '["y!","x!"]\n');
  });
  it('--causal evaluates as the evaluator does with causal: true', () => {
    const hist = path.join(repoRoot, 'examples', 'hist.rasp');
    const expected = rasp.run(fs.readFileSync(hist, 'utf8')).evaluate('hist', 'abca', { causal: true });
    assert.notDeepStrictEqual(expected, [2, 1, 1, 2]);
    assert.strictEqual(runCli(['rasp', hist, '--input', 'abca', '--causal', '--json']).stdout, `${JSON.stringify({ hist: expected })}\n`);
  });
  it('--json without --eval prints one JSON document: each s-op the file names with its values', () => {
    const r = runCli(['rasp', 'hist', '--input', 'abca', '--json']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout), { hist: [2, 1, 1, 2] });
  });
  it('without a file starts the REPL', () => {
    const r = runCli(['rasp'], { input: 'x = indices + 1;\n:quit\n' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /RASP REPL/);
    assert.match(r.stdout, /\[1, 2, 3, 4, 5\]/);
  });
  it('reads numeric input with --input-json and --tokens int', () => {
    const r = runCli(['rasp', path.join(repoRoot, 'examples', 'sort.rasp'), '--eval', 'sorted', '--input-json', '[3, 1, 2]',
      '--tokens', 'int', '--json']);
    assert.strictEqual(r.stdout, '[1,2,3]\n', r.stderr);
  });
  it('the help lists every --tokens kind, and each kind is accepted', () => {
    const help = runCli(['rasp', '--help']).stdout;
    for (const kind of ['str', 'int', 'float', 'bool', 'asis']) {
      assert.match(help, new RegExp(`--tokens KIND[^\\n]*\\b${kind}\\b|\\(${kind}:`), kind);
    }
    const read = (kind: string) => runCli(['rasp', reverse, '--tokens', kind, '--input-json', '[1, 0]', '--json']).stdout;
    assert.deepStrictEqual(['str', 'int', 'bool'].map(read), ['{"reverse":["0","1"]}\n', '{"reverse":[0,1]}\n', '{"reverse":[false,true]}\n']);
  });
  it('refuses malformed --input-json, --input with --input-json, and an unknown --tokens kind (exit 2)', () => {
    const cases: [string[], string][] = [
      [['--input-json', '[3, 1'], "--input-json expects a JSON array of tokens, such as '[3, 1, 2]', but received '[3, 1'"],
      [['--input-json', '[{}]'], "--input-json expects a JSON array of tokens, such as '[3, 1, 2]', but received '[{}]'"],
      [['--input', 'ab', '--input-json', '[1]'], '--input and --input-json cannot be used together'],
      [['--tokens', 'ints'], "--tokens expects one of str, int, float, bool, asis but received 'ints'"],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['rasp', reverse, ...args]);
      assert.strictEqual(r.status, 2, message);
      assert.strictEqual(r.stderr.split('\n')[0], `attnsim rasp: ${message}`);
    }
  });
  it('reports a syntax error with file, line, column and caret, and exits 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-rasp-'));
    try {
      const bad = path.join(dir, 'bad.rasp');
      fs.writeFileSync(bad, 'x = indices +;\n');
      const r = runCli(['rasp', bad]);
      assert.strictEqual(r.status, 1);
      assert.match(r.stderr, /^attnsim: .*bad\.rasp:1:14: unexpected ';'\n {2}x = indices \+;\n {15}\^/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
