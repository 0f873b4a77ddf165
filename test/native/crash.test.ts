/** Calls that once crashed or aborted Node, each run in a child process: the child must exit normally. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { testedBackends } from '../helpers/backends';

/** The built package entry and the addon's loader, as the child requires them. */
const dist = path.resolve(__dirname, '..', '..', 'src');

/**
 * Runs `body` (JavaScript with `lib` = the package and `addon` = the raw binding) in a child Node, under
 * a virtual-memory limit in KiB when `limitKiB` is given (through bash's ulimit -v).
 */
function child(body: string, env: Record<string, string> = {}, limitKiB = 0): { status: number | null; signal: string | null; out: string } {
  const prelude = `const lib = require(${JSON.stringify(path.join(dist, 'index.js'))});
const { loadNative } = require(${JSON.stringify(path.join(dist, 'native', 'load.js'))});
const loaded = loadNative(); const addon = loaded.binding;
const code = (e) => (e && typeof e.code === 'string' ? e.code : 'UNCODED ' + (e && e.name) + ': ' + (e && e.message));
`;
  return bare(`${prelude}${body}`, env, limitKiB);
}

/** Runs `body` as child() does, without the prelude: the child's main thread never loads the package. */
function bare(body: string, env: Record<string, string> = {}, limitKiB = 0): ReturnType<typeof child> {
  const code = `(async () => {\n${body}\n})().catch((e) => { console.log('FAILED', e); process.exitCode = 3; });`;
  const options = { encoding: 'utf8' as const, timeout: 60000, env: { ...process.env, ...env } };
  const result = limitKiB > 0
    ? spawnSync('bash', ['-c', `ulimit -v ${limitKiB} && exec "$0" -e "$1"`, process.execPath, code], options)
    : spawnSync(process.execPath, ['-e', code], options);
  return { status: result.status, signal: result.signal, out: `${result.stdout}${result.stderr}` };
}

/** Asserts the child exited with status 0 and printed exactly `expected` (one line per value). */
function expectOutput(run: ReturnType<typeof child>, expected: string[]): void {
  assert.strictEqual(run.signal, null, `the child died of ${run.signal}:\n${run.out}`);
  assert.strictEqual(run.status, 0, `the child exited with ${run.status}:\n${run.out}`);
  assert.deepStrictEqual(run.out.trim().split('\n'), expected);
}

const native = testedBackends().includes('native');
/** Under AddressSanitizer (npm run test:asan) a virtual-memory limit cannot be set: its shadow memory alone reserves terabytes. */
const sanitized = /libasan/.test(process.env.LD_PRELOAD ?? '');

describe('no input crashes or aborts the process (child processes)', () => {
  it('attention with an empty wo (1×0) gives a 2×0 output, sync and async', () => {
    const run = child(`const { Matrix, attention, attentionAsync } = lib;
const one = Matrix.from([[1]]);
const input = { x: Matrix.from([[1], [2]]), wq: one, wk: one, wv: one, wo: Matrix.zeros(1, 0) };
const y = attention(input), z = await attentionAsync(input);
console.log(y.rows, y.cols, z.rows, z.cols);`);
    expectOutput(run, ['2 0 2 0']);
  });
  it('attention on more than 2^20 tokens (n² scores that would take hours) is refused with ERR_ATTNSIM_TOO_LARGE, sync and async', () => {
    const run = child(`const { Matrix, attention, attentionAsync } = lib;
const w = Matrix.random(1, 1, { seed: 1 }), input = { x: Matrix.zeros(2 ** 20 + 1, 1), wq: w, wk: w, wv: w };
try { attention(input); console.log('no error'); } catch (e) { console.log(code(e), e.message); }
try { await attentionAsync(input); console.log('no error'); } catch (e) { console.log(code(e)); }`);
    expectOutput(run, ['ERR_ATTNSIM_TOO_LARGE attention: expected x to have at most 1048576 rows (tokens, 2^20) but received 1048577: ' +
      'its n² attention scores would take hours', 'ERR_ATTNSIM_TOO_LARGE']);
  });
  it('the fallback backend refuses the same attention and a 100000×1 · 1×100000 matmul with ERR_ATTNSIM_TOO_LARGE', () => {
    const run = child(`const { Matrix, attention, matmul, setBackend } = lib;
setBackend('js');
const w = Matrix.random(8, 8, { seed: 1 });
try { attention({ x: Matrix.random(100000, 8, { seed: 2 }), wq: w, wk: w, wv: w }); } catch (e) { console.log(code(e)); }
try { matmul(Matrix.zeros(100000, 1), Matrix.zeros(1, 100000)); } catch (e) { console.log(code(e)); }`);
    expectOutput(run, ['ERR_ATTNSIM_TOO_LARGE', 'ERR_ATTNSIM_TOO_LARGE']);
  });
  it('a 100000×1 · 1×100000 matmul is refused with ERR_ATTNSIM_TOO_LARGE even when the budget is raised', () => {
    const run = child(`const { Matrix, matmul, setMemoryBudget } = lib;
try { matmul(Matrix.zeros(100000, 1), Matrix.zeros(1, 100000)); } catch (e) { console.log(code(e)); }
setMemoryBudget(2 ** 60);
try { matmul(Matrix.zeros(100000, 1), Matrix.zeros(1, 100000)); } catch (e) { console.log(code(e), e.message); }`);
    expectOutput(run, ['ERR_ATTNSIM_TOO_LARGE', 'ERR_ATTNSIM_TOO_LARGE matmul: a 100000×100000 float64 matrix has more than 2147483647 entries']);
  });
});

