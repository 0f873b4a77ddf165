/**
 * tracr's None: shift_by pads with None, maps pass None through without calling their function (tracr's evaluator
 * does the same), and detect_pattern gives None before a pattern can end; the compiled models agree.
 */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { SOp } from '../../src/rasp/dsl';
import { Value } from '../../src/rasp/values';
import { allInputs } from '../cases/programs';

const { tokens, indices, map, sequenceMap, aggregate, select } = rasp;

/** tracr's shift_by: Aggregate(Select(indices, indices, lambda k, q: q == k + offset), sop, default=None). */
const shiftBy = (offset: number, sop: SOp) => aggregate(select(indices, indices, (k, q) => q === (k as number) + offset), sop, { default: null });

/** tracr's detect_pattern: the element detectors shifted into place and joined with `&`. */
function detectPattern(sop: SOp, pattern: Value[]): SOp {
  const detectors = [...pattern].reverse().map((element, i): SOp => {
    const detector = map((x) => x === element, sop);
    return i === 0 ? detector : shiftBy(i, detector);
  });
  let detected: SOp = detectors.pop()!;
  while (detectors.length > 0) detected = sequenceMap((x, y) => x && y, detected, detectors.pop()!);
  return detected;
}

describe("compiler: tracr's None padding", () => {
  it('shift_by pads with None, and a map of the shifted tokens keeps the padding (its function never sees None)', () => {
    assert.deepStrictEqual(rasp.evaluate(shiftBy(1, tokens), 'abc'), [null, 'a', 'b']);
    assert.deepStrictEqual(rasp.evaluate(map((t) => (t as string).toUpperCase(), shiftBy(2, tokens)), 'abc'), [null, null, 'A']);
  });

  it("detect_pattern(tokens, 'abc') is None, None, then true at each end of 'abc', as tracr's", () => {
    assert.deepStrictEqual(rasp.evaluate(detectPattern(tokens, [...'abc']), 'abcabc'), [null, null, true, false, false, true]);
  });

  for (const [name, program] of [['shift_by(1)', shiftBy(1, tokens)], ["detect_pattern('abc')", detectPattern(tokens, [...'abc'])]] as const) {
    it(`${name} compiles and equals the evaluator on every input up to 5 tokens over 'abc'`, () => {
      const model = compile(program, { vocab: 'abc', maxSeqLen: 5 });
      for (const x of allInputs([...'abc'], 5)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(program, x), x.join(''));
    });
  }
});
