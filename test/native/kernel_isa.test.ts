/** The fused attention kernel's AVX-512, AVX2 and scalar builds agree (each run in a child capped by ATTNSIM_KERNEL_ISA). */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { testedBackends } from '../helpers/backends';

const index = path.resolve(__dirname, '..', '..', 'src', 'index.js');

/** Attention outputs (float32 and float64, plain and causal, shapes over tile and block edges) as the child computes them. */
const body = `const lib = require(${JSON.stringify(index)});
lib.setBackend('native');
const out = { isa: lib.backendInfo().native ? require(${JSON.stringify(path.resolve(__dirname, '..', '..', 'src', 'native', 'load.js'))}).loadNative().binding._kernelIsa() : 'none', runs: [] };
for (const dtype of ['float32', 'float64']) {
  for (const [n, d, heads, dOut, causal] of [[1, 4, 1, 4, false], [13, 24, 3, 5, true], [300, 32, 4, 32, false], [600, 16, 2, 8, true]]) {
    const r = (rows, cols, s) => lib.Matrix.random(rows, cols, { seed: s, dtype });
    const y = lib.attention({ x: r(n, d, 1), wq: r(d, d, 2), wk: r(d, d, 3), wv: r(d, d, 4), wo: r(d, dOut, 5), heads, causal });
    out.runs.push(Array.from(y.data));
  }
}
console.log(JSON.stringify(out));`;

function run(isa: string | undefined): { isa: string; runs: number[][] } {
  const env = { ...process.env };
  if (isa === undefined) delete env.ATTNSIM_KERNEL_ISA;
  else env.ATTNSIM_KERNEL_ISA = isa;
  const child = spawnSync(process.execPath, ['-e', body], { encoding: 'utf8', env, timeout: 60000 });
  assert.strictEqual(child.status, 0, child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '');
}

if (testedBackends().includes('native')) describe('the fused attention kernel builds (child processes)', () => {
  it('ATTNSIM_KERNEL_ISA caps the build, and the capped builds give the best build\'s outputs', () => {
    const best = run(undefined), avx2 = run('avx2'), scalar = run('scalar');
    assert.strictEqual(scalar.isa, 'scalar');
    assert.ok(['avx2-fma', 'scalar'].includes(avx2.isa), avx2.isa);
    for (const other of [avx2, scalar]) {
      other.runs.forEach((ys, k) => ys.forEach((y, i) => {
        // float32 rows first (4 shapes), then float64: sums in another order, and the vector exp (≤ 1.5e-7 relative,
        // 4.5e-16 in float64) against std::exp; outputs are O(1) to O(10), so 2e-4 and 1e-11 absolute hold with room.
        const tol = k < 4 ? 2e-4 : 1e-11;
        assert.ok(Math.abs(y - best.runs[k][i]) <= tol * Math.max(1, Math.abs(y)), `${other.isa} run ${k}[${i}]: ${y} vs ${best.runs[k][i]}`);
      }));
    }
  });
});
