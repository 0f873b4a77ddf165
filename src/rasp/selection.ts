/**
 * What a selector selects, reduced to per-query statistics (count, sum of values, sum of key indices)
 * so that aggregate and selectorWidth never need the n×n matrix. A plain select with a built-in
 * comparison runs in O(n) (EQ, NEQ: hashing) or O(n log n) (orders: sorting, or a Fenwick tree when
 * causal); other selectors stream one row at a time in O(n²) time and O(n) memory.
 */
import { RaspError } from '../errors';
import { AndSelector, ComparisonName, NotSelector, OrSelector, SelectSelector, Selector } from './dsl';
import { compareStrings, show, Value } from './values';

/** Per query: how many keys are selected, the sum of their values, the sum of their indices. */
export interface SelectionStats {
  count: Float64Array;
  sum: Float64Array;
  indexSum: Float64Array;
}

/** Evaluated s-op values by node, as the evaluator keeps them. */
export type ValuesOf = (sop: SelectSelector['keys']) => readonly Value[];

/** The statistics of `selector` over numeric `values` (null when they are not numbers). */
export function selectionStats(selector: Selector, valuesOf: ValuesOf, values: Float64Array | null, n: number, causal: boolean): SelectionStats {
  if (selector instanceof SelectSelector && selector.predicate.comparison) {
    return fastStats(selector, selector.predicate.comparison, valuesOf, values, n, causal);
  }
  const stats = emptyStats(n), rows = new RowEvaluator(valuesOf, n), row = new Uint8Array(n);
  for (let q = 0; q < n; q++) {
    rows.fill(selector, q, row);
    const last = causal ? q + 1 : n;
    let count = 0, sum = 0, indexSum = 0;
    for (let k = 0; k < last; k++) {
      if (row[k]) {
        count++;
        indexSum += k;
        if (values) sum += values[k];
      }
    }
    stats.count[q] = count;
    stats.sum[q] = sum;
    stats.indexSum[q] = indexSum;
  }
  return stats;
}

/** The dense matrix of a selector, rows = queries, columns = keys. */
export function selectorMatrix(selector: Selector, valuesOf: ValuesOf, n: number, causal: boolean): boolean[][] {
  const rows = new RowEvaluator(valuesOf, n), row = new Uint8Array(n);
  return Array.from({ length: n }, (_, q) => {
    rows.fill(selector, q, row);
    return Array.from(row, (v, k) => v === 1 && (!causal || k <= q));
  });
}

function emptyStats(n: number): SelectionStats {
  return { count: new Float64Array(n), sum: new Float64Array(n), indexSum: new Float64Array(n) };
}

/** Numbers that order and compare keys against queries exactly as the values do, or an error. */
function codes(selector: SelectSelector, op: ComparisonName, keys: readonly Value[], queries: readonly Value[]): [Float64Array, Float64Array] {
  const all = [...keys, ...queries];
  const numeric = all.every((v) => typeof v === 'number' || typeof v === 'boolean');
  if (numeric) return [Float64Array.from(keys, Number), Float64Array.from(queries, Number)];
  if (op === 'EQ' || op === 'NEQ' || op === 'TRUE' || op === 'FALSE') {
    const ids = new Map<Value, number>();
    const id = (v: Value) => {
      const key = typeof v === 'boolean' ? +v : v;
      let found = ids.get(key);
      if (found === undefined) ids.set(key, (found = ids.size));
      return found;
    };
    return [Float64Array.from(keys, id), Float64Array.from(queries, id)];
  }
  if (all.every((v) => typeof v === 'string')) {
    const sorted = [...new Set(all as string[])].sort(compareStrings);
    const rank = new Map(sorted.map((s, i) => [s, i]));
    return [Float64Array.from(keys, (v) => rank.get(v as string)!), Float64Array.from(queries, (v) => rank.get(v as string)!)];
  }
  const k = keys.find((v) => typeof v !== typeof queries[0]) ?? keys[0];
  throw new RaspError(`select '${selector.label}': cannot order ${show(k)} against ${show(queries[0])} (${op} needs keys and queries that are all numbers or all strings)`);
}

