/** attnsim theory (rate, C_mix, network size, the window extractor beside it) and attnsim rate --p / --theta. */
import * as assert from 'assert';
import { runCli } from './run_cli';

describe('attnsim theory', () => {
  it('prints the class, the rate, its conditions, the level-T sizes and the window extractor beside them', () => {
    const r = runCli(['theory', '--a', '1,2', '--T', '12', '--offsets=-3,2']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^class: anisotropic a = 1,2, p = 2, θ = 2: a† = 0\.6667, v = 0\.000\nrate: risk ≲ n\^-0\.5714\n/);
    assert.match(r.stdout, /\nlevel T = 12\.00 \(from --T\): error ≤ 0\.0002441\n  G\(T\) = 257985 basis functions on 2 active/);
    assert.match(r.stdout, /\n  heads: 2 \(.*\) \[counted\]\n/);
    assert.match(r.stdout, /\n  depth: O\(T·log₂\(2·d_max\)\) = O\(24\).*\[order only\]\n/);
    assert.match(r.stdout, /\nwindow extractor \(offsets -3,2, N = 64, one-hot code of period 8\): 2 heads, \d+ parameters, largest weight 1\n$/);
    assert.strictEqual(r.stderr, '');
  });

  it('--json, mixed with p = 1 and θ = inf at a sample size: v, C_mix, the log factor and the coded warnings', () => {
    const r = runCli(['theory', '--kind', 'mixed', '--a', '1,3', '--p', '1', '--theta', 'inf', '--n', '16384', '--json']);
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepStrictEqual([out.rate.v, out.rate.exponent, out.rate.theta], [0.5, 0.5, 'Infinity']);
    assert.ok(Math.abs(out.rate.logFactor.power - 0.5) < 1e-12);
    assert.ok(Math.abs(out.networkSize.T - 7) < 1e-12, 'a†·log₂ n/(2(a†−v)+1) = 14/2');
    assert.ok(Math.abs(out.networkSize.cMix - 8 / 3) < 1e-12);
    assert.match(r.stderr, /warning ATTNSIM_W_THETA_LOG: .*\n.*warning ATTNSIM_W_P_BELOW_2: p = 1 < 2/);
  });

  it('refuses bad flags (exit 2) and a class outside the theory (exit 1), in the flags\' terms', () => {
    for (const [args, message] of [[['--p', '0.5'], /--p expects a number ≥ 1 or inf/], [['--theta', 'x'], /--theta expects a number ≥ 1/],
      [['--T', '3', '--n', '100'], /--T, --epsilon and --n exclude each other \(received --T, --n\)/], [['--epsilon', '-1'], /--epsilon expects a positive number/],
      [['--seq-len', '32'], /--seq-len goes with --offsets/], [['--a', '1,2', '--offsets', '1'], /--offsets expects 2 comma-separated integers/],
      [['--kind', 'cubic'], /--kind expects one of anisotropic, mixed/]] as const) {
      const r = runCli(['theory', ...args]);
      assert.strictEqual(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
    }
    const outside = runCli(['theory', '--kind', 'mixed', '--a', '0.5,3', '--p', '1']);
    assert.strictEqual(outside.status, 1);
    assert.match(outside.stderr, /^attnsim: the rate needs a† > v = \(1\/p − 1\/2\)₊, but a† = 0\.5000 and v = 0\.5000 for p = 1/);
    const eps = runCli(['theory', '--epsilon', '2']);
    assert.strictEqual(eps.status, 1);
    assert.match(eps.stderr, /^attnsim: expected an accuracy --epsilon in \(0, 1\) but received 2/);
  });
});

describe('attnsim rate --p / --theta', () => {
  it('sets the theory\'s slope and records p in the jobs; --figure refuses them', () => {
    const r = runCli(['rate', '--a', '1,2', '--T', '3', '--p', '1', '--n', '16:32', '--reps', '1', '--estimators', 'sieve', '--json']);
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.strictEqual(out.parameters.target.p, 1);
    assert.ok(Math.abs(out.theory.slope + 0.25) < 1e-12, 'a† = 2/3, v = 1/2: −(1/3)/(4/3)');
    assert.match(r.stderr, /warning ATTNSIM_W_P_BELOW_2/);
    const figure = runCli(['rate', '--figure', 'dimension', '--theta', '3']);
    assert.strictEqual(figure.status, 2);
    assert.match(figure.stderr, /--figure fixes its own target: drop --theta/);
    assert.match(runCli(['rate', '--p', '0']).stderr, /--p expects a number ≥ 1 or inf/);
  });
});
