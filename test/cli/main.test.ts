/** The command line's contract: usage and --help, --version, exit 2 for a bad command line, 1 when the work fails. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, runCli } from './run_cli';

const commands = ['simulate', 'rasp', 'compile', 'repl', 'demo'];

describe('attnsim (main)', () => {
  it('bare attnsim prints the usage on stderr and exits 2', () => {
    const r = runCli([]);
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /^attnsim: missing command\n\nUsage: attnsim <command> \[options\]/);
    for (const c of commands) assert.match(r.stderr, new RegExp(`^  ${c} `, 'm'));
  });
  it('--help and -h print the usage on stdout and exit 0; --version prints the version', () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = runCli([flag]);
      assert.strictEqual(r.status, 0, flag);
      assert.match(r.stdout, /^Usage: attnsim <command>[\s\S]*Exit status: 0 on success, 1 when the work fails/);
    }
    const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
    const r = runCli(['--version']);
    assert.deepStrictEqual([r.status, r.stdout], [0, `${version}\n`]);
  });
  it('every command prints its own usage with --help and -h, exit 0', () => {
    for (const [c, flag] of commands.map((c, i) => [c, i === 0 ? '-h' : '--help'])) {
      const r = runCli([c, flag]);
      assert.strictEqual(r.status, 0, `${c} ${flag}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Usage: attnsim ${c}\\b[\\s\\S]*-h, --help`), `${c} ${flag}`);
    }
    assert.match(runCli(['help', 'compile']).stdout, /^Usage: attnsim compile FILE\.rasp/);
  });
  it('an unknown command exits 2 with the usage', () => {
    const r = runCli(['frobnicate']);
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /^attnsim: unknown command 'frobnicate'\n\nUsage: attnsim <command>/);
  });
  it('unknown flags and extra positionals exit 2 with that command\'s usage', () => {
    const cases: [string[], RegExp][] = [
      [['simulate', '--nn', '4'], /^attnsim simulate: unknown option --nn \(did you mean --n\?\)\n\nUsage: attnsim simulate /],
      [['compile', 'f.rasp', '--max-lenn', '4'], /^attnsim compile: unknown option --max-lenn \(did you mean --max-len\?\)\n/],
      [['simulate', '--bogus', '3'], /^attnsim simulate: unknown option --bogus\n\nUsage: attnsim simulate /],
      [['simulate', 'extra'], /^attnsim simulate: unexpected argument 'extra'\n\nUsage: attnsim simulate /],
      [['repl', 'x'], /^attnsim repl: unexpected argument 'x'\n\nUsage: attnsim repl/],
      [['rasp', 'a.rasp', 'b.rasp'], /^attnsim rasp: unexpected argument 'b\.rasp'\n\nUsage: attnsim rasp /],
      [['rasp', '--json'], /^attnsim rasp: --json needs FILE\.rasp \(without a file, attnsim rasp starts the REPL\)\n\nUsage: attnsim rasp /],
      [['demo', '-x'], /^attnsim demo: unknown option -x\n\nUsage: attnsim demo/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      assert.strictEqual(r.status, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.strictEqual(r.stdout, '');
    }
  });
  it('booleans are flags, values are required: the error names the flag', () => {
    const cases: [string[], string][] = [
      [['simulate', '--json=1'], '--json is a flag and takes no value'],
      [['simulate', '--n'], '--n needs a value'],
      [['simulate', '--n', '--json'], "--n needs a value (write --n=VALUE for a value that starts with '-')"],
      [['simulate', '--n', '0'], "--n expects an integer from 1 to 4096 but received '0'"],
      [['simulate', '--d', '4', '--heads', '3'], '--heads (3) must divide --d (4)'],
      [['simulate', '--seed', '1.5'], "--seed expects an integer from 0 to 2147483647 but received '1.5'"],
      [['demo', '--n', 'many'], "--n expects an integer from 1 to 4096 but received 'many'"],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      assert.strictEqual(r.status, 2, args.join(' '));
      assert.strictEqual(r.stderr.split('\n')[0], `attnsim ${args[0]}: ${message}`);
      assert.doesNotMatch(r.stderr, /seqLen|dModel|attnsim: attnsim/);
    }
  });
  it('a failure of the work exits 1 with one attnsim: prefix', () => {
    const r = runCli(['rasp', path.join(repoRoot, 'examples', 'reverse.rasp'), '--eval', 'nope']);
    assert.strictEqual(r.status, 1);
    assert.strictEqual(r.stderr, 'attnsim: --eval:1:1: Undefined variable: nope\n');
  });
});
