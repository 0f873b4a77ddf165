/** bos_cleanup: a clean-up head only where a later head reads what heads wrote into BOS, shared across layers; MLPs off at BOS. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { SOp } from '../../src/rasp/dsl';
import { allInputs } from '../cases/programs';

const { tokens, Comparison } = rasp;
const shift = (sop: SOp) => rasp.lib.shiftBy(1, sop, 'z');

/** Compiles with and without the optimisation stages and compares with the evaluator on every input up to 4 tokens. */
function heads(program: SOp): number[][] {
  return [true, false].map((optimize) => {
    const model = compile(program, { vocab: 'ab', maxSeqLen: 4, optimize });
    for (const x of allInputs([...'ab'], 4)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(program, x), `${x.join('')} (optimize ${optimize})`);
    return model.config.headsPerLayer;
  });
}

describe('compiler/bos_cleanup', () => {
  it('a selector width (its BOS value read by its own MLP only) and a final aggregate need no clean-up head', () => {
    assert.deepStrictEqual(heads(rasp.lib.makeHist()), [[1], [1]]);
    assert.deepStrictEqual(heads(shift(tokens)), [[1], [1]]);
  });

  it('an aggregate whose values a later head copies is cleaned up before that head', () => {
    assert.deepStrictEqual(heads(shift(shift(tokens))), [[2, 1], [2, 1]]);
  });

  it('writes of two layers first read in a third are taken out by one head; MLPs between them are off at BOS', () => {
    const a = shift(tokens).named('a'), b = shift(rasp.map((x) => (x === 'a' ? 'b' : 'a'), a)).named('b');
    const program = rasp.selectorWidth(rasp.select(a, b, Comparison.EQ)).named('matches');
    assert.deepStrictEqual(heads(program), [[1, 2, 1], [1, 2, 1]]);
  });
});
