/** JSON for jobs and results whose smoothness holds ∞ (an irrelevant coordinate): written as the string "Infinity". */
import { readInputFile } from './input_file';

/** A JSON.stringify replacer that keeps Infinity (JSON has no such number). */
export function infinityReplacer(_key: string, value: unknown): unknown {
  return value === Infinity ? 'Infinity' : value;
}

/**
 * JSON.parse, then the strings "Infinity" back to Infinity. The walk keeps its own stack: JSON.parse's reviver recurses,
 * so deeply nested input (a hostile line) would overflow it before the caller could name what is wrong.
 */
export function parseWithInfinity(text: string): unknown {
  const root: unknown = JSON.parse(text), stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    const entries = node as Record<string, unknown>;
    for (const key of Object.keys(entries)) {
      if (entries[key] === 'Infinity') entries[key] = Infinity;
      else stack.push(entries[key]);
    }
  }
  return root === 'Infinity' ? Infinity : root;
}

/**
 * The non-empty lines of a result file (one JSON value a line, ∞ written "Infinity"), each parsed and handed to
 * `check` with its place (`file:line`) for the caller's own check; a line that is not JSON throws naming its place.
 */
export function readResultLines<T>(file: string, check: (value: unknown, place: string) => T): T[] {
  const results: T[] = [];
  readInputFile(file).split('\n').forEach((line, k) => {
    if (line.trim() === '') return;
    const place = `${file}:${k + 1}`;
    let value: unknown;
    try {
      value = parseWithInfinity(line);
    } catch {
      throw new Error(`${place}: not a JSON result line`);
    }
    results.push(check(value, place));
  });
  return results;
}
