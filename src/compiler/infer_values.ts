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
  const values: Values = {
    sets: new Map(), positional: new Map(), encodings: new Map(), fused: new Map(), affine: new Map(), problems: new Map(), unbounded: new Map(),
  };
  for (const node of nodes) inferNode(node, values, settings);
  return values;
}

/** Adds one s-op's value set to `values` (its inputs must be there already). */
export function inferNode(node: SOp, values: Values, settings: Settings): void {
  values.encodings.set(node, encodingOf(node, values));
  const positions = positionalValues(node, values, settings.maxSeqLen);
  if (positions !== null) {
    values.positional.set(node, positions);
    values.sets.set(node, setFromInputSet(node, values, positions.length) ?? positionalSet(positions));
    if (node instanceof MapSOp && positions.every((v) => v === undefined)) {
      values.problems.set(node, failure(node, node.inputs.map((s) => values.positional.get(s)!)));
    }
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
  const out = new Array<Value>(n);
  if (inputs.length === 1) {
    const x = inputs[0]!;
    for (let p = 0; p < n; p++) out[p] = x[p] === undefined ? (undefined as unknown as Value) : tryApply(node, [x[p]]);
    return out;
  }
  for (let p = 0; p < n; p++) {
    const args = inputs.map((x) => x![p]);
    out[p] = args.some((a) => a === undefined) ? (undefined as unknown as Value) : tryApply(node, args);
  }
  return out;
}

/**
 * A one-input positional map's value set from its input's, when that set is much smaller than the positions: the
 * map takes at some position exactly the values f(v) for v in its input's set (x², offsets and so on of a few values).
 */
function setFromInputSet(node: SOp, values: Values, n: number): Value[] | null {
  if (!(node instanceof MapSOp) || node.inputs.length !== 1) return null;
  const input = values.sets.get(node.inputs[0]);
  return input !== null && input !== undefined && input.length <= Math.min(n / 4, MAX_COMBINATIONS) ? mapSet(node, [input], values) : null;
}

/** The value set of a positional s-op (its values where defined); numbers in one pass without copies. */
function positionalSet(positions: readonly Value[]): Value[] {
  const numbers = new Float64Array(positions.length);
  let count = 0;
  for (let p = 0; p < positions.length; p++) {
    const v = positions[p];
    if (typeof v === 'number') numbers[count++] = v;
    else if (v !== undefined) return sortValues(positions.filter((x): x is Value => x !== undefined));
  }
  return distinctNumbers(numbers.subarray(0, count));
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

/**
 * An aggregate's values: the source's and the default, and for a numerical one the means of up to maxSeqLen of the
 * source's numbers (booleans, and a boolean default, as 1 and 0, as the evaluator gives them). Too many means (more than MAX_MEANS) leave
 * the set not finite, and `values.unbounded` says why.
 */
function aggregateSet(node: AggregateSOp, source: ValueSet, n: number, values: Values): ValueSet {
  if (source === null) return null;
  if (values.encodings.get(node) === 'categorical') return sortValues([...source, node.fallback]);
  const numbers = distinctNumbers(source.filter((v) => typeof v === 'number' || typeof v === 'boolean').map(Number));
  const means = meansOf(numbers, n);
  if (means === null) {
    values.unbounded.set(node, `its means of up to ${n} of the ${numbers.length} values of '${node.sop.label}' number more ` +
      `than ${MAX_MEANS} (MAX_MEANS)`);
    return null;
  }
  return sortValues([...means, typeof node.fallback === 'boolean' ? Number(node.fallback) : node.fallback]);
}

/** The most means of a numerical aggregate listed as its value set. */
export const MAX_MEANS = 100_000;

/**
 * Every mean of 1 … n values drawn from `numbers` (repeats allowed), or a superset of it, or null beyond MAX_MEANS.
 * Numbers on a grid lo + g·ℤ (step g, a fraction with denominator up to 1000) have sums of m on lo·m + g·ℤ, so
 * the means of m are (lo·m + g·j)/m for j = 0 … m·(hi − lo)/g; other numbers are summed out set by set.
 */
function meansOf(numbers: number[], n: number): number[] | null {
  if (numbers.length <= 1) return numbers;
  const lo = numbers[0], hi = numbers[numbers.length - 1], step = gridStep(numbers.map((v) => v - lo));
  const out: number[] = [];
  if (step !== null) {
    const span = Math.round((hi - lo) / step);
    for (let m = 1; m <= n; m++) {
      if (out.length + m * span + 1 > MAX_MEANS) return null;
      for (let j = 0; j <= m * span; j++) out.push(lo + (step * j) / m);
    }
    return out;
  }
  let sums = numbers;
  for (let m = 1; m <= n; m++) {
    if (m > 1) {
      if (sums.length * numbers.length > MAX_MEANS * 4) return null;
      sums = distinctNumbers(sums.flatMap((a) => numbers.map((b) => a + b)));
    }
    if (out.length + sums.length > MAX_MEANS) return null;
    for (const v of sums) out.push(v / m);
  }
  return out;
}

/** The largest g with every offset a multiple of it, where g is a fraction k/d with d ≤ 1000; null if none. */
function gridStep(offsets: number[]): number | null {
  for (let d = 1; d <= 1000; d++) {
    const scaled = offsets.map((v) => v * d);
    if (!scaled.every((v) => Math.abs(v - Math.round(v)) <= SAME_NUMBER * (1 + Math.abs(v)))) continue;
    const g = scaled.reduce((a, v) => gcd(a, Math.round(v)), 0);
    return g === 0 ? null : g / d;
  }
  return null;
}

function gcd(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : gcd(b, a % b);
}

const rank = (v: Value) => (typeof v === 'number' ? 0 : typeof v === 'boolean' ? 1 : typeof v === 'string' ? 2 : 3);

/** Numbers closer than this (relative to 1 + |x|) are one value: rounding in maps such as 1/3 − 5/6 is not a new value. */
export const SAME_NUMBER = 1e-9;

/**
 * Distinct values (1, "1" and True kept apart; near-equal numbers merged), numbers ascending, then booleans, strings,
 * None.
 */
export function sortValues(values: readonly Value[]): Value[] {
  const numbers = distinctNumbers(values.filter((v): v is number => typeof v === 'number'));
  const others = [...new Map(values.filter((v) => typeof v !== 'number').map((v) => [valueKey(v), v])).values()];
  return [...numbers, ...others.sort((a, b) => rank(a) - rank(b) || (a! < b! ? -1 : a! > b! ? 1 : 0))];
}

/**
 * Which of two near-equal numbers stands for both: the one with the shorter decimal form (1 rather than
 * 0.9999999999999998 from a map's rounding), which is the one an evaluation without that rounding gives, so that an
 * equality tested on the set's members (a one-hot table) holds where the evaluator's does.
 */
function plainer(a: number, b: number): number {
  return String(b).length < String(a).length ? b : a;
}

/**
 * Numbers ascending, each kept when it is more than SAME_NUMBER above its predecessor. Positional s-ops give one
 * number per position, mostly in a few ascending runs or small integers: those need no full sort (the runs are
 * merged, small integers marked in a bitmap). A Float64Array argument may be sorted in place.
 */
function distinctNumbers(values: ArrayLike<number>): number[] {
  let integers = true, min = Infinity, max = -Infinity;
  const starts = [0];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0 && v < values[i - 1] && starts.length <= MAX_RUNS) starts.push(i);
    if (!Number.isInteger(v)) integers = false;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (starts.length > 1 && integers && max - min <= 4 * values.length + 1024 && Math.max(-min, max) < 1e8) {
    return distinctIntegers(values, min, max);
  }
  const sorted = starts.length === 1 ? values : starts.length <= MAX_RUNS ? mergeRuns(values, starts)
    : (values instanceof Float64Array ? values : Float64Array.from(values)).sort();
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    if (i === 0 || v - sorted[i - 1] > SAME_NUMBER * (1 + Math.abs(v))) out.push(v);
    else out[out.length - 1] = plainer(out[out.length - 1], v);
  }
  return out;
}