function fastStats(sel: SelectSelector, op: ComparisonName, valuesOf: ValuesOf, values: Float64Array | null, n: number, causal: boolean): SelectionStats {
  const [keys, queries] = codes(sel, op, valuesOf(sel.keys), valuesOf(sel.queries));
  const stats = emptyStats(n);
  if (op === 'TRUE' || op === 'FALSE') {
    return trueOrFalse(op === 'TRUE', values, n, causal, stats);
  }
  if (op === 'EQ' || op === 'NEQ') return equality(op === 'NEQ', keys, queries, values, causal, stats);
  return causal ? orderCausal(op, keys, queries, values, stats) : orderSorted(op, keys, queries, values, stats);
}

function trueOrFalse(all: boolean, values: Float64Array | null, n: number, causal: boolean, stats: SelectionStats): SelectionStats {
  if (!all) return stats;
  let count = 0, sum = 0, indexSum = 0;
  const total = () => { for (let k = 0; k < n; k++) { count++; indexSum += k; sum += values ? values[k] : 0; } };
  if (!causal) total();
  for (let q = 0; q < n; q++) {
    if (causal) {
      count++;
      indexSum += q;
      sum += values ? values[q] : 0;
    }
    stats.count[q] = count;
    stats.sum[q] = sum;
    stats.indexSum[q] = indexSum;
  }
  return stats;
}

/** EQ and NEQ by hashing the key codes; NEQ is the complement of EQ within the visible keys. */
function equality(negate: boolean, keys: Float64Array, queries: Float64Array, values: Float64Array | null, causal: boolean, stats: SelectionStats): SelectionStats {
  const n = keys.length;
  const groups = new Map<number, [number, number, number]>();
  let total: [number, number, number] = [0, 0, 0];
  const insert = (k: number) => {
    const g = groups.get(keys[k]) ?? [0, 0, 0];
    g[0]++;
    g[1] += values ? values[k] : 0;
    g[2] += k;
    groups.set(keys[k], g);
    total = [total[0] + 1, total[1] + (values ? values[k] : 0), total[2] + k];
  };
  if (!causal) for (let k = 0; k < n; k++) insert(k);
  for (let q = 0; q < n; q++) {
    if (causal) insert(q);
    const g = groups.get(queries[q]) ?? [0, 0, 0];
    const [count, sum, indexSum] = negate ? [total[0] - g[0], total[1] - g[1], total[2] - g[2]] : g;
    stats.count[q] = count;
    stats.sum[q] = sum;
    stats.indexSum[q] = indexSum;
  }
  return stats;
}

/** Order comparisons without a mask: keys sorted once, prefix sums, a binary search per query. */
function orderSorted(op: ComparisonName, keys: Float64Array, queries: Float64Array, values: Float64Array | null, stats: SelectionStats): SelectionStats {
  const n = keys.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
  const sorted = Float64Array.from(order, (i) => keys[i]);
  const prefix = [new Float64Array(n + 1), new Float64Array(n + 1), new Float64Array(n + 1)];
  order.forEach((k, i) => {
    prefix[0][i + 1] = prefix[0][i] + 1;
    prefix[1][i + 1] = prefix[1][i] + (values ? values[k] : 0);
    prefix[2][i + 1] = prefix[2][i] + k;
  });
  for (let q = 0; q < n; q++) {
    const below = bound(sorted, queries[q], false), upTo = bound(sorted, queries[q], true);
    const [from, to] = op === 'LT' ? [0, below] : op === 'LEQ' ? [0, upTo] : op === 'GT' ? [upTo, n] : [below, n];
    stats.count[q] = prefix[0][to] - prefix[0][from];
    stats.sum[q] = prefix[1][to] - prefix[1][from];
    stats.indexSum[q] = prefix[2][to] - prefix[2][from];
  }
  return stats;
}

