/** buildSimulator and run: progress reports, the memory budget checked before building, and coded argument errors. */
import * as assert from 'assert';
import { buildSimulator, costTable, costTableMarkdown, Matrix, ProgressEvent, setMemoryBudget, simulate, softError } from '../../src/index';
import { assertThrows } from '../helpers/throws';

const random = (rows: number, cols: number, seed: number) => Matrix.random(rows, cols, { seed, min: -1, max: 1 });
const input = (n: number, d: number) => ({ x: random(n, d, 1), wq: random(d, d, 2), wk: random(d, d, 3), wv: random(d, d, 4) });

describe('simulator: build and run', () => {
  afterEach(() => setMemoryBudget());

  it('reports the build stages, then each run layer by layer up to the last (sync and async, both executors)', async () => {
    const events: ProgressEvent[] = [];
    const sim = buildSimulator({ seqLen: 3, dModel: 2, onProgress: (e) => events.push(e) });
    assert.deepStrictEqual(events.map((e) => `${e.stage} ${e.done}/${e.total}`),
      ['build: program 0/1', 'build: program 1/1', 'build: compile 0/1', 'build: compile 1/1']);
    const layers = sim.cost.layers;
    for (const run of [
      (on: (e: ProgressEvent) => void) => sim.run(input(3, 2), { onProgress: on }),
      (on: (e: ProgressEvent) => void) => sim.run(input(3, 2), { executor: 'dense', onProgress: on }),
      (on: (e: ProgressEvent) => void) => sim.runAsync(input(3, 2), { onProgress: on }),
    ]) {
      const seen: ProgressEvent[] = [];
      await run((e) => seen.push(e));
      // runAsync's worker builds its own copy of the stack first, and says so with build stages.
      const runs = seen.filter((e) => e.stage === 'run: layers');
      assert.ok(seen.every((e) => e.stage === 'run: layers' || e.stage.startsWith('build: ')));
      assert.ok(runs.every((e) => e.total === layers && e.done <= layers));
      assert.deepStrictEqual([runs[0].done, runs[runs.length - 1].done], [0, layers]);
    }
  });

  it('refuses a stack over the memory budget before building it, fast, saying how much it needs', () => {
    setMemoryBudget(2 ** 28);
    const start = Date.now();
    assertThrows(() => buildSimulator({ seqLen: 1000, dModel: 1 }),
      /buildSimulator: the stack for seqLen 1000 and dModel 1 \(1000000 tokens × about \d+ dimensions\) needs [\d.]+ GiB, over the memory budget of 256\.0 MiB/,
      'ERR_ATTNSIM_TOO_LARGE');
    assert.ok(Date.now() - start < 2000, 'the refusal comes before the compile');
    assertThrows(() => simulate.matmul(random(100, 100, 1), random(100, 50, 2)), /simulate\.matmul: the stack for 100×100 and 100×50/, 'ERR_ATTNSIM_TOO_LARGE');
  });

  it('refuses more tokens than compile accepts (seqLen 2048, dModel 1 needs 4194304)', () => {
    assertThrows(() => buildSimulator({ seqLen: 2048, dModel: 1 }), /at most 1048576 tokens, but seqLen 2048 and dModel 1 needs 4194304/,
      'ERR_ATTNSIM_SEQUENCE_LENGTH');
  });

  it('throws coded errors for bad arguments to every public simulator function', () => {
    const sim = buildSimulator({ seqLen: 2, dModel: 1 });
    const calls: [() => unknown, RegExp][] = [
      [() => buildSimulator(null as never), /buildSimulator: expected an object .* for spec but received null/],
      [() => buildSimulator({ seqLen: 2, dModel: 1, onProgress: 3 as never }), /expected a function for onProgress/],
      [() => sim.run(null as never), /expected an object .* for input but received null/],
      [() => sim.run(input(2, 1), { executor: 'fast' as never }), /expected one of 'structured', 'dense' for executor/],
      [() => sim.run(input(2, 1), { onProgress: 'x' as never }), /expected a function for onProgress/],
      [() => sim.softError(input(2, 1), null as never), /softError: expected an array of positive numbers for coldness/],
      [() => sim.softError(input(2, 1), [0]), /expected a positive coldness\[0\]/],
      [() => softError(null as never, [], []), /softError: expected an EncoderModel for model but received null/],
      [() => simulate.transpose(null as never), /simulate\.transpose: expected a Matrix for m/],
      [() => simulate.matmul(random(2, 3, 1), random(2, 3, 1)), /expected a\.cols \(3\) to equal b\.rows \(2\)/],
      [() => costTable(0, 2, 1), /costTable: expected an integer between 1 and 4096 for n/],
      [() => costTableMarkdown(null as never), /costTableMarkdown: expected an array of cost rows for rows/],
    ];
    for (const [call, message] of calls) {
      assert.throws(call, (e: Error & { code?: string }) => message.test(e.message) && typeof e.code === 'string' && e.code.startsWith('ERR_ATTNSIM_'),
        `${call}`);
    }
    return assert.rejects(sim.runAsync(undefined as never), (e: Error & { code?: string }) => e.code === 'ERR_ATTNSIM_ARGUMENT');
  });
});
