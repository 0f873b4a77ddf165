/** allocOutput: fresh outputs from recycled memory, bounded in a synchronous loop, never leaking stale values. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { Matrix, matmul } from '../../src';
import { NativeBinding } from '../../src/native/binding';
import { loadNative } from '../../src/native/load';
import { testedBackends } from '../helpers/backends';
import { assertThrows } from '../helpers/throws';

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

if (testedBackends().includes('native')) describe('allocOutput (the native output pool)', () => {
  let addon: NativeBinding;
  before(() => {
    const result = loadNative();
    if (result.binding === null) throw new Error(result.explanation);
    addon = result.binding;
  });

  it('gives an ArrayBuffer of the asked length where Node.js installed its own headers (as here)', () => {
    const headers = fs.existsSync(path.join(process.execPath, '..', '..', 'include', 'node', 'v8.h'));
    const buffer = addon.allocOutput(12345);
    if (headers) assert.ok(buffer instanceof ArrayBuffer, 'expected the pool to be built');
    if (buffer !== undefined) assert.strictEqual(buffer.byteLength, 12345);
  });

  it('refuses a byte count that is not an integer from 1 to 2^36, with a coded error', () => {
    for (const bytes of [0, -1, 1.5, 2 ** 37]) {
      const message = new RegExp(`allocOutput: expected an integer between 1 and 2\\^36 for bytes but received ${bytes}$`);
      assertThrows(() => addon.allocOutput(bytes), message, 'ERR_ATTNSIM_ARGUMENT');
    }
    assertThrows(() => addon.allocOutput(NaN), /allocOutput: expected/, 'ERR_ATTNSIM_NON_FINITE');
    assertThrows(() => addon.allocOutput('8' as unknown as number), /allocOutput: expected/, 'ERR_ATTNSIM_ARGUMENT');
  });

  it('keeps memory bounded in a synchronous loop: 1 GiB of outputs from 64 KiB to 8 MiB, touched, grows RSS < 512 MiB', () => {
    collect();
    const before = process.memoryUsage().rss, sizes = [64 << 10, 1 << 20, 4 << 20, 8 << 20];
    for (let i = 0; i < 256; i++) {
      const buffer = addon.allocOutput(sizes[i % 4]);
      if (buffer === undefined) return;
      new Uint8Array(buffer).fill(i);
    }
    const grown = (process.memoryUsage().rss - before) / 2 ** 20;
    assert.ok(grown < 512, `RSS grew ${grown.toFixed(0)} MiB`);
  });

  it('never shows a collected output\'s values: products after NaN-filled, collected outputs are exact', () => {
    const a = Matrix.random(128, 128, { dtype: 'float32', seed: 3 }), b = Matrix.random(128, 128, { dtype: 'float32', seed: 4 });
    const expected = matmul(a, b).toArray();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 8; i++) matmul(a, b).data.fill(NaN);
      collect();
      // Exact: the same GEMM on the same inputs and thread count gives the same bits.
      assert.deepStrictEqual(matmul(a, b).toArray(), expected);
    }
  });
});
