/** The command line, run as a user runs it: demo, rasp, repl, and its errors. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { repl } from '../../src/cli/repl';

const main = path.resolve(__dirname, '..', '..', 'src', 'cli', 'main.js');
const cli = (args: string[], input?: string) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', input });

describe('attnsim CLI', () => {
  let dir: string, file: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-cli-'));
    file = path.join(dir, 'prog.rasp');
    fs.writeFileSync(file, 'rev = aggregate(select(length - indices - 1, indices, ==), tokens);\nhalf = indices / 2;\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('demo checks direct attention against tfjs and names the backend', () => {
    const r = cli(['demo', '--n', '4', '--d', '4', '--heads', '2']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /tfjs \((wasm|cpu|tensorflow) backend, float32\)/);
    const err = Number(/max \|attnsim − tfjs\| = (\S+)/.exec(r.stdout)?.[1]);
    assert.ok(err < 1e-5, `error ${err}`);
  });
  it('rasp prints every s-op the file names on the input, with its type', () => {
    const r = cli(['rasp', file, '--input', 'abc']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(r.stdout, 'rev = [c, b, a] (strings)\nhalf = [0.0, 0.5, 1.0] (floats)\n');
  });
  it('rasp --eval --json prints one expression as JSON', () => {
    const r = cli(['rasp', file, '--eval', 'rev + "!"', '--input', 'xy', '--json']);
    assert.strictEqual(r.stdout, '["y!","x!"]\n');
  });
  it('rasp reads numeric input with --input-json and --tokens int', () => {
    const r = cli(['rasp', file, '--eval', 'tokens * 2', '--input-json', '[3, 1]', '--tokens', 'int', '--json']);
    assert.strictEqual(r.stdout, '[6,2]\n', r.stderr);
  });
  it('rasp rejects malformed --input-json and an unknown --tokens kind, naming the flag', () => {
    const bad = cli(['rasp', file, '--input-json', '[3, 1']);
    assert.strictEqual(bad.status, 1);
    assert.match(bad.stderr, /^attnsim: --input-json expects a JSON array of tokens, such as '\[3, 1, 2\]', but received '\[3, 1'$/m);
    const kind = cli(['rasp', file, '--tokens', 'ints']);
    assert.strictEqual(kind.status, 1);
    assert.match(kind.stderr, /^attnsim: --tokens expects one of str, int, float, bool, asis but received 'ints'$/m);
  });
  it('rasp reports a syntax error with file, line, column and caret, and exits 1', () => {
    const bad = path.join(dir, 'bad.rasp');
    fs.writeFileSync(bad, 'x = indices +;\n');
    const r = cli(['rasp', bad]);
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /bad\.rasp:1:14: unexpected ';'\n {2}x = indices \+;\n {15}\^/);
  });
  it('an unknown command prints the usage and exits 1', () => {
    const r = cli(['frobnicate']);
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /unknown command 'frobnicate'[\s\S]*Usage: attnsim <command>/);
  });
  it('repl shows s-ops on the example, selectors as matrices, continues unfinished input, and reports errors', async () => {
    const input = new PassThrough(), output = new PassThrough();
    let text = '';
    output.on('data', (d) => (text += String(d)));
    const done = repl(input, output);
    input.end('x = indices + 1;\nsel = select(indices, indices, <);\ndef f(a) {\n  return a * 2;\n}\nf(indices);\nnope;\n:quit\n');
    await done;
    assert.match(text, /s-op: x\n \t Example: x\("hello"\) = \[1, 2, 3, 4, 5\] \(ints\)/);
    assert.match(text, /selector: sel\n \t Example: sel\("hello"\) =\n \t \t {5}h e l l o\n \t \t h \| 0 0 0 0 0\n \t \t e \| 1 0 0 0 0/);
    assert.match(text, /console function: f\(a\)/);
    assert.match(text, /out\("hello"\) = \[0, 2, 4, 6, 8\] \(ints\)/);
    assert.match(text, /!!ignoring input:\n\t Error: <console>:1:1: Undefined variable: nope/);
  });

  it('simulate --json prints one object with the cost and the errors against direct attention and tfjs', () => {
    const r = cli(['simulate', '--n', '4', '--d', '4', '--heads', '2', '--seed', '3', '--json']);
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    for (const key of ['layers', 'heads', 'residualWidth', 'tokens', 'maxAbsErrDirect', 'maxAbsErrTfjs', 'tfjsBackend', 'seconds']) assert.ok(key in out, key);
    assert.ok(out.maxAbsErrDirect <= 1e-9, `direct error ${out.maxAbsErrDirect}`);
    assert.ok(out.maxAbsErrTfjs <= 1e-4, `tfjs error ${out.maxAbsErrTfjs} (float32 oracle on entries of magnitude ≤ 1)`);
    assert.match(out.tfjsBackend, /^(tensorflow|wasm|cpu)$/);
  });

  it('simulate --report prints the cost table beside the paper, and the formulas', () => {
    const r = cli(['simulate', '--n', '4', '--d', '4', '--heads', '2', '--report']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /\| matrix product \| 4×4 · 4×4 \| 3 \| 2, 2, 1 \|.*\| 3 layers: r \+ c heads, then r·c heads/);
    assert.match(r.stdout, /\| attention \(U\) \| n=4, d=4, heads=2 \| 15 \|/);
    assert.match(r.stdout, /13 \+ ⌈log₂ n⌉ layers/);
  });

  it('compile writes an SVG of the model and one of the attention on an input', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-compile-'));
    const file = path.join(dir, 'hist.rasp');
    fs.writeFileSync(file, 'hist = selector_width(select(tokens, tokens, ==));\n');
    const r = cli(['compile', file, '--sop', 'hist', '--vocab', 'a,b', '--max-len', '4', '--draw', path.join(dir, 'm.svg'),
      '--trace', 'abb', '--trace-svg', path.join(dir, 't.svg')]);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /hist\("abb"\) = \[1,2,2\]/);
    assert.match(fs.readFileSync(path.join(dir, 'm.svg'), 'utf8'), /^<svg[\s\S]*head: hist[\s\S]*residual \(\d+ dims\)/);
    assert.match(fs.readFileSync(path.join(dir, 't.svg'), 'utf8'), /^<svg[\s\S]*layer \d+: hist/);
  });
});
