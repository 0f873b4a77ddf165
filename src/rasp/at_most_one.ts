/** The evaluator's check of rasp.atMostOne: a marked selector selects at most one key for every query of the input. */
import { RaspError } from '../errors';
import { Selector, SOp } from './dsl';
import { selectionStats, Tick, ValuesOf } from './selection';

/**
 * Checks every selector marked with rasp.atMostOne in the selector tree an aggregate or selector width reads.
 * @param reader the aggregate or selector width (named in the message).
 * @param selector its selector.
 * @throws {RaspError} (ERR_ATTNSIM_RASP_AT_MOST_ONE) naming the s-op, the selector, the query position and the count.
 */
export function checkAtMostOne(reader: SOp, selector: Selector, valuesOf: ValuesOf, n: number, causal: boolean, tick: Tick): void {
  for (const marked of markedSelectors(selector)) {
    const { count } = selectionStats(marked, valuesOf, null, n, causal, tick);
    const q = count.findIndex((c) => c > 1);
    if (q >= 0) {
      const what = reader.kind === 'aggregate' ? 'aggregate' : 'selector width';
      throw new RaspError(`${what} '${reader.label}' at position ${q}: selector '${marked.label}' is marked rasp.atMostOne, ` +
        `but on this input it selects ${count[q]} positions for that query (the input breaks the promise)`, 'ERR_ATTNSIM_RASP_AT_MOST_ONE');
    }
  }
}

/** The selectors marked atMostOne in a selector tree (through and, or, not; not into the s-ops the selects read). */
function markedSelectors(root: Selector): Selector[] {
  const out: Selector[] = [], stack: Selector[] = [root];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (s.promisesAtMostOne) out.push(s);
    for (const c of s.children()) if (c instanceof Selector) stack.push(c);
  }
  return out;
}
