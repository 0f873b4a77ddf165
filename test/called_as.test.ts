/** Errors name the public function called, never an internal kernel; bad input never leaks an engine TypeError. */
import * as assert from 'assert';
import { calledAs, relabel } from '../src/called_as';
import { ArgumentRangeError, RaspError, TooLargeError } from '../src/errors';
import * as lib from '../src/index';
import { compile, estimation, Matrix, rasp, selection, simulate, smoothness } from '../src/index';
import { assertThrows } from './helpers/throws';

describe('calledAs / relabel', () => {
  it('re-labels an argument error named after another function, keeping its class, code and fields', () => {
    const inner = new TooLargeError('matmul: the product needs 9 GiB', 9, 1);
    const out = relabel('simulate.scale', inner) as TooLargeError;
    assert.ok(out === inner && out instanceof TooLargeError);
    assert.deepStrictEqual([out.message, out.code, out.requested], ['simulate.scale: the product needs 9 GiB', 'ERR_ATTNSIM_TOO_LARGE', 9]);
    assert.match(out.stack ?? '', /^TooLargeError: simulate\.scale: the product needs 9 GiB/);
  });
  it('leaves its own errors, RASP errors and foreign errors alone', () => {
    const own = new ArgumentRangeError('fitSieve: expected holdout in (0, 1)'), raspError = new RaspError('map \'m\' failed');
    const plain = new TypeError('x is not a function');
    for (const e of [own, raspError, plain]) assert.strictEqual((relabel('fitSieve', e) as Error).message, e.message);
    assertThrows(() => calledAs('f', () => { throw new ArgumentRangeError('g.h: bad'); }), /^f: bad$/, 'ERR_ATTNSIM_ARGUMENT');
  });
});

