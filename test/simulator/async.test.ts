/** buildSimulatorAsync and runAsync work in a worker thread: the event loop keeps turning, and the answers are the sync ones. */
import * as assert from 'assert';
import {
  buildSimulator, buildSimulatorAsync, Matrix, ProgressEvent, releaseSimulatorThread, setMemoryBudget, TooLargeError, WorkerError,
} from '../../src/index';

const random = (rows: number, cols: number, seed: number) => Matrix.random(rows, cols, { seed, min: -1, max: 1 });

/** Runs `work` while a 5 ms interval measures the longest gap between its ticks (ms). */
async function longestStall<T>(work: () => Promise<T>): Promise<{ value: T; gap: number }> {
  let last = performance.now(), gap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 5);
  try {
    const value = await work();
    return { value, gap: Math.max(gap, performance.now() - last) };
  } finally {
    clearInterval(timer);
  }
}

describe('simulator: async work in a worker thread', () => {
  afterEach(() => setMemoryBudget());

  it('builds and runs without stalling the event loop (target 20 ms, measured in the bench; 200 ms allowed for a loaded machine)', async () => {
    const n = 24, d = 12, heads = 2, input = { x: random(n, d, 1), wq: random(d, d, 2), wk: random(d, d, 3), wv: random(d, d, 4) };
    const events: ProgressEvent[] = [];
    const built = await longestStall(() => buildSimulatorAsync({ seqLen: n, dModel: d, heads, onProgress: (e) => events.push(e) }));
    const sim = built.value;
    assert.ok(built.gap < 200, `build stalled the event loop for ${built.gap.toFixed(0)} ms`);
    assert.deepStrictEqual(events.slice(0, 2).map((e) => e.stage), ['build: program', 'build: program']);
    assert.strictEqual(events[events.length - 1].stage, 'build: compile');
    const run = await longestStall(() => sim.runAsync(input));
    assert.ok(run.gap < 200, `run stalled the event loop for ${run.gap.toFixed(0)} ms`);
    const sync = buildSimulator({ seqLen: n, dModel: d, heads });
    assert.deepStrictEqual(sim.cost, sync.cost);
    assert.ok(run.value instanceof Matrix);
    assert.deepStrictEqual(run.value.data, sync.run(input).data);
    assert.deepStrictEqual((await sync.runAsync(input)).data, sync.run(input).data);
    assert.deepStrictEqual(sim.run(input).data, run.value.data, 'the async-built simulator runs here too (its own copy of the stack)');
  });

  it('rejects with the error the build or run would throw, same class and code', async () => {
    setMemoryBudget(2 ** 20);
    await assert.rejects(buildSimulatorAsync({ seqLen: 64, dModel: 8 }),
      (e: Error & { code?: string }) => e instanceof TooLargeError && e.code === 'ERR_ATTNSIM_TOO_LARGE' &&
        /^buildSimulatorAsync: .* over the memory budget of 1\.0 MiB/.test(e.message));
    setMemoryBudget();
    await assert.rejects(buildSimulatorAsync({ seqLen: 2, dModel: 3, heads: 2 }), /buildSimulatorAsync: expected heads \(2\) to divide dModel \(3\)/);
    const sim = await buildSimulatorAsync({ seqLen: 2, dModel: 1 });
    await assert.rejects(sim.runAsync({ x: random(3, 1, 1), wq: random(1, 1, 1), wk: random(1, 1, 1), wv: random(1, 1, 1) }),
      (e: Error & { code?: string }) => e.code === 'ERR_ATTNSIM_SHAPE' && /UniversalSimulator\.runAsync: expected x to be 2×1/.test(e.message));
  });

  it('releaseSimulatorThread ends the thread: a run in flight rejects with ERR_ATTNSIM_WORKER, the next call works', async () => {
    const n = 16, d = 8, input = { x: random(n, d, 1), wq: random(d, d, 2), wk: random(d, d, 3), wv: random(d, d, 4) };
    const sim = await buildSimulatorAsync({ seqLen: n, dModel: d });
    const outcome = sim.runAsync(input).then(() => undefined, (e: Error & { code?: string }) => e);
    await releaseSimulatorThread();
    const error = await outcome;
    assert.ok(error instanceof WorkerError && error.code === 'ERR_ATTNSIM_WORKER' && /released/.test(error.message), String(error));
    await releaseSimulatorThread();
    const again = await sim.runAsync(input);
    assert.deepStrictEqual(again.data, buildSimulator({ seqLen: n, dModel: d }).run(input).data);
  });
});
