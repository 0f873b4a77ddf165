/** compile's limits: one token limit with buildSimulator, the memory budget, and progress reports. */
import * as assert from 'assert';
import { buildSimulator, compile, ProgressEvent, rasp, setMemoryBudget } from '../../src/index';
import { MAX_TOKENS } from '../../src/compiler/limits';
import { assertThrows } from '../helpers/throws';

describe('compiler/limits', () => {
  afterEach(() => setMemoryBudget());

  it('compile accepts every maxSeqLen buildSimulator may need, and refuses one more', () => {
    setMemoryBudget(2 ** 20);
    assertThrows(() => compile(rasp.lib.makeHist(), { vocab: 'ab', maxSeqLen: MAX_TOKENS }), /maxSeqLen/, 'ERR_ATTNSIM_TOO_LARGE');
    assertThrows(() => compile(rasp.lib.makeHist(), { vocab: 'ab', maxSeqLen: MAX_TOKENS + 1 }), /maxSeqLen/, 'ERR_ATTNSIM_ARGUMENT');
  });

  it('buildSimulator refuses by the same token limit as compile (seqLen 2048, dModel 1 needs 4194304 > MAX_TOKENS)', () => {
    assertThrows(() => buildSimulator({ seqLen: 2048, dModel: 1 }), new RegExp(`at most ${MAX_TOKENS} tokens, but seqLen 2048 and dModel 1 needs 4194304`));
  });

  it("refuses a model whose matrices exceed the memory budget, before assembling it", () => {
    setMemoryBudget(10_000);
    assertThrows(() => compile(rasp.lib.makeSort(rasp.tokens, rasp.tokens), { vocab: 'abc', maxSeqLen: 8 }), /compile: the model \(residual width \d+, \d+ layers, maxSeqLen 8\) needs/, 'ERR_ATTNSIM_TOO_LARGE');
  });

  it('reports each stage to onProgress, starting and ending it', () => {
    const events: ProgressEvent[] = [];
    compile(rasp.lib.makeHist(), { vocab: 'ab', maxSeqLen: 4, onProgress: (e) => events.push(e) });
    const stages = [...new Set(events.map((e) => e.stage))];
    const expected = ['infer values', 'choose encodings', 'fuse maps', 'lower to a graph', 'validate', 'allocate layers', 'build blocks',
      'prune dimensions', 'assemble'];
    assert.deepStrictEqual(stages, expected.map((s) => `compile: ${s}`));
    for (const s of stages) assert.deepStrictEqual(events.filter((e) => e.stage === s).map((e) => e.done), [0, 1]);
    assertThrows(() => compile(rasp.lib.makeHist(), { vocab: 'ab', maxSeqLen: 4, onProgress: 3 as never }), /onProgress/, 'ERR_ATTNSIM_ARGUMENT');
  });

  it('refuses an empty vocabulary and repeated entries', () => {
    assertThrows(() => compile(rasp.lib.makeHist(), { vocab: [], maxSeqLen: 4 }), /non-empty vocab/, 'ERR_ATTNSIM_ARGUMENT');
    assertThrows(() => compile(rasp.lib.makeHist(), { vocab: ['a', 'a'], maxSeqLen: 4 }), /distinct vocab entries but received "a" twice/, 'ERR_ATTNSIM_ARGUMENT');
    assertThrows(() => compile(rasp.lib.makeHist(), { vocab: 'aba', maxSeqLen: 4 }), /distinct vocab/, 'ERR_ATTNSIM_ARGUMENT');
  });
});