if (native) describe('the raw addon survives misuse (child processes)', () => {
  it('attention with an empty wo writes nothing past out, and dV = 0 writes zeros into out', () => {
    const run = child(`const f = (n) => new Float64Array(n);
const arena = new Float64Array(8).fill(5), out = arena.subarray(0, 0), after = arena.subarray(0, 8);
addon.attention(new Float64Array([1, 2]), new Float64Array([1]), new Float64Array([1]), new Float64Array([1]), f(0), out, 2, 1, 1, 1, 0, 1, false, 1);
console.log(Array.from(after).join(','));
const stale = new Float64Array([9, 9, 9, 9, 9, 9]);
addon.attention(new Float64Array([1, 2]), new Float64Array([1]), new Float64Array([1]), f(0), f(0), stale, 2, 1, 1, 0, 3, 1, false, 1);
console.log(Array.from(stale).join(','));`);
    expectOutput(run, ['5,5,5,5,5,5,5,5', '0,0,0,0,0,0']);
  });
  it('attention with every array empty and dOut = 0 returns at once for n = 100,000; n above 2^20 is refused', () => {
    // Without the early return this does O(n²) work for an n×0 result (over a minute; the child's timeout is 60 s).
    const run = child(`const n = 100000, f = (k) => new Float64Array(k);
addon.attention(f(0), f(0), f(0), f(0), f(0), f(0), n, 0, 0, 1, 0, 1, false, 1);
await addon.attentionAsync(f(0), f(0), f(0), f(0), f(0), f(0), n, 0, 0, 1, 0, 1, false, 1);
console.log('returned');
const big = 2 ** 20 + 1;
try { addon.attention(f(0), f(0), f(0), f(big), null, f(big), big, 0, 0, 1, 1, 1, false, 1); console.log('no error'); } catch (e) { console.log(code(e), e.message); }`);
    expectOutput(run, ['returned', 'ERR_ATTNSIM_TOO_LARGE attention: expected n (1048577) to be at most 1048576 tokens (2^20): ' +
      'its n² attention scores would take hours']);
  });
  it('attention whose work arrays exceed the machine (100000 rows, dModel 2^30) is refused with a coded error, sync and async', () => {
    // dIn = 0 keeps every input empty while Q alone would be 100000 × 2^30 values, whatever the kernel.
    const run = child(`const n = 100000, f = (k) => new Float64Array(k);
const args = [f(0), f(0), f(0), f(0), null, f(n), n, 0, 2 ** 30, 1, 1, 1, false, 1];
try { addon.attention(...args); console.log('no error'); } catch (e) { console.log(code(e)); }
try { await addon.attentionAsync(...args); console.log('no error'); } catch (e) { console.log(code(e)); }`);
    expectOutput(run, ['ERR_ATTNSIM_TOO_LARGE', 'ERR_ATTNSIM_TOO_LARGE']);
  });
  if (!sanitized) it('an allocation that fails inside the addon (std::bad_alloc) is ERR_ATTNSIM_TOO_LARGE, sync and async', () => {
    // Q is 512 × 2^20 doubles (4 GiB, more than the 4,000,000 KiB limit, less than the machine): the allocation itself fails.
    const run = child(`const n = 512, f = (k) => new Float64Array(k), args = [f(0), f(0), f(0), f(0), null, f(n), n, 0, 2 ** 20, 1, 1, 1, false, 1];
const oom = /^attention: out of memory: a work array could not be allocated$/;
try { addon.attention(...args); console.log('no error'); } catch (e) { console.log(code(e), oom.test(e.message) || e.message); }
try { await addon.attentionAsync(...args); console.log('no error'); } catch (e) { console.log(code(e), oom.test(e.message) || e.message); }`, {}, 4000000);
    // On a machine with less than the 8 GiB the work arrays take, the addon refuses them before allocating instead.
    const refusedEarly = os.totalmem() < 12 * 2 ** 30 ? /^ERR_ATTNSIM_TOO_LARGE attention: the attention's work arrays/ : /^$/;
    const lines = run.out.trim().split('\n');
    assert.strictEqual(run.status, 0, run.out);
    assert.ok(lines.length === 2 && lines.every((l) => l === 'ERR_ATTNSIM_TOO_LARGE true' || refusedEarly.test(l)), run.out);
  });
  for (const [what, how] of [
    ['transferring (detaching) an input', 'structuredClone(a.buffer, { transfer: [a.buffer] })'],
    ['transferring (detaching) the output', 'structuredClone(c.buffer, { transfer: [c.buffer] })'],
    ['shrinking a resizable input to 0', 'rb.resize(0)'],
  ] as const) {
    it(`${what} while gemmAsync runs neither crashes nor writes freed memory`, () => {
      const run = child(`const n = 700, rb = new ArrayBuffer(8 * n * n, { maxByteLength: 8 * n * n });
const a = ${what.includes('resizable') ? 'new Float64Array(rb)' : 'new Float64Array(n * n)'}; a.fill(1);
const b = new Float64Array(n * n).fill(1), c = new Float64Array(n * n);
const p = addon.gemmAsync(a, b, c, n, n, n, false, false, 1, 0);
${how};
try { await p; console.log('resolved', c.length === 0 ? 'detached' : c[0]); } catch (e) { console.log('rejected', code(e)); }`);
      expectOutput(run, [what.includes('output') ? 'rejected ERR_ATTNSIM_ARGUMENT' : 'resolved 700']);
    });
  }
  it('detaching an input or out while attentionAsync runs neither crashes nor writes freed memory', () => {
    const run = child(`const n = 400, d = 16, f = (k) => new Float64Array(k).fill(0.01);
const x = f(n * d), out = new Float64Array(n * d);
const p = addon.attentionAsync(x, f(d * d), f(d * d), f(d * d), null, out, n, d, d, d, d, 1, false, 1);
structuredClone(x.buffer, { transfer: [x.buffer] });
structuredClone(out.buffer, { transfer: [out.buffer] });
try { await p; console.log('resolved'); } catch (e) { console.log('rejected', code(e)); }`);
    expectOutput(run, ['rejected ERR_ATTNSIM_ARGUMENT']);
  });
  for (const ending of ['worker.terminate()', 'process.exit() inside the worker']) {
    it(`a Worker with matmulAsync in flight ended by ${ending} leaves the process running`, () => {
      const inside = ending.startsWith('process') ? 'setTimeout(() => process.exit(0), 5);' : '';
      const run = child(`const { Worker } = require('worker_threads');
const src = ${JSON.stringify(`const lib = require(${JSON.stringify(path.join(dist, 'index.js'))});
const a = lib.Matrix.random(600, 600, { seed: 1 });
for (let i = 0; i < 4; i++) lib.matmulAsync(a, a);
require('worker_threads').parentPort.postMessage('started');
`)} + ${JSON.stringify(inside)};
for (let round = 0; round < 3; round++) {
  const worker = new Worker(src, { eval: true });
  await new Promise((resolve) => worker.on('message', resolve));
  ${ending.startsWith('worker') ? 'await worker.terminate();' : "await new Promise((resolve) => worker.on('exit', resolve));"}
}
await new Promise((resolve) => setTimeout(resolve, 300));
console.log('alive');`);
      expectOutput(run, ['alive']);
    });
  }
});

