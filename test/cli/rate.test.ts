/** attnsim rate and run-job: a run with its plot, JSON, and the same result through a job file. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const main = path.resolve(__dirname, '..', '..', 'src', 'cli', 'main.js');
const cli = (args: string[], cwd?: string) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', cwd });
const small = ['--a', '1,2', '--T', '5', '--n', '128:512', '--reps', '2'];

describe('attnsim rate and run-job', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-rate-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the theory and each estimator\'s slope, and writes the plot', () => {
    const r = cli(['rate', ...small, '--svg', 'rates.svg'], dir);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^theory: risk ~ n\^-0\.571 /);
    assert.match(r.stdout, /\nsieve +slope -\d\.\d{3} \(95 % interval/);
    assert.match(r.stdout, /\nisotropic +slope /);
    assert.match(fs.readFileSync(path.join(dir, 'rates.svg'), 'utf8'), /<svg[^>]*>[\s\S]*Excess risk against sample size/);
  });

  it('--json carries the parameters, the points and the slopes', () => {
    const r = cli(['rate', ...small, '--estimators', 'sieve', '--json'], dir);
    const out = JSON.parse(r.stdout);
    assert.deepStrictEqual(out.parameters.ns, [128, 256, 512]);
    assert.strictEqual(out.points.length, 6);
    assert.ok(out.slopes.sieve.slope < 0);
  });

  it('--emit-jobs, run-job per line and --collect give what the in-process run gives', () => {
    const one = [...small, '--reps', '1', '--estimators', 'sieve'];
    const direct = JSON.parse(cli(['rate', ...one, '--json'], dir).stdout);
    assert.strictEqual(cli(['rate', ...one, '--emit-jobs', 'jobs.jsonl'], dir).status, 0);
    const lines = fs.readFileSync(path.join(dir, 'jobs.jsonl'), 'utf8').trim().split('\n');
    const results = lines.map((_, i) => {
      const r = cli(['run-job', 'jobs.jsonl', '--index', String(i)], dir);
      assert.strictEqual(r.status, 0, r.stderr);
      return r.stdout.trim();
    });
    fs.writeFileSync(path.join(dir, 'results.jsonl'), results.join('\n'));
    // A range runs the lines in order in one process and prints the same lines.
    const range = cli(['run-job', 'jobs.jsonl', '--index', `0:${lines.length - 1}`], dir);
    assert.strictEqual(range.status, 0, range.stderr);
    assert.deepStrictEqual(range.stdout.trim().split('\n').map((l) => ({ ...JSON.parse(l), seconds: 0 })),
      results.map((l) => ({ ...JSON.parse(l), seconds: 0 })));
    assert.match(cli(['run-job', 'jobs.jsonl', '--index', `1:0`], dir).stderr, /--index expects I:J with 0 ≤ I ≤ J ≤ 2 but received '1:0'/);
    const collected = JSON.parse(cli(['rate', ...one, '--collect', 'results.jsonl', '--json'], dir).stdout);
    assert.deepStrictEqual(collected.slopes, direct.slopes);
    // Each result records its target: collected with other target flags (or the defaults), the results are refused.
    for (const [flags, field] of [[['--a', '1,3'], 'a: [1,2] in the result, [1,3] from the flags'],
      [[], 'a: [1,2] in the result, [1,2,4,8] from the flags']] as const) {
      const other = cli(['rate', ...flags, '--T', '5', '--n', '128:512', '--estimators', 'sieve', '--collect', 'results.jsonl'], dir);
      assert.strictEqual(other.status, 2);
      assert.strictEqual(other.stderr.split('\n')[0], 'attnsim rate: --collect results.jsonl:1: the result was made for another ' +
        `target than the flags describe (${field}); give the target flags its jobs were emitted with`);
    }
  });

  it('--offsets makes a window target, on which the transformer and the MLP run too', () => {
    const r = cli(['rate', '--a', '1,2', '--T', '3', '--offsets=-1,1', '--n', '16:32', '--reps', '1', '--estimators', 'transformer,mlp', '--json'], dir);
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepStrictEqual(out.parameters.target.window, { N: 8, d: 1, offsets: [-1, 1] });
    assert.deepStrictEqual(out.points.map((p: { estimator: string }) => p.estimator), ['transformer', 'transformer', 'mlp', 'mlp']);
  });

  it('the transformer without --offsets learns the window whose tokens are the coordinates of --a, and says so', () => {
    const r = cli(['rate', '--a', '1,2', '--T', '3', '--n', '16:32', '--reps', '1', '--estimators', 'sieve,transformer', '--json'], dir);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stderr, /using the window target with offsets -1,0 \(one token per coordinate of --a\) in sequences of 6/);
    assert.deepStrictEqual(JSON.parse(r.stdout).parameters.target.window, { N: 6, d: 1, offsets: [-1, 0] });
  });

  it('--figure dimension, reduced: the JSON is { figure, theory: { slope }, estimators: { NAME: { slope, ci, trend } } }', () => {
    const r = cli(['rate', '--figure', 'dimension', '--n', '256:512', '--reps', '1', '--windows', '4,8', '--estimators', 'knn', '--json',
      '--svg', 'figure.svg'], dir);
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.strictEqual(out.figure, 'dimension');
    assert.ok(Math.abs(out.theory.slope + 4 / 7) < 1e-12, String(out.theory.slope));
    assert.deepStrictEqual(out.run, { ns: [256, 512], reps: 1, windows: [4, 8], estimators: ['knn'], arms: ['window'],
      repetitions: { 256: 1, 512: 1 }, cells: { knn: { 256: 2, 512: 2 } } });
    const knn = out.estimators.knn;
    assert.ok(knn.ci[0] <= knn.slope && knn.slope <= knn.ci[1] && knn.trend.ci[0] <= knn.trend.slope, JSON.stringify(knn));
    assert.strictEqual(out.points.length, 4);
    assert.match(fs.readFileSync(path.join(dir, 'figure.svg'), 'utf8'), /<svg[^>]*>[\s\S]*against W \(n = 512\)/);
  });

  it('--figure with --emit-jobs writes one figure job per cell; --collect summarises result lines from several files', () => {
    const r = cli(['rate', '--figure', 'importance', '--n', '256:512', '--reps', '2', '--estimators', 'oracle', '--emit-jobs', 'fig.jsonl'], dir);
    assert.strictEqual(r.status, 0, r.stderr);
    const jobs = fs.readFileSync(path.join(dir, 'fig.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.strictEqual(jobs.length, 3 * 2 * 2, 'arms × n × reps');
    assert.deepStrictEqual(jobs[3].arm.target.a, ['Infinity', 1, 'Infinity', 2], 'a_i = ∞ travels as the string Infinity');
    assert.deepStrictEqual(Object.keys(jobs[0]).sort(), ['W', 'arm', 'estimator', 'figure', 'n', 'rep', 'spacing']);
    assert.strictEqual(jobs[0].spacing, 16, 'the importance figure labels positions 0, 16, 32, 48');
    // Result lines as run-job prints them, with risks on exact power laws: window n^-0.5, importance n^-0.7, split in two
    // files, one cell twice (the last line counts).
    const point = (arm: string, n: number, rep: number, slope: number) =>
      JSON.stringify({ arm, estimator: 'oracle', W: 4, n, rep, risk: (1 + rep) * n ** slope, seconds: 1, detail: '' });
    const cells = [256, 512, 1024].flatMap((n) => [0, 1].flatMap((rep) => [point('window', n, rep, -0.5), point('importance', n, rep, -0.7)]));
    fs.writeFileSync(path.join(dir, 'a.jsonl'), [point('window', 256, 0, 3), ...cells.slice(0, 5)].join('\n'));
    fs.writeFileSync(path.join(dir, 'b.jsonl'), cells.slice(5).join('\n') + '\n');
    const c = cli(['rate', '--figure', 'importance', '--collect', 'a.jsonl,b.jsonl', '--json'], dir);
    assert.strictEqual(c.status, 0, c.stderr);
    const out = JSON.parse(c.stdout), oracle = out.estimators.oracle;
    // Tolerance 1e-9: least squares on exact power laws recovers their exponents up to rounding.
    assert.ok(Math.abs(oracle.arms.window.slope + 0.5) < 1e-9 && Math.abs(oracle.arms.importance.slope + 0.7) < 1e-9, JSON.stringify(oracle.arms));
    assert.ok(Math.abs(oracle.differences['importance − window'].slope + 0.2) < 1e-9);
    assert.deepStrictEqual(out.run.cells, { oracle: { 256: 4, 512: 4, 1024: 4 } });
    assert.deepStrictEqual(out.run.ns, [256, 512, 1024]);
    const reduced = JSON.parse(cli(['rate', '--figure', 'importance', '--collect', 'a.jsonl,b.jsonl', '--n', '512:1024', '--json'], dir).stdout);
    assert.deepStrictEqual(reduced.run.ns, [512, 1024]);
    fs.writeFileSync(path.join(dir, 'bad.jsonl'), `${cells[0]}\n${cells[1].replace('"importance"', '"elsewhere"')}\n`);
    for (const [file, message] of [['bad.jsonl', /--collect bad\.jsonl:2: not a point of the importance figure \(expected .* for point\.arm but received/],
      ['a.jsonl', /--collect a\.jsonl: expected points at two or more n \(a slope needs two\) but received none/]] as const) {
      const bad = cli(['rate', '--figure', 'importance', '--collect', file, ...(file === 'a.jsonl' ? ['--n', '1024:2048'] : [])], dir);
      assert.strictEqual(bad.status, 2, bad.stderr);
      assert.match(bad.stderr, message);
    }
  });

  it('--importance with --weights, --a inf and --margin: the oracle runs, the margin\'s fixed fraction is printed', () => {
    const r = cli(['rate', '--importance', '2:2', '--token-dim', '2', '--weights', '1,0', '--a', 'inf,1,inf,2', '--T', '4',
      '--margin', '0.05', '--seq-len', '16', '--n', '16:32', '--reps', '2', '--estimators', 'oracle'], dir);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /\noracle +slope /);
    assert.match(r.stdout, /\nmargin: \d+\.\d % of the training windows broke it as first drawn and were redrawn/);
  });

  it('warns on stderr about a non-summable a-sequence, with the code', () => {
    const r = cli(['rate', '--a', '1,2,3,4,5,6,7,8', '--T', '2', '--n', '16:32', '--reps', '1', '--estimators', 'sieve'], dir);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning ATTNSIM_W_NOT_SUMMABLE: a_i grows like i\^1\.00/);
  });

  it('refuses bad flags with exit 2, naming the flag', () => {
    for (const [args, message] of [[['--n', '100:200'], /--n expects A:B, powers of two/], [['--a', '1,-2'], /--a expects/],
      [['--estimators', 'boost'], /--estimators expects distinct names from sieve, isotropic, oracle, transformer, mlp/], [['--bogus'], /unknown option --bogus/],
      [['--seq-len', '8'], /give --offsets or --importance too/], [['--importance', '2'], /--importance expects U:k/],
      [['--margin', '0.1'], /--margin and --weights describe an importance target/], [['--figure', 'other'], /--figure expects one of dimension, importance/],
      [['--figure', 'dimension', '--a', '1'], /--figure fixes its own target: drop --a/], [['--windows', '4'], /--windows goes with --figure/],
      [['--figure', 'importance', '--estimators', 'kernel-ridge'], /the importance figure has .*, not 'kernel-ridge'/]] as const) {
      const r = cli(['rate', ...args], dir);
      assert.strictEqual(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
    }
    assert.strictEqual(cli(['run-job', 'missing.jsonl'], dir).status, 1);
  });

  it('--collect refuses a line that is JSON but not a trial result (deeply nested arrays, an object n), naming line and field', () => {
    fs.writeFileSync(path.join(dir, 'deep.jsonl'), `${'['.repeat(50000)}${']'.repeat(50000)}\n`);
    fs.writeFileSync(path.join(dir, 'odd.jsonl'), '{"estimator":"sieve","n":{"a":[[1]]},"rep":0,"risk":1}\n');
    for (const [file, message] of [['deep.jsonl', /^attnsim: deep\.jsonl:1: not a trial result line \(expected a trial result object for result but received an array/],
      ['odd.jsonl', /^attnsim: odd\.jsonl:1: not a trial result line \(expected an integer for result\.n but received an object/]] as const) {
      const r = cli(['rate', '--collect', file, '--a', '1,2'], dir);
      assert.strictEqual(r.status, 1, r.stderr);
      assert.match(r.stderr, message);
    }
  });

  it('refuses a device, a folder or a missing file at once (exit 1) instead of reading forever', () => {
    // Before the bounded reader, run-job /dev/zero read 3.8 GB in 15 s and never stopped.
    for (const [args, message] of [
      [['run-job', '/dev/zero'], /^attnsim: \/dev\/zero is not a regular file \(a folder, device or FIFO\)\n$/],
      [['run-job', '.'], /^attnsim: \. is not a regular file/],
      [['run-job', 'missing.jsonl'], /^attnsim: missing\.jsonl: no such file\n$/],
      [['rate', '--collect', '/dev/zero'], /^attnsim: \/dev\/zero is not a regular file/],
      [['rasp', '/dev/zero'], /^attnsim: \/dev\/zero is not a regular file/],
      [['compile', '/dev/zero', '--sop', 'x', '--vocab', 'a'], /^attnsim: \/dev\/zero is not a regular file/],
    ] as const) {
      const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', cwd: dir, timeout: 30000 });
      assert.strictEqual(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});
