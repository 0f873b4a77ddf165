/** The tfjs oracle on every tfjs backend that loads, against attnsim's float64 attention. */
import * as assert from 'assert';
import { attention } from '../../src/linalg/attention';
import { Matrix } from '../../src/linalg/matrix';
import { tfjsAttention, tfjsBackends, tfjsNodeLoadError } from '../../src/reference/tfjs_attention';
import { assertClose, TFJS } from '../helpers/close';
import { instance } from '../helpers/instances';

const configs: [number, number, number | null, number, boolean][] = [
  // n, d, dOut, heads, causal
  [1, 4, null, 1, false], [4, 8, 8, 2, true], [9, 12, 5, 3, false], [16, 16, 16, 4, true], [33, 32, null, 4, false],
];

/** tfjs-node runs these tests where it loads (CI installs it); without it they run on wasm and cpu only. */
const nodeLoads = tfjsNodeLoadError() === null;
const oracle = process.env.ATTNSIM_ORACLE || (nodeLoads ? 'tensorflow' : 'wasm');

/** Runs `body` with ATTNSIM_ORACLE set to `value` (or unset), restoring it afterwards. */
async function withOracle<T>(value: string | undefined, body: () => Promise<T>): Promise<T> {
  const saved = process.env.ATTNSIM_ORACLE;
  if (value === undefined) delete process.env.ATTNSIM_ORACLE;
  else process.env.ATTNSIM_ORACLE = value;
  try {
    return await body();
  } finally {
    if (saved === undefined) delete process.env.ATTNSIM_ORACLE;
    else process.env.ATTNSIM_ORACLE = saved;
  }
}

describe(`tfjsAttention (oracle backend here: ${oracle}${nodeLoads ? '' : '; tfjs-node does not load'})`, () => {
  let backends: string[] = [];
  before(async () => {
    backends = await tfjsBackends();
  });
  it('finds at least the wasm and cpu backends (tfjs-node is optional)', () => {
    assert.ok(backends.includes('wasm') && backends.includes('cpu'), `available: ${backends.join(', ')}`);
  });
  it(`answers with the best backend that loads (${nodeLoads ? 'tensorflow' : 'wasm'}), and names it`, async () => {
    const { backend } = await withOracle(undefined, () => tfjsAttention(instance(2, 4, 4, null, 1)));
    assert.strictEqual(backend, backends[0]);
  });
  it(`with ATTNSIM_ORACLE=tensorflow ${nodeLoads ? 'runs on tfjs-node' : 'refuses to fall back, saying why tfjs-node did not load'}`, async () => {
    const run = () => withOracle('tensorflow', () => tfjsAttention(instance(2, 4, 4, null, 1)));
    if (nodeLoads) return assert.strictEqual((await run()).backend, 'tensorflow');
    await assert.rejects(run(), (e: { code?: string; message: string }) => e.code === 'ERR_ATTNSIM_BACKEND' &&
      /'tensorflow' \(ATTNSIM_ORACLE asks for it\) does not load here .*; @tensorflow\/tfjs-node is/.test(e.message));
  });
  it('refuses an ATTNSIM_ORACLE that names no tfjs backend', async () => {
    await assert.rejects(withOracle('webgl', () => tfjsAttention(instance(2, 4, 4, null, 1))),
      (e: { code?: string; message: string }) => e.code === 'ERR_ATTNSIM_BACKEND' &&
        e.message === "tfjsAttention: expected ATTNSIM_ORACLE to be one of tensorflow, wasm, cpu but received 'webgl'");
  });
  for (const name of nodeLoads ? ['tensorflow', 'wasm', 'cpu'] as const : ['wasm', 'cpu'] as const) {
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
      /tfjsAttention: the tfjs backend 'tensorflow' does not load here \(available: wasm, cpu\); @tensorflow\/tfjs-node is/);
  });
  it('checks its input like attention()', async () => {
    await assert.rejects(tfjsAttention({ ...instance(2, 4, 4, null, 1), wq: Matrix.zeros(3, 4) }),
      /tfjsAttention: expected wq to be 4×4 \(x\.cols × wq\.cols\) but received a 3×4 float64 Matrix/);
  });
});
