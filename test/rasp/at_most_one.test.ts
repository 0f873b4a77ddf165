/** rasp.atMostOne: the evaluator checks the promise at every aggregate and selector width that reads the marked selector. */
import * as assert from 'assert';
import { RaspError } from '../../src/errors';
import * as rasp from '../../src/rasp/index';
import { assertThrows } from '../helpers/throws';

const { tokens, indices, Comparison: C } = rasp;
const CODE = 'ERR_ATTNSIM_RASP_AT_MOST_ONE';
const atMarker = () => rasp.atMostOne(rasp.select(tokens, '#', C.EQ)).named('at_marker');

describe('rasp.atMostOne', () => {
  it('leaves the selector\'s meaning alone where the input keeps the promise (one marker, or none: the default)', () => {
    const where = rasp.aggregate(atMarker(), indices, { default: -1 }).named('marker_position');
    assert.deepStrictEqual([rasp.evaluate(where, 'ab#c'), rasp.evaluate(where, 'abc')], [[2, 2, 2, 2], [-1, -1, -1]]);
    assert.deepStrictEqual(rasp.evaluateSelector(atMarker(), 'a#'), [[false, true], [false, true]]);
  });

  it('returns a marked copy: the original selector makes no promise', () => {
    const plain = rasp.select(tokens, '#', C.EQ), marked = rasp.atMostOne(plain);
    assert.ok(marked !== plain && marked.promisesAtMostOne && !plain.promisesAtMostOne);
    assert.deepStrictEqual(rasp.evaluate(rasp.selectorWidth(plain), '#a#'), [2, 2, 2]);
  });

  it('an aggregate on an input that breaks the promise raises a RaspError naming the s-op, the selector and the position', () => {
    const where = rasp.aggregate(atMarker(), indices).named('marker_position');
    assertThrows(() => rasp.evaluate(where, '#a#'), /^aggregate 'marker_position' at position 0: selector 'at_marker' is marked rasp\.atMostOne, but on this input it selects 2 positions for that query \(the input breaks the promise\)$/, CODE, RaspError);
  });

  it('a marked selector inside and() and a selector width are checked too; causally, only the keys up to the query count', () => {
    const width = rasp.selectorWidth(rasp.and(atMarker(), rasp.select(indices, indices, C.LEQ))).named('seen');
    assertThrows(() => rasp.evaluate(width, '##'), /^selector width 'seen' at position 0: selector 'at_marker' .* selects 2 positions/, CODE);
    assert.deepStrictEqual(rasp.evaluate(width, '#a', { causal: true }), [1, 1]);
    assertThrows(() => rasp.evaluate(width, '#a#', { causal: true }), /at position 2: selector 'at_marker'/, CODE);
  });

  it('refuses a non-selector', () => {
    assertThrows(() => rasp.atMostOne(tokens as never), /^atMostOne: expected a selector for selector but received/, 'ERR_ATTNSIM_ARGUMENT');
  });
});
