/**
 * The kernels' pool threads (native/thread_pool.cc) shared by the main thread, worker threads and libuv's threads at
 * once, and the process exiting while they are parked: in a child process, which must exit normally.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { testedBackends } from '../helpers/backends';

const entry = path.resolve(__dirname, '..', '..', 'src', 'index.js');

/** Attention at (512, 64, 8) float32 in the child, large enough that its products and heads take two threads. */
const setup = `const lib = require(${JSON.stringify(entry)});
lib.setBackend('native');
lib.setThreads(2);
const r = (rows, cols, seed) => lib.Matrix.random(rows, cols, { seed, dtype: 'float32' });
const input = { x: r(512, 64, 1), wq: r(64, 64, 2), wk: r(64, 64, 3), wv: r(64, 64, 4), wo: r(64, 64, 5), heads: 8 };
const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);`;

if (testedBackends().includes('native')) describe('the kernels\' thread pool (child process)', () => {
  it('serves the main thread, 3 worker threads and an async call at once, with equal outputs, then lets the process exit', () => {
    // Each tile and product item is computed whole by one thread, so the outputs are equal bit for bit whatever
    // threads took them.
    const body = `${setup}
const { Worker } = require('worker_threads');
const want = Array.from(lib.attention(input).data);
const inWorker = () => new Promise((resolve, reject) => {
  const w = new Worker(${JSON.stringify(setup)} + 'require("worker_threads").parentPort.postMessage(Array.from(lib.attention(input).data));',
    { eval: true });
  w.on('message', resolve);
  w.on('error', reject);
});
const outputs = await Promise.all([inWorker(), inWorker(), inWorker(), lib.attentionAsync(input).then((y) => Array.from(y.data)),
  Promise.resolve(Array.from(lib.attention({ ...input, causal: false }).data))]);
console.log(outputs.map((o) => same(o, want)).join(' '));
await new Promise((resolve) => setTimeout(resolve, 50));
console.log(same(Array.from(lib.attention(input).data), want));`;
    const code = `(async () => {\n${body}\n})().catch((e) => { console.log('FAILED', e); process.exitCode = 3; });`;
    const run = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 60000 });
    const out = `${run.stdout}${run.stderr}`;
    assert.strictEqual(run.signal, null, `the child died of ${run.signal}:\n${out}`);
    assert.strictEqual(run.status, 0, `the child exited with ${run.status}:\n${out}`);
    assert.deepStrictEqual(out.trim().split('\n'), ['true true true true true', 'true']);
  });
});