if (native) describe('the addon outlives the worker threads that loaded it (child processes)', () => {
  const workerSource = (body: string): string => JSON.stringify(`const lib = require(${JSON.stringify(path.join(dist, 'index.js'))});
const { parentPort } = require('worker_threads');
${body}`);

  it('pooled matmul outputs transferred from exited workers to a thread that never loaded attnsim are collected safely', () => {
    // 128×128 = 16,384 entries: large enough for the output pool, whose deleter is addon code.
    const ran = bare(`const { Worker } = require('worker_threads');
const v8 = require('v8'), vm = require('vm'); v8.setFlagsFromString('--expose-gc'); const gc = vm.runInNewContext('gc');
const src = ${workerSource(`const a = lib.Matrix.random(128, 128, { seed: 1 });
for (let i = 0; i < 3; i++) { const c = lib.matmul(a, a); parentPort.postMessage(c.data, [c.data.buffer]); }`)};
let received = 0;
for (let round = 0; round < 3; round++) {
  const worker = new Worker(src, { eval: true });
  worker.on('message', (data) => { received += data.length; });
  await new Promise((resolve) => worker.on('exit', resolve));
}
for (let i = 0; i < 3; i++) { gc(); await new Promise((resolve) => setTimeout(resolve, 50)); }
console.log(received);`);
    expectOutput(ran, [String(9 * 16384)]);
  });

  it('a worker terminated after a pooled matmul leaves the process to exit normally', () => {
    // The issue's 1536² product; 256² (a pooled output too) crashed the same way, and stays quick under ASan.
    const ran = bare(`const { Worker } = require('worker_threads');
const worker = new Worker(${workerSource(`const a = lib.Matrix.random(256, 256, { seed: 1 });
parentPort.postMessage(lib.matmul(a, a).cols);
setInterval(() => {}, 1000);`)}, { eval: true });
console.log(await new Promise((resolve) => worker.on('message', resolve)));
await worker.terminate();
console.log('terminated');`);
    expectOutput(ran, ['256', 'terminated']);
  });
});
