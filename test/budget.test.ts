/** The memory budget: default, setting it, and the TooLargeError it throws. */
import * as assert from 'assert';
import * as os from 'os';
import { checkMemory, DEFAULT_BUDGET_FRACTION, formatBytes } from '../src/budget';
import { attentionAsync, Matrix, matmulAsync, memoryBudget, setMemoryBudget, TooLargeError } from '../src/index';
import { assertThrows } from './helpers/throws';

describe('memory budget', () => {
  afterEach(() => setMemoryBudget());

  it('defaults to a fraction of the machine memory', () => {
    assert.strictEqual(memoryBudget(), Math.floor(os.totalmem() * DEFAULT_BUDGET_FRACTION));
  });

  it('is settable, and undefined restores the default', () => {
    assert.strictEqual(setMemoryBudget(1024), 1024);
    assert.strictEqual(memoryBudget(), 1024);
    setMemoryBudget();
    assert.strictEqual(memoryBudget(), Math.floor(os.totalmem() * DEFAULT_BUDGET_FRACTION));
  });

  it('refuses a non-positive or non-finite budget with a coded error', () => {
    assertThrows(() => setMemoryBudget(0), /expected a positive number of bytes but received 0/, 'ERR_ATTNSIM_ARGUMENT');
    assertThrows(() => setMemoryBudget(Infinity), /finite number/, 'ERR_ATTNSIM_NON_FINITE');
  });

  it('checkMemory passes within the budget and throws TooLargeError above it, saying how much', () => {
    setMemoryBudget(1 << 20);
    checkMemory('f', 'the thing', 1 << 20);
    assertThrows(() => checkMemory('attention', 'the 100000×100000 score matrix', 8e10),
      /^attention: the 100000×100000 score matrix needs 74\.5 GiB, over the memory budget of 1\.0 MiB/,
      'ERR_ATTNSIM_TOO_LARGE', TooLargeError);
  });

  it('the async forms check it at once: over the budget they throw (no promise), before any work starts', () => {
    const x = Matrix.random(100, 100);
    setMemoryBudget(1 << 16);
    assertThrows(() => matmulAsync(x, x), /^matmulAsync: the 100×100 product needs 78\.1 KiB, over the memory budget of 64\.0 KiB/,
      'ERR_ATTNSIM_TOO_LARGE', TooLargeError);
    assertThrows(() => attentionAsync({ x, wq: x, wk: x, wv: x, heads: 1 }), /^attentionAsync: .* over the memory budget of 64\.0 KiB/,
      'ERR_ATTNSIM_TOO_LARGE', TooLargeError);
  });

  it('formats bytes for people', () => {
    assert.deepStrictEqual([0, 1023, 1024, 1536, 2 ** 30].map(formatBytes),
      ['0 bytes', '1023 bytes', '1.0 KiB', '1.5 KiB', '1.0 GiB']);
  });
});
