/** Python semantics of RASP values: arithmetic, comparison, truthiness, rounding, sequence types. */
import * as assert from 'assert';
import * as py from '../../src/rasp/values';
import { assertThrows } from '../helpers/throws';

describe('rasp/values', () => {
  it('% takes the sign of the divisor', () => {
    assert.deepStrictEqual([py.mod(-3, 4), py.mod(3, -4), py.mod(7, 3), py.mod(-4, 4), py.mod(5.5, 2)], [1, -1, 1, 0, 1.5]);
  });
  it('round halves to even, also for negatives', () => {
    assert.deepStrictEqual([0.5, 1.5, 2.5, -2.5, -0.5, 3.7, -3.7, 2].map(py.roundHalfEven), [0, 2, 2, -2, 0, 4, -4, 2]);
  });
  it('arithmetic treats booleans as 0 and 1, and + joins strings', () => {
    assert.deepStrictEqual([py.add(true, 1), py.sub(3, false), py.mul(true, 5), py.add('a', 'b'), py.mul('ab', 2)], [2, 3, 5, 'ab', 'abab']);
  });
  it('a negative power gives a float and true division never truncates', () => {
    assert.deepStrictEqual([py.pow(2, -1), py.pow(-2, 2), py.div(7, 2), py.div(4, 2)], [0.5, 4, 3.5, 2]);
  });
  it('equality: 1 == 1.0 == True, never across strings and numbers', () => {
    assert.deepStrictEqual([py.eq(1, true), py.eq(0, false), py.eq('1', 1), py.eq('a', 'a'), py.eq(null, null)], [true, true, false, true, true]);
  });
  it('strings order by code point', () => {
    assert.ok(py.compare('B', 'a') < 0 && py.compare('a', 'ab') < 0 && py.compareStrings('é', 'z') > 0);
  });
  it('truthiness follows Python', () => {
    assert.deepStrictEqual([0, 1, '', 'a', false, true, null, -1].map(py.truthy), [false, true, false, true, false, true, false, true]);
  });
  const errors: [string, () => unknown, RegExp][] = [
    ['division by zero', () => py.div(1, 0), /^division by zero$/],
    ['modulo by zero', () => py.mod(1, 0), /^integer division or modulo by zero$/],
    ['a string plus a number', () => py.add('a', 1), /^unsupported operand types for \+: 'str' and 'int'$/],
    ['ordering a string against a number', () => py.compare('a', 1), /^'<' not supported between instances of 'str' and 'int'$/],
    ['zero to a negative power', () => py.pow(0, -1), /^0\.0 cannot be raised to a negative power$/],
    ['a string times a string (as a type error, not endless recursion)', () => py.mul('a', 'b'), /^unsupported operand types for \*: 'str' and 'str'$/],
    ['a power that overflows', () => py.pow(10, 400), /^10 \^ 400 is not a finite number \(Infinity\)$/],
    ['a product that overflows', () => py.mul(1e300, -1e300), /^1e\+300 \* -1e\+300 is not a finite number \(-Infinity\)$/],
    ['a sum that overflows', () => py.add(1.7e308, 1.7e308), /is not a finite number/],
    ['a quotient that overflows', () => py.div(1e308, 1e-10), /is not a finite number/],
  ];
  for (const [what, call, message] of errors) it(`rejects ${what}`, () => assertThrows(call, message));
  it('sequence types: uniform, ints with bools, floats, and an error for mixes', () => {
    const never = () => false;
    assert.deepStrictEqual([py.sequenceType(['a'], never, 'x'), py.sequenceType([true, false], never, 'x'), py.sequenceType([1, true], never, 'x'),
      py.sequenceType([1, 2], (i) => i === 1, 'x')], ['string', 'bool', 'int', 'float']);
    assertThrows(() => py.sequenceType(['a', 0], never, "s-op 'm'"), /^s-op 'm': attempted to create sequence with vals of different types: \["a", 0\]$/);
  });

  it("None pads a sequence of any one type (tracr's shift_by), and is a type of its own alone", () => {
    const never = () => false;
    assert.deepStrictEqual([py.sequenceType([null, 'a'], never, 'x'), py.sequenceType([true, null], never, 'x'), py.sequenceType([null, 1.5], (i) => i === 1, 'x'),
      py.sequenceType([null, null], never, 'x')], ['string', 'bool', 'float', 'none']);
    assertThrows(() => py.sequenceType([null, 'a', 0], never, 'x'), /vals of different types: \[None, "a", 0\]$/);
  });
});
