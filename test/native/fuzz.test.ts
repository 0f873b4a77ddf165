/** Fuzzing the raw addon and the public numeric API in a child process (the calls are in fuzz_script.ts). */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const script = path.join(__dirname, 'fuzz_script.js');

interface Summary {
  calls: number; valid: number; threw: number; native: boolean;
  problems: { name: string; problem: string }[]; problemCount: number;
}

/** Runs the fuzz script with a seed and returns its summary, failing if the child did not exit normally. */
function fuzz(seed: number, calls: number, env: Record<string, string> = {}): Summary {
  const run = spawnSync(process.execPath, [script, String(seed), String(calls)], {
    encoding: 'utf8', timeout: 60000, env: { ...process.env, ...env },
  });
  const out = `${run.stdout}${run.stderr}`;
  assert.strictEqual(run.signal, null, `the fuzz child died of ${run.signal}:\n${out}`);
  assert.strictEqual(run.status, 0, `the fuzz child exited with ${run.status}:\n${out}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as Summary;
}

describe('fuzz: seeded random calls of every addon export and the public API (child processes)', () => {
  for (const [seed, env] of [[1, {}], [2, {}], [3, { ATTNSIM_BACKEND: 'js' }]] as const) {
    it(`seed ${seed}${'ATTNSIM_BACKEND' in env ? ' on the fallback' : ''}: 3000 calls, every failure a coded error, every valid call succeeds`, () => {
      const s = fuzz(seed, 3000, env);
      assert.deepStrictEqual(s.problems, []);
      assert.strictEqual(s.problemCount, 0);
      assert.strictEqual(s.calls, 3000);
      assert.ok(s.threw > 1000 && s.valid > 500, `too few bad (${s.threw}) or valid (${s.valid}) calls to mean anything`);
    });
  }
});
