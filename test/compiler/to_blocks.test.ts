/** to_blocks: each s-op's blocks; a lookup on a numerical input calls the map with that input's own values. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { SOp } from '../../src/rasp/dsl';
import { SAME_NUMBER } from '../../src/compiler/infer_values';
import { allInputs } from '../cases/programs';

const { tokens, indices, Comparison } = rasp;

/** One test per program and optimize setting: the model equals the evaluator on every input over 'abc' up to length 4. */
function exactOnEveryInput(programs: Record<string, SOp>): void {
  for (const [name, program] of Object.entries(programs)) {
    for (const optimize of [true, false]) {
      it(`${name} (optimize: ${optimize})`, () => {
        const model = compile(program, { vocab: 'abc', maxSeqLen: 4, optimize });
        for (const x of allInputs([...'abc'], 4)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(program, x), x.join(''));
      });
    }
  }
}

describe('compiler/to_blocks', () => {
  describe('a lookup on a numerical s-op of booleans (stored as 0 and 1) gives the map booleans, as the evaluator does', () => {
    const bools = rasp.numerical(rasp.map((x) => x === 'a', tokens)).named('is_a');
    const programs = {
      'its one-hot view, read by a LT selector': rasp.selectorWidth(rasp.select(bools, rasp.map((x) => x === 'b', tokens), Comparison.GEQ)),
      'its one-hot view, copied by a categorical aggregate': rasp.lib.shiftBy(1, bools, false),
      'a map that tells true from 1': rasp.map((x) => (x === true ? 'yes' : 'no'), bools),
    };
    exactOnEveryInput(programs);
  });

  it('a lookup on a numerical selector width still calls the map with numbers', () => {
    const width = rasp.numerical(rasp.selectorWidth(rasp.select(indices, indices, Comparison.LT)));
    const program = rasp.map((w) => (w as number) % 2 === 0, width);
    const model = compile(program, { vocab: 'ab', maxSeqLen: 5 });
    for (const x of allInputs([...'ab'], 5)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(program, x));
  });

  describe('a one-hot map with a ReLU form (rasp.categorical(rasp.relu(x))) is a lookup on finite values, not refused as real-valued', () => {
    const width = rasp.selectorWidth(rasp.select(indices, indices, Comparison.NEQ));
    const counted = rasp.numerical(rasp.selectorWidth(rasp.select(tokens, tokens, Comparison.EQ)));
    const programs = {
      'relu of a width (chosen numerical when optimising)': rasp.categorical(rasp.relu(width)),
      'maximum of a numerical width and a one-hot map (a gated staircase when optimising)':
        rasp.categorical(rasp.maximum(counted, rasp.map((t) => (t === 'a' ? 2 : 0), tokens))),
      'linear of a numerical width and indices (a table over views)': rasp.categorical(rasp.linear([counted, indices], [1, -1])),
    };
    exactOnEveryInput(programs);
  });

  it('writes a one-hot number computed again (0.1 + 0.2) into the member it was merged with (0.3), within SAME_NUMBER', () => {
    const a = rasp.map((i) => [0, 0.1, 0.3, 0.5][i as number], indices), b = rasp.map((t) => ({ a: 0, b: 0.2, c: 0.6 })[t as string]!, tokens);
    const sum = rasp.sequenceMap((x, y) => (x as number) + (y as number), a, b);
    const third = rasp.map((s) => ((s as number) > 0.25 && (s as number) < 0.35 ? 'third' : 'other'), sum);
    for (const optimize of [true, false]) {
      const model = compile(sum, { vocab: 'abc', maxSeqLen: 4, optimize });
      for (const x of allInputs([...'abc'], 4)) {
        const got = model.forward(x) as number[], expected = rasp.evaluate(sum, x) as number[];
        got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= SAME_NUMBER * (1 + Math.abs(expected[i])),
          `${x.join('')}: ${v} against ${expected[i]}`));
      }
      const reader = compile(third, { vocab: 'abc', maxSeqLen: 4, optimize });
      for (const x of allInputs([...'abc'], 4)) assert.deepStrictEqual(reader.forward(x), rasp.evaluate(third, x), x.join(''));
    }
  });
});