/** The number of sorted entries < x (or <= x when inclusive). */
function bound(sorted: Float64Array, x: number, inclusive: boolean): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x || (inclusive && sorted[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Order comparisons under the causal mask: keys enter a Fenwick tree over their ranks in position order. */
function orderCausal(op: ComparisonName, keys: Float64Array, queries: Float64Array, values: Float64Array | null, stats: SelectionStats): SelectionStats {
  const n = keys.length;
  const ranks = [...new Set([...keys, ...queries])].sort((a, b) => a - b);
  const rankOf = new Map(ranks.map((v, i) => [v, i + 1]));
  const trees = [new Float64Array(ranks.length + 1), new Float64Array(ranks.length + 1), new Float64Array(ranks.length + 1)];
  const add = (r: number, d: number[]) => { for (; r <= ranks.length; r += r & -r) for (let t = 0; t < 3; t++) trees[t][r] += d[t]; };
  const prefix = (r: number) => {
    const out = [0, 0, 0];
    for (; r > 0; r -= r & -r) for (let t = 0; t < 3; t++) out[t] += trees[t][r];
    return out;
  };
  const total = [0, 0, 0];
  for (let q = 0; q < n; q++) {
    const d = [1, values ? values[q] : 0, q];
    add(rankOf.get(keys[q])!, d);
    for (let t = 0; t < 3; t++) total[t] += d[t];
    const r = rankOf.get(queries[q])!;
    const below = prefix(r - 1), upTo = prefix(r);
    const pick = op === 'LT' ? below : op === 'LEQ' ? upTo : op === 'GT' ? total.map((v, t) => v - upTo[t]) : total.map((v, t) => v - below[t]);
    stats.count[q] = pick[0];
    stats.sum[q] = pick[1];
    stats.indexSum[q] = pick[2];
  }
  return stats;
}

/** Fills one query's row of any selector, with a buffer per node so that nested selectors reuse memory. */
class RowEvaluator {
  private buffers = new Map<Selector, Uint8Array>();
  private prepared = new Map<SelectSelector, [Float64Array, Float64Array] | null>();
  constructor(private readonly valuesOf: ValuesOf, private readonly n: number) {}

  fill(sel: Selector, q: number, row: Uint8Array): void {
    if (sel instanceof SelectSelector) return this.fillSelect(sel, q, row);
    if (sel instanceof NotSelector) {
      this.fill(sel.inner, q, row);
      for (let k = 0; k < this.n; k++) row[k] ^= 1;
      return;
    }
    const both = sel as AndSelector | OrSelector;
    const other = this.buffer(both);
    this.fill(both.left, q, row);
    this.fill(both.right, q, other);
    if (both instanceof AndSelector) for (let k = 0; k < this.n; k++) row[k] &= other[k];
    else for (let k = 0; k < this.n; k++) row[k] |= other[k];
  }

  private buffer(sel: Selector): Uint8Array {
    let b = this.buffers.get(sel);
    if (!b) this.buffers.set(sel, (b = new Uint8Array(this.n)));
    return b;
  }

  private fillSelect(sel: SelectSelector, q: number, row: Uint8Array): void {
    const op = sel.predicate.comparison;
    if (!this.prepared.has(sel)) {
      this.prepared.set(sel, op ? codes(sel, op, this.valuesOf(sel.keys), this.valuesOf(sel.queries)) : null);
    }
    const prepared = this.prepared.get(sel);
    if (prepared && op) {
      const [keys, queries] = prepared, x = queries[q];
      for (let k = 0; k < this.n; k++) row[k] = compareCodes(op, keys[k], x) ? 1 : 0;
      return;
    }
    const keys = this.valuesOf(sel.keys), query = this.valuesOf(sel.queries)[q];
    for (let k = 0; k < this.n; k++) {
      try {
        row[k] = sel.predicate(keys[k], query) ? 1 : 0;
      } catch (error) {
        throw new RaspError(`select '${sel.label}': the predicate failed on key ${show(keys[k])} (position ${k}) and query ${show(query)} (position ${q}): ${(error as Error).message}`);
      }
    }
  }
}

function compareCodes(op: ComparisonName, k: number, q: number): boolean {
  switch (op) {
    case 'EQ': return k === q;
    case 'NEQ': return k !== q;
    case 'LT': return k < q;
    case 'LEQ': return k <= q;
    case 'GT': return k > q;
    case 'GEQ': return k >= q;
    case 'TRUE': return true;
    case 'FALSE': return false;
  }
}
