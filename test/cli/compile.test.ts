/** attnsim compile: size, drawings, a trace as text unless --trace-svg, and refused vocabularies. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { modelProto } from '../../src/export/onnx_proto';
import { repoRoot, runCli } from './run_cli';

const hist = path.join(repoRoot, 'examples', 'hist.rasp');

describe('attnsim compile', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-compile-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes an SVG of the model and one of the attention on an input', () => {
    const r = runCli(['compile', hist, '--sop', 'hist', '--vocab', 'a,b', '--max-len', '4', '--draw', path.join(dir, 'm.svg'),
      '--trace', 'abb', '--trace-svg', path.join(dir, 't.svg')]);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^hist: \{"layers":1,/);
    assert.match(r.stdout, /hist\("abb"\) = \[1,2,2\]\nattention drawn to .*t\.svg\n/);
    assert.match(fs.readFileSync(path.join(dir, 'm.svg'), 'utf8'), /<svg/);
    assert.match(fs.readFileSync(path.join(dir, 't.svg'), 'utf8'), /<svg/);
  });
  it('--onnx writes the model as an ONNX file and says what its input and output are', () => {
    const file = path.join(dir, 'hist.onnx');
    const r = runCli(['compile', hist, '--sop', 'hist', '--vocab', 'a,b', '--max-len', '4', '--onnx', file]);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /\nONNX model written to .*hist\.onnx: input token_ids \(indices into \["a","b"\]\), output indices into \[0,1,2,3,4\]\n$/);
    const model = modelProto().decode(fs.readFileSync(file)) as unknown as { graph: { input: { name: string }[] } };
    assert.deepStrictEqual(model.graph.input.map((i) => i.name), ['token_ids']);
  });
  it('--trace alone prints every head\'s weights as text and writes no file', () => {
    const r = runCli(['compile', hist, '--sop', 'hist', '--vocab', 'a,b', '--max-len', '4', '--trace', 'ab'], { cwd: dir });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /hist\("ab"\) = \[1,1\]\n\nlayer 0, head hist \(rows: queries, columns: keys\):\n {8}BOS {4}a {4}b\n BOS \| 1\.00/);
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });
  it('--trace-svg without --trace, and a missing --sop or --vocab, are usage errors', () => {
    const cases: [string[], string][] = [
      [['--sop', 'hist', '--vocab', 'a,b', '--trace-svg', 't.svg'], '--trace-svg needs --trace INPUT'],
      [['--vocab', 'a,b'], 'missing --sop NAME'],
      [['--sop', 'hist'], 'missing --vocab a,b,c'],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['compile', hist, ...args], { cwd: dir });
      assert.strictEqual(r.status, 2, message);
      assert.strictEqual(r.stderr.split('\n')[0], `attnsim compile: ${message}`);
    }
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });
  it('refuses an empty token and a repeated token in --vocab', () => {
    const cases: [string, string][] = [
      [',', "--vocab expects comma-separated tokens but ',' has an empty one"],
      ['a,,b', "--vocab expects comma-separated tokens but 'a,,b' has an empty one"],
      ['a,a', "--vocab lists 'a' more than once"],
    ];
    for (const [vocab, message] of cases) {
      const r = runCli(['compile', hist, '--sop', 'hist', '--vocab', vocab]);
      assert.strictEqual(r.status, 2, vocab);
      assert.strictEqual(r.stderr.split('\n')[0], `attnsim compile: ${message}`);
    }
  });
  it('a name that is not an s-op exits 2 naming --sop and listing the file\'s s-ops', () => {
    for (const name of ['same', 'nosuch']) {
      const r = runCli(['compile', hist, '--sop', name, '--vocab', 'a,b']);
      assert.strictEqual(r.status, 2);
      assert.strictEqual(r.stderr.split('\n')[0], `attnsim compile: --sop ${name}: ${hist} names no s-op '${name}'; its s-ops: hist`);
    }
  });
  it('finds a bundled example by name or by its path in the package, and refuses a missing file before any work', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-cwd-'));
    for (const file of ['hist', 'examples/hist.rasp']) {
      const r = runCli(['compile', file, '--sop', 'hist', '--vocab', 'a,b,c', '--max-len', '8', '--trace', 'abca'], { cwd });
      assert.strictEqual(r.status, 0, r.stderr);
      assert.match(r.stdout, /hist\("abca"\) = \[2,1,1,2\]/);
    }
    const missing = runCli(['compile', 'nosuch.rasp', '--sop', 'x', '--vocab', 'a'], { cwd });
    assert.strictEqual(missing.status, 2);
    assert.strictEqual(missing.stderr.split('\n')[0],
      "attnsim compile: no RASP file 'nosuch.rasp' (nor a bundled example of that name: hist, reverse, sort)");
    assert.doesNotMatch(missing.stderr, /ENOENT/);
  });
  it('refuses a --trace token outside --vocab and a --draw file in a missing folder before compiling', () => {
    const outside = runCli(['compile', hist, '--sop', 'hist', '--vocab', 'a,b', '--trace', 'abz']);
    assert.strictEqual(outside.status, 2);
    assert.strictEqual(outside.stderr.split('\n')[0], "attnsim compile: --trace has the token 'z', which is not in --vocab (a,b)");
    const long = runCli(['compile', hist, '--sop', 'hist', '--vocab', 'a,b', '--max-len', '2', '--trace', 'aba']);
    assert.strictEqual(long.stderr.split('\n')[0], 'attnsim compile: --trace has 3 tokens, more than --max-len (2)');
    const draw = path.join(dir, 'no', 'such', 'model.svg');
    const r = runCli(['compile', hist, '--sop', 'hist', '--vocab', 'a,b', '--draw', draw]);
    assert.strictEqual(r.status, 2);
    assert.strictEqual(r.stderr.split('\n')[0], `attnsim compile: --draw ${draw}: no folder '${path.dirname(draw)}' to write it in`);
    assert.strictEqual(r.stdout, ''); // nothing compiled
  });
  it('a program that does not compile exits 1 with one prefix', () => {
    const file = path.join(dir, 'square.rasp');
    fs.writeFileSync(file, 'x = (tokens == "a") + indices;\nz = x * x;\n');
    const refused = runCli(['compile', file, '--sop', 'z', '--vocab', 'a,b', '--max-len', '1000']);
    assert.strictEqual(refused.status, 1);
    assert.match(refused.stderr, /^attnsim: [^\n]*\n[\s\S]*'z'/);
    assert.doesNotMatch(refused.stderr, /attnsim: attnsim|compile: |maxSeqLen/);
    const big = runCli(['compile', hist, '--sop', 'hist', '--vocab', 'a,b', '--max-len', '2000000']);
    assert.strictEqual(big.status, 2);
    assert.match(big.stderr, /^attnsim compile: --max-len expects an integer from 1 to 1048576 but received '2000000'/);
  });
});
