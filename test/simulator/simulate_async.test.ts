/** simulate.*: onProgress on every operation, and the async forms (worker thread) that give the same matrices. */
import * as assert from 'assert';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { Matrix, ProgressEvent, simulate, SimulateOperation } from '../../src/index';
import { toPlain } from '../../src/simulator/worker/messages';
import { WorkerRequest } from '../../src/simulator/worker/pool';

const random = (rows: number, cols: number, seed: number) => Matrix.random(rows, cols, { seed, min: -2, max: 2 });

/** Small arguments for every operation (the worker thread compiles the same stack, so the results are identical). */
const cases: Record<SimulateOperation, () => unknown[]> = {
  transpose: () => [random(2, 3, 1)],
  matmul: () => [random(3, 2, 1), random(2, 2, 2)],
  scale: () => [random(2, 2, 1), 0.5],
  add: () => [random(2, 2, 1), random(2, 2, 2)],
  softmaxRows: () => [random(2, 3, 1)],
  relu: () => [random(2, 2, 1)],
  maxmin: () => [random(2, 4, 1)],
  linearAttention: () => [{ q: random(2, 2, 1), k: random(2, 2, 2), v: random(2, 1, 3) }],
  linformer: () => [{ q: random(2, 1, 1), k: random(2, 1, 2), v: random(2, 1, 3), e: random(1, 2, 4), f: random(1, 2, 5) }],
  inverse: () => [Matrix.from([[0, 2], [4, 1]])],
  groupSortNetwork: () => [[{ w: random(2, 2, 1), b: random(1, 2, 2) }], random(3, 2, 3)],
};

type Call = (...args: unknown[]) => Matrix;
type AsyncCall = (...args: unknown[]) => Promise<Matrix>;

describe('simulate.*: onProgress and async forms', () => {
  for (const name of Object.keys(cases) as SimulateOperation[]) {
    it(`${name} reports its build and run, and ${name}Async gives the same matrix in the worker thread`, async () => {
      const sync: ProgressEvent[] = [], async: ProgressEvent[] = [];
      const expected = (simulate[name] as Call)(...cases[name](), { onProgress: (e: ProgressEvent) => sync.push(e) });
      assert.deepStrictEqual([...new Set(sync.map((e) => e.stage))], ['build: compile', 'run: layers']);
      const last = sync[sync.length - 1];
      assert.ok(last !== undefined && last.done === last.total, 'the last event ends the run');
      const got = await (simulate[`${name}Async`] as AsyncCall)(...cases[name](), { onProgress: (e: ProgressEvent) => async.push(e) });
      assert.deepStrictEqual([got.rows, got.cols, [...got.data]], [expected.rows, expected.cols, [...expected.data]]);
      assert.deepStrictEqual([...new Set(async.map((e) => e.stage))], ['build: compile', 'run: layers']);
    });
  }
  it('matmulAsync leaves the event loop free while the worker thread compiles and runs a 20×20·20×20 stack', async () => {
    // a shape no other test uses: the worker compiles its stack (about 100 ms here), so the reply cannot come before
    // this thread's event loop turns even after a long GC pause (an 8×8 stack once did)
    let freed = false;
    setImmediate(() => (freed = true));
    const product = await simulate.matmulAsync(random(20, 20, 1), random(20, 20, 2));
    assert.ok(freed, 'a setImmediate callback ran before the product arrived');
    assert.strictEqual(product.rows, 20);
  });
  it("the worker thread posts progress only to a caller that takes it: otherwise the result is its one message", async () => {
    // each progress message would be cloned and would wake the caller's event loop, for nothing (runAsync and the
    // builds posted them whether or not the caller passed onProgress); the options object is there in both requests
    const thread = new Worker(path.join(__dirname, '../../src/simulator/worker/thread.js'));
    try {
      const replies = (progress: boolean) => new Promise<object[]>((resolve, reject) => {
        const got: object[] = [];
        const onMessage = (reply: { result?: unknown; error?: unknown }) => {
          got.push(reply);
          if (reply.result === undefined && reply.error === undefined) return;
          thread.off('message', onMessage);
          resolve(got);
        };
        thread.on('message', onMessage).once('error', reject);
        const request: WorkerRequest = { id: 1, kind: 'operation', spec: { name: 'matmul' },
          input: toPlain([random(3, 2, 1), random(2, 2, 2), { onProgress: undefined }]), budget: 2 ** 30, progress };
        thread.postMessage(request);
      });
      const quiet = await replies(false);
      assert.deepStrictEqual(quiet.map((r) => Object.keys(r).sort()), [['id', 'result']]);
      const told = await replies(true);
      assert.ok(told.length > 1 && told.slice(0, -1).every((r) => 'progress' in r), 'progress messages, then the result');
    } finally {
      await thread.terminate();
    }
  });
  it('the async forms work without options and reject bad input naming themselves, with the code', async () => {
    assert.deepStrictEqual((await simulate.transposeAsync(Matrix.from([[1, 2]]))).toArray(), [[1], [2]]);
    await assert.rejects(simulate.addAsync(random(2, 2, 1), random(3, 2, 2)),
      { code: 'ERR_ATTNSIM_SHAPE', message: /^simulate\.addAsync: expected a and b of one shape/ });
    await assert.rejects(simulate.scaleAsync(random(2, 2, 1), NaN),
      { code: 'ERR_ATTNSIM_NON_FINITE', message: 'simulate.scaleAsync: expected a finite number for s but received NaN (number)' });
    assert.throws(() => simulate.matmul(random(1, 1, 1), random(1, 1, 2), { onProgress: 3 as never }), { code: 'ERR_ATTNSIM_ARGUMENT' });
    assert.throws(() => simulate.relu(random(1, 1, 1), { progress: () => 0 } as never), /simulate\.relu: .*progress/);
  });
});
