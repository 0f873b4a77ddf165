/** Library program that detects a fixed pattern ending at each position. */
import { map, sequenceMap, SOp } from '../dsl';
import { eq, Value } from '../values';
import { shiftBy } from './basic';

/**
 * True where the last `pattern.length` tokens, ending here, equal `pattern`.
 * @example rasp.evaluate(rasp.lib.detectPattern(rasp.tokens, ['a', 'b']), 'abcab'); // [false, true, false, false, true]
 */
export function detectPattern(sop: SOp, pattern: Value[]): SOp {
  if (!Array.isArray(pattern) || pattern.length === 0) throw new TypeError('detectPattern: expected a non-empty pattern');
  const m = pattern.length;
  const matches = pattern.map((p, j) => {
    const here = map((v) => eq(v, p), sop).named(`is_${String(p)}`);
    return m - 1 - j === 0 ? here : shiftBy(m - 1 - j, here, false);
  });
  return matches.reduce((acc, x) => sequenceMap((a, b) => a === true && b === true, acc, x)).named(`detect_${pattern.join('')}`);
}
