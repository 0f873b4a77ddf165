/** attnsim simulate: a conclusion true for the run, the run's parameters in --json, --report with --causal and --json. */
import * as assert from 'assert';
import { runCli } from './run_cli';

describe('attnsim simulate', () => {
  it('--json prints one object with the parameters, the cost and the errors against direct attention and tfjs', () => {
    const r = runCli(['simulate', '--n', '4', '--d', '4', '--heads', '2', '--seed', '3', '--json']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(r.stderr, '', 'no progress bar when stderr is not a terminal');
    const out = JSON.parse(r.stdout);
    assert.deepStrictEqual(
      [out.n, out.d, out.heads, out.dHead, out.seed, out.mode, out.causal, out.coldness], [4, 4, 2, 2, 3, 'hard', false, null]);
    for (const key of ['layers', 'headsPerLayer', 'residualWidth', 'tokens', 'maxAbsErrDirect', 'maxAbsErrTfjs', 'buildSeconds', 'runSeconds']) {
      assert.ok(key in out, key);
    }
    assert.ok(out.maxAbsErrDirect <= 1e-9, `direct error ${out.maxAbsErrDirect}`);
    assert.ok(out.maxAbsErrTfjs <= 1e-4, `tfjs error ${out.maxAbsErrTfjs} (float32 oracle on entries of magnitude ≤ 1)`);
    assert.match(out.tfjsBackend, /^(tensorflow|wasm|cpu)$/);
  });
  it('hard attention: states exactness up to rounding, with the scale as 1/√dHead', () => {
    const r = runCli(['simulate', '--n', '4', '--d', '4', '--heads', '2']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /computed attention for this X and these weights:\n {2}attention\(X\) = concat_h\(softmax\(S_h\)·X·Wv_h\)·Wo, {2}S_h = X·Wq_h·\(X·Wk_h\)ᵀ\/√dHead, {2}dHead = d\/heads = 2\n/);
    assert.match(r.stdout, /Its error against float64 attention is rounding only \(≤ 1e-9\); against tfjs it is float32 rounding \(≤ 5\.7e-6 here\)\.\n$/);
  });
  it('softmax heads at coldness 5 with --causal: reports the error it measured and the causal formula, claims no exactness', () => {
    const r = runCli(['simulate', '--n', '4', '--d', '4', '--heads', '2', '--attention', 'softmax', '--coldness', '5', '--causal']);
    assert.strictEqual(r.status, 0, r.stderr);
    const err = Number(/max error against direct attention \(float64\): abs (\S+),/.exec(r.stdout)?.[1]);
    assert.ok(err > 1e-3, `coldness 5 leaves a visible error, got ${err}`);
    assert.match(r.stdout, /\(softmax heads at coldness 5\)/);
    assert.match(r.stdout, /approximated attention[\s\S]*softmax\(mask\(S_h\)\)[\s\S]*mask: query i sees keys j ≤ i/);
    assert.ok(r.stdout.includes(`Its output is off by up to ${err.toExponential(2)} from float64 attention: its softmax heads`));
    assert.doesNotMatch(r.stdout, /rounding only/);
  });
  it('--json with softmax carries mode and coldness', () => {
    const r = runCli(['simulate', '--n', '2', '--d', '2', '--heads', '1', '--attention', 'softmax', '--coldness', '50', '--json']);
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepStrictEqual([out.mode, out.coldness, out.heads], ['softmax', 50, 1]);
  });
  it('--coldness without --attention softmax and an unknown mode are usage errors', () => {
    const a = runCli(['simulate', '--coldness', '5']);
    assert.strictEqual(a.status, 2);
    assert.match(a.stderr, /^attnsim simulate: --coldness needs --attention softmax\n/);
    const b = runCli(['simulate', '--attention', 'soft']);
    assert.strictEqual(b.status, 2);
    assert.match(b.stderr, /^attnsim simulate: --attention expects one of hard, softmax but received 'soft'\n/);
  });
  it('--report prints the cost table beside the paper, and the formulas', () => {
    const r = runCli(['simulate', '--n', '4', '--d', '4', '--heads', '2', '--report']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /\| matrix product \| 4×4 · 4×4 \| 3 \| 2, 2, 1 \|.*\| 3 layers: r \+ c heads, then r·c heads/);
    assert.match(r.stdout, /\| attention \(U\) \| n=4, d=4, heads=2 \| 15 \|/);
    assert.match(r.stdout, /13 \+ ⌈log₂ n⌉ layers/);
  });
  it('--report --causal shows causal U (one more layer); --report --json is one JSON object', () => {
    const r = runCli(['simulate', '--n', '4', '--d', '4', '--heads', '2', '--report', '--causal']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Cost of U \(causal\)/);
    assert.match(r.stdout, /\| attention \(U\) \| n=4, d=4, heads=2, causal \| 16 \|/);
    const j = runCli(['simulate', '--n', '4', '--d', '4', '--heads', '2', '--report', '--json', '--causal']);
    const out = JSON.parse(j.stdout), u = out.rows.find((row: { operation: string }) => row.operation === 'attention (U)');
    assert.deepStrictEqual([out.n, out.causal, u.shape, u.cost.layers], [4, true, 'n=4, d=4, heads=2, causal', 16]);
  });
  it('a coldness beyond 1e100 is a usage error naming --coldness, not an overflow inside the softmax', () => {
    const r = runCli(['simulate', '--n', '4', '--d', '4', '--attention', 'softmax', '--coldness', '1e308']);
    assert.strictEqual(r.status, 2);
    assert.strictEqual(r.stderr.split('\n')[0], "attnsim simulate: --coldness expects a positive number at most 1e+100 but received '1e308'");
    assert.doesNotMatch(r.stderr, /softmaxRows|Infinity/);
  });
});
