/** What a session's values weigh against its maxElements limit: each value counted once, however often it is shared. */
import { RaspExpr, Selector, SOp } from '../dsl';
import { topologicalOrder } from '../graph';
import { Env } from './env';
import { elementUnits } from './limits';
import { LangDict, LangValue } from './values';

/**
 * The elements the values bound in `env` hold, in maxElements units (see RaspLimits.maxElements); a list, dict or
 * s-op reachable from several names counts once.
 * @param env the scope whose own names are counted (not its parents').
 * @returns the count.
 * @example heldElements(scope); // 1000008 after `x = range(1000000);`
 */
export function heldElements(env: Env): number {
  const seen = new Set<object>(), pending: LangValue[] = env.names().map((name) => env.get(name));
  let units = 0;
  while (pending.length > 0) {
    const v = pending.pop()!;
    if (typeof v === 'string') units += v.length * elementUnits.element;
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      units += elementUnits.container + v.length * elementUnits.element;
      for (const item of v) if (typeof item === 'object' || typeof item === 'string') pending.push(item);
    } else if (v instanceof LangDict) {
      units += elementUnits.container * (1 + v.entries.size);
      for (const [, value] of v.entries.values()) pending.push(value);
    } else if (v instanceof SOp || v instanceof Selector) {
      units += nodeUnits(v, seen);
    } else if ('kind' in v && v.kind === 'applied') {
      const n = v.input.length;
      units += elementUnits.element * ('sequence' in v ? 2 * n : n + n * n);
    }
  }
  return units;
}

/** The s-op or selector nodes `root` reaches that are not yet in `seen` (which gains them), in units. */
function nodeUnits(root: RaspExpr, seen: Set<object>): number {
  let units = 0;
  for (const node of topologicalOrder(root)) {
    if (node !== root && seen.has(node)) continue;
    seen.add(node);
    units += elementUnits.node;
  }
  return units;
}
