/** infer_values: the finite value set of every s-op, from the vocabulary and maxSeqLen, and positional s-ops' values. */
import {
  AggregateSOp, AndSelector, Encoding, FullSOp, Selector, SelectSelector, IndicesSOp, LengthSOp, MapSOp, SelectorWidthSOp, SOp, TokensSOp,
} from '../rasp/dsl';
import { show, Value } from '../rasp/values';
import { valueKey } from '../encoder/residual';
import { Settings, ValueSet, Values } from './stages';

/** Maps over more input combinations than this are not enumerated (their value set counts as not finite). */
export const MAX_COMBINATIONS = 200_000;

/** Value sets of the given s-ops (inputs before users), and the per-position values of positional ones. */
export function inferValues(nodes: readonly SOp[], settings: Settings): Values {
  const values: Values = { sets: new Map(), positional: new Map(), encodings: new Map(), fused: new Map(), problems: new Map() };
  for (const node of nodes) inferNode(node, values, settings);
  return values;
}

/** Adds one s-op's value set to `values` (its inputs must be there already). */
export function inferNode(node: SOp, values: Values, settings: Settings): void {
  values.encodings.set(node, encodingOf(node, values));
  const positions = positionalValues(node, values, settings.maxSeqLen);
  if (positions !== null) {
    values.positional.set(node, positions);
    values.sets.set(node, sortValues(positions.filter((v): v is Value => v !== undefined)));
    if (node instanceof MapSOp && positions.every((v) => v === undefined)) values.problems.set(node, failure(node, node.inputs.map((s) => values.positional.get(s)!)));
    return;
  }
  values.sets.set(node, valueSet(node, values, settings));
}

/** The values of an s-op that depends on the position only (undefined where its map fails); null otherwise. */
function positionalValues(node: SOp, values: Values, n: number): Value[] | null {
  if (node instanceof IndicesSOp) return Array.from({ length: n }, (_, i) => i);
  if (node instanceof FullSOp) return new Array<Value>(n).fill(node.value);
  if (!(node instanceof MapSOp)) return null;
  const inputs = node.inputs.map((s) => values.positional.get(s));
  if (inputs.some((x) => x === undefined)) return null;
  return Array.from({ length: n }, (_, p) => {
    const args = inputs.map((x) => x![p]);
    return args.some((a) => a === undefined) ? (undefined as unknown as Value) : tryApply(node, args);
  });
}

function tryApply(node: MapSOp, args: Value[]): Value {
  try {
    const out = node.f(...args);
    return typeof out === 'number' && !Number.isFinite(out) ? (undefined as unknown as Value) : out;
  } catch {
    return undefined as unknown as Value;
  }
}

/** Unannotated aggregates of numbers are numerical unless the selector provably picks at most one key. */
function encodingOf(node: SOp, values: Values): Encoding {
  if (node.annotated || !(node instanceof AggregateSOp) || atMostOne(node.selector)) return node.encoding;
  const source = values.sets.get(node.sop);
  return source !== null && source !== undefined && source.length > 0 && source.every((v) => typeof v === 'number') ? 'numerical' : node.encoding;
}

/** An equality on indices as keys (each query finds at most one position), or a conjunction with one. */
export function atMostOne(selector: Selector): boolean {
  if (selector instanceof AndSelector) return atMostOne(selector.left) || atMostOne(selector.right);
  return selector instanceof SelectSelector && selector.predicate.comparison === 'EQ' && selector.keys instanceof IndicesSOp;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function valueSet(node: SOp, values: Values, s: Settings): ValueSet {
  const n = s.maxSeqLen, setOf = (x: SOp) => values.sets.get(x) ?? null;
  if (node instanceof TokensSOp) return s.vocab === null ? null : sortValues(s.vocab);
  if (node instanceof LengthSOp) return range(1, n);
  if (node instanceof SelectorWidthSOp) return range(0, n);
  if (node instanceof MapSOp) return mapSet(node, node.inputs.map(setOf), values);
  if (node instanceof AggregateSOp) return aggregateSet(node, setOf(node.sop), n, values);
  return null;
}

function mapSet(node: MapSOp, inputs: ValueSet[], values: Values): ValueSet {
  if (inputs.some((x) => x === null)) return null;
  const sets = inputs as Value[][], count = sets.reduce((p, x) => p * x.length, 1);
  if (count > MAX_COMBINATIONS) {
    values.problems.set(node, `its inputs have ${count} value combinations, more than the ${MAX_COMBINATIONS} (MAX_COMBINATIONS) the ` +
      'compiler enumerates to find its values: lower maxSeqLen or the vocabulary, or mark it and its inputs numerical');
    return null;
  }
  const out: Value[] = [];
  for (const args of combinations(sets)) {
    const v = tryApply(node, args);
    if (v !== undefined) out.push(v);
  }
  if (out.length === 0 && count > 0) values.problems.set(node, failure(node, sets));
  return sortValues(out);
}

/** The reason for a map that fails on every combination of its inputs' values: the first combination and its error. */
function failure(node: MapSOp, inputs: readonly (readonly Value[])[]): string {
  const args = inputs.map((x) => x.find((v) => v !== undefined) as Value);
  let error: string;
  try {
    const out = node.f(...args);
    error = `it gives ${String(out)}, which is not a finite number`;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  return `it fails on every value its inputs can hold, so no input runs: on (${args.map(show).join(', ')}): ${error}`;
}

/** Every combination of one value from each set. */
export function* combinations(sets: readonly (readonly Value[])[]): Generator<Value[]> {
  if (sets.length === 0) { yield []; return; }
  const [first, ...rest] = sets;
  for (const tail of [...combinations(rest)]) for (const v of first) yield [v, ...tail];
}

function aggregateSet(node: AggregateSOp, source: ValueSet, n: number, values: Values): ValueSet {
  if (source === null) return null;
  if (values.encodings.get(node) === 'categorical') return sortValues([...source, node.fallback]);
  const numbers = source.map(Number);
  if (numbers.length === 1) return sortValues([numbers[0], node.fallback]);
  if (!numbers.every((v) => v === 0 || v === 1)) return null;
  const means: number[] = [];
  for (let m = 1; m <= n; m++) for (let k = 0; k <= m; k++) means.push(k / m);
  return sortValues([...means, node.fallback]);
}

const rank = (v: Value) => (typeof v === 'number' ? 0 : typeof v === 'boolean' ? 1 : typeof v === 'string' ? 2 : 3);

/** Numbers closer than this (relative to 1 + |x|) are one value: rounding in maps such as 1/3 − 5/6 is not a new value. */
export const SAME_NUMBER = 1e-9;

/** Distinct values (1, "1" and True kept apart; near-equal numbers merged), numbers ascending, then booleans, strings, None. */
export function sortValues(values: readonly Value[]): Value[] {
  const sorted = values.every((v) => typeof v === 'number') ? [...Float64Array.from(values as number[]).sort()]
    : [...new Map(values.map((v) => [valueKey(v), v])).values()].sort((a, b) => rank(a) - rank(b) || (a! < b! ? -1 : a! > b! ? 1 : 0));
  return sorted.filter((v, i) => i === 0 || typeof v !== 'number' || typeof sorted[i - 1] !== 'number' ||
    v - (sorted[i - 1] as number) > SAME_NUMBER * (1 + Math.abs(v)));
}