describe('public functions name themselves in their errors', () => {
  it('simulate.scale and simulate.add overflow name the call and say to scale the inputs', () => {
    for (const [fn, call] of [['scale', () => simulate.scale(Matrix.from([[1e308]]), 1e10)],
      ['add', () => simulate.add(Matrix.from([[1.7e308]]), Matrix.from([[1.7e308]]))]] as const) {
      assertThrows(call, new RegExp(`^simulate\\.${fn}: the result overflowed the float64 range inside the simulating stack; scale the inputs down$`),
        'ERR_ATTNSIM_NON_FINITE');
    }
  });
  it('fitSieve refuses NaN labels by position; smoothness and estimation name the function called', async () => {
    const g = smoothness.gamma({ kind: 'mixed', a: [1, 2] });
    assertThrows(() => estimation.fitSieve(Matrix.random(20, 2, { seed: 1 }), new Float64Array(20).fill(NaN), g),
      /^fitSieve: expected finite labels but received NaN at 0$/, 'ERR_ATTNSIM_NON_FINITE');
    assertThrows(() => smoothness.rateExponent([0], 'mixed'), /^smoothness\.rateExponent: expected a positive number or Infinity for a\[0\]/);
    assertThrows(() => smoothness.sampleTarget({ a: [], kind: 'mixed', T: 2, seed: 1 }), /^smoothness\.sampleTarget: expected a non-empty array/);
    // trialJobs does these checks; the message used to carry its name.
    await assert.rejects(estimation.rateExperiment({ target: { a: [1], kind: 'mixed', T: 2, noise: 0, seed: 1 }, ns: [64], reps: 1,
      estimators: ['sieve'] }), (e: Error) => e.message === 'rateExperiment: expected ns to hold at least two sample sizes');
    assertThrows(() => lib.conditionNumber(Matrix.from([[1, 1], [1, 1]])), /^conditionNumber: the matrix is singular/, 'ERR_ATTNSIM_SINGULAR');
  });
  it('a DSL callback that throws null or a BigInt, or returns a BigInt, gives a RaspError naming the s-op', () => {
    assertThrows(() => rasp.evaluate(rasp.map(() => { throw null; }, rasp.tokens).named('m'), 'ab'),
      /^map 'm' failed at position 0 on "a": it threw null$/, 'ERR_ATTNSIM_RASP');
    assertThrows(() => rasp.evaluate(rasp.map(() => 1n as never, rasp.tokens).named('m'), 'ab'),
      /^map 'm' gave a bigint at position 0 on "a": s-op values are numbers, strings, booleans or null$/, 'ERR_ATTNSIM_RASP');
    const sel = rasp.select(rasp.tokens, rasp.tokens, () => { throw 5n; }).named('s');
    assertThrows(() => rasp.evaluate(rasp.aggregate(sel, rasp.tokens), 'ab'), /^select 's': the predicate failed .*: it threw 5n$/, 'ERR_ATTNSIM_RASP');
  });
  it('buildTopKSelector refuses a coldness whose scores would overflow, instead of building a model that cannot run', () => {
    const opts = { N: 8, U: 3, k: 2, importance: [0.5, 1], margin: 0.05 };
    assertThrows(() => selection.buildTopKSelector({ ...opts, coldness: 1e308 }),
      /^selection\.buildTopKSelector: expected a coldness whose product with the largest score \(620\.6\) stays below 1e300 but received 1e\+308$/);
    const y = selection.buildTopKSelector({ ...opts, coldness: 1e100 }).model.forwardVectors(Matrix.random(8, 2, { seed: 4, min: 0 }));
    assert.ok(Array.from(y.data).every(Number.isFinite));
  });
  it('a softmax head whose scores overflow at its coldness names the head, not softmaxRows (simulate --coldness 1e308)', () => {
    const sim = lib.buildSimulator({ seqLen: 4, dModel: 4, heads: 2, attention: 'softmax', coldness: 1e308 });
    const r = (seed: number) => Matrix.random(4, 4, { seed });
    assertThrows(() => sim.run({ x: r(1), wq: r(2), wk: r(3), wv: r(4), wo: r(5) }),
      /^attention head '\w+': a score times the coldness \(1e\+308\) overflowed the float64 range \(query \d+, key \d+\); lower the coldness$/,
      'ERR_ATTNSIM_NON_FINITE');
  });
  it('a compiled map with no value for an input says so, instead of blaming an averaging aggregate', () => {
    const m = rasp.map((x) => { if (x === 2) throw new Error('boom'); return (x as number) + 1; }, rasp.tokens).named('m');
    const model = compile(m, { vocab: [1, 2, 3], maxSeqLen: 4 });
    assert.deepStrictEqual(model.forward([1, 3]), [2, 4]);
    assertThrows(() => model.forward([1, 2]), /^s-op 'm' at position 1: the one-hot encoding holds no single value \(largest entry 0\); no value reached it: .* a map on the way has no value for these inputs/,
      'ERR_ATTNSIM_RASP');
  });

  it('every exported function, given nothing, null, {} or matrices it cannot use, throws a coded error naming itself', async () => {
    const nan = new Matrix(2, 2, Float64Array.from([NaN, 1, 1, 1])), big = Matrix.from([[1e300, 1e300], [1e300, 1e300]]);
    const one = Matrix.from([[1, 2], [3, 4]]), empty = Matrix.zeros(0, 0);
    const argsets: unknown[][] = [[], [null], [{}], [empty], [nan], [big], [big, big], [one, nan], [{ q: empty, k: empty, v: empty }],
      [[], 'mixed'], [one, 1e308], [big, big, big]];
    // Setters and pool controls change global state; rateExperiment and runTrial start training runs: their checks are tested above.
    const skip = new Set(['setBackend', 'setThreads', 'setMemoryBudget', 'releaseSimulatorThread', 'rateExperiment', 'runTrial', 'plotRates',
      'buildSimulatorAsync', 'costTable', 'costTableMarkdown']);
    const spaces: [string, Record<string, unknown>][] = [['', lib], ['estimation.', estimation], ['smoothness.', smoothness],
      ['selection.', selection], ['simulate.', simulate]];
    const leaks: string[] = [];
    for (const [prefix, space] of spaces) {
      for (const [name, f] of Object.entries(space)) {
        if (typeof f !== 'function' || /^[A-Z]/.test(name) || skip.has(name)) continue;
        for (const args of argsets) {
          try {
            await (f as (...a: unknown[]) => unknown)(...args);
          } catch (error) {
            const e = error as { message?: unknown; code?: unknown }, named = /^([\w$.]+): /.exec(String(e.message));
            if (typeof e.code !== 'string' || named === null || (named[1] !== prefix + name && named[1] !== name)) {
              leaks.push(`${prefix}${name}(${args.length} args): ${String(e.code)} ${String(e.message).slice(0, 100)}`);
            }
          }
        }
      }
    }
    assert.deepStrictEqual(leaks, []);
  });
});
