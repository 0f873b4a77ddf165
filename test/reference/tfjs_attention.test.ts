/** The tfjs oracle on every tfjs backend that loads, against attnsim's float64 attention. */
import * as assert from 'assert';
import { attention } from '../../src/linalg/attention';
import { Matrix } from '../../src/linalg/matrix';
import { tfjsAttention, tfjsBackends } from '../../src/reference/tfjs_attention';
import { assertClose, TFJS } from '../helpers/close';
import { instance } from '../helpers/instances';

const configs: [number, number, number | null, number, boolean][] = [
  // n, d, dOut, heads, causal
  [1, 4, null, 1, false], [4, 8, 8, 2, true], [9, 12, 5, 3, false], [16, 16, 16, 4, true], [33, 32, null, 4, false],
];

describe('tfjsAttention', () => {
  let backends: string[] = [];
  before(async () => {
    backends = await tfjsBackends();
  });
  it('finds at least the wasm and cpu backends (tfjs-node is optional)', () => {
    assert.ok(backends.includes('wasm') && backends.includes('cpu'), `available: ${backends.join(', ')}`);
  });
  it('answers with the best backend that loads, and names it', async () => {
    const { backend } = await tfjsAttention(instance(2, 4, 4, null, 1));
    assert.strictEqual(backend, backends[0]);
  });
  for (const name of ['wasm', 'cpu'] as const) {
    for (const [n, d, dOut, heads, causal] of configs) {
      it(`${name}: n=${n} d=${d} heads=${heads}${causal ? ' causal' : ''} agrees with attention() within ${TFJS}`, async () => {
        const inst = instance(n, d, d, dOut, 100 + n);
        const { output, backend } = await tfjsAttention({ ...inst, heads, causal }, { backend: name });
        assert.strictEqual(backend, name);
        assertClose(output.flat(), attention({ ...inst, heads, causal }).data, TFJS, `tfjs ${name}`);
      });
    }
  }
  it('uses tfjs-node when it is installed, and otherwise refuses it, naming the backends that load', async () => {
    const inst = instance(5, 8, 8, null, 3);
    if (backends.includes('tensorflow')) {
      const { output } = await tfjsAttention({ ...inst, heads: 2 }, { backend: 'tensorflow' });
      return assertClose(output.flat(), attention({ ...inst, heads: 2 }).data, TFJS, 'tfjs-node');
    }
    await assert.rejects(tfjsAttention(instance(2, 4, 4, null, 1), { backend: 'tensorflow' }),
      /tfjsAttention: the tfjs backend 'tensorflow' does not load here \(available: wasm, cpu\)/);
  });
  it('checks its input like attention()', async () => {
    await assert.rejects(tfjsAttention({ ...instance(2, 4, 4, null, 1), wq: Matrix.zeros(3, 4) }),
      /tfjsAttention: expected wq to be 4×4 \(x\.cols × wq\.cols\) but received a 3×4 float64 Matrix/);
  });
});
