/** attnsim select: usage errors name the flags (exit 2), and the help's own example parses. */
import * as assert from 'assert';
import { runCli } from './run_cli';

/** The first line of stderr after a run that must exit 2. */
function usageError(args: string[]): string {
  const r = runCli(['select', ...args]);
  assert.strictEqual(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
  return r.stderr.split('\n')[0];
}

describe('attnsim select', () => {
  it('--n too short for the offsets is a usage error naming --n and --offsets, not offsets[0]', () => {
    assert.strictEqual(usageError(['--target', 'window', '--n', '2']),
      'attnsim select: the default --offsets -2,0,3 needs --n of at least 4 (each offset between −(n−1) and n−1), but --n is 2');
    assert.strictEqual(usageError(['--target', 'window', '--n', '8', '--offsets', '-9,0', '--positional', 'onehot']),
      'attnsim select: --offsets -9,0 needs --n of at least 10 (each offset between −(n−1) and n−1), but --n is 8');
    assert.strictEqual(usageError(['--target', 'window', '--n', '8']),
      'attnsim select: the default --positional sin:6 needs K from 1 to 3 for --n 8 (K < n/2)');
    assert.strictEqual(usageError(['--target', 'importance', '--n', '4']),
      'attnsim select: --n (4) must be at least 2·--u + 1 = 9, the window\'s length');
  });
  it('refuses the flags of the other target', () => {
    assert.strictEqual(usageError(['--target', 'window', '--u', '3']), 'attnsim select: --u is for --target importance, not --target window');
    assert.strictEqual(usageError(['--target', 'importance', '--offsets', '1']),
      'attnsim select: --offsets is for --target window, not --target importance');
  });
  it('the help shows --offsets -2,0,3, and that line parses (a negative value after a flag is its value)', () => {
    assert.match(runCli(['select', '--help']).stdout, /--offsets -2,0,3/);
    const r = runCli(['select', '--target', 'window', '--n', '16', '--offsets', '-2,0,3', '--positional', 'onehot']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^window: gap Δ = /);
  });
});
