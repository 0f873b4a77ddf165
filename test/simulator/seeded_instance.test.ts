/** seededAttentionInstance: the same seed gives the same matrices, each of its own shape and range; bad sizes are refused. */
import * as assert from 'assert';
import { ArgumentRangeError, seededAttentionInstance } from '../../src/index';
import { assertThrows } from '../helpers/throws';

describe('seededAttentionInstance', () => {
  it('is reproducible, n×d and d×d, entries in [−1, 1], a different seed per matrix', () => {
    const a = seededAttentionInstance(5, 3, 7), b = seededAttentionInstance(5, 3, 7);
    assert.deepStrictEqual(a, b);
    assert.deepStrictEqual([a.x.rows, a.x.cols, a.wq.rows, a.wq.cols], [5, 3, 3, 3]);
    for (const m of [a.x, a.wq, a.wk, a.wv, a.wo]) assert.ok(Array.from(m.data).every((v) => v >= -1 && v <= 1));
    assert.notDeepStrictEqual(Array.from(a.wq.data), Array.from(a.wk.data));
    assert.notDeepStrictEqual(Array.from(seededAttentionInstance(5, 3, 8).x.data), Array.from(a.x.data));
  });
  it('refuses a size or seed out of range, naming the argument', () => {
    const cases: [() => unknown, string][] = [
      [() => seededAttentionInstance(0, 3, 1), 'expected an integer between 1 and 4096 for n but received 0 (number)'],
      [() => seededAttentionInstance(2, 3, -1), 'expected an integer between 0 and 2147483647 for seed but received -1 (number)'],
    ];
    for (const [call, message] of cases) {
      assertThrows(call, new RegExp(`^seededAttentionInstance: ${message.replace(/[()]/g, '\\$&')}$`), 'ERR_ATTNSIM_ARGUMENT', ArgumentRangeError);
    }
  });
});