/** Inputs in at most this many ascending runs are merged rather than sorted. */
const MAX_RUNS = 16;

/** The ascending runs values[starts[i] … starts[i+1]) merged pairwise into one ascending array. */
function mergeRuns(values: ArrayLike<number>, starts: number[]): Float64Array<ArrayBufferLike> {
  const all = values instanceof Float64Array ? values : Float64Array.from(values);
  let runs: Float64Array<ArrayBufferLike>[] = starts.map((s, i) => all.subarray(s, starts[i + 1] ?? all.length));
  while (runs.length > 1) {
    const next: Float64Array<ArrayBufferLike>[] = [];
    for (let i = 0; i < runs.length; i += 2) next.push(i + 1 < runs.length ? mergeTwo(runs[i], runs[i + 1]) : runs[i]);
    runs = next;
  }
  return runs[0];
}

function mergeTwo(a: Float64Array<ArrayBufferLike>, b: Float64Array<ArrayBufferLike>): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0, j = 0, k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** Distinct integers in [min, max] ascending, by marking them (integers below 1e8 in size are never merged). */
function distinctIntegers(values: ArrayLike<number>, min: number, max: number): number[] {
  const seen = new Uint8Array(max - min + 1), out: number[] = [];
  for (let i = 0; i < values.length; i++) seen[values[i] - min] = 1;
  for (let i = 0; i < seen.length; i++) if (seen[i] === 1) out.push(i + min);
  return out;
}
