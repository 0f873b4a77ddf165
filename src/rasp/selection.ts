/**
 * What a selector selects, reduced to per-query statistics (count, sum of values, sum of key indices)
 * so that aggregate and selectorWidth never need the n×n matrix. Selects with built-in comparisons,
 * and `and`s of them with at most one comparison other than EQ, run in O(n) (hashing) or O(n log n)
 * (a Fenwick tree over ranks); so does an `or` of two such selectors that exclude each other. Other
 * selectors stream one row at a time in O(n²) time and O(n) memory.
 */
import { RaspError, thrownMessage } from '../errors';
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

/** Called before each row a selector streams (how a RASP session applies its step and time budget). */
export type Tick = () => void;

const noTick: Tick = () => undefined;

/** The statistics of `selector` over numeric `values` (null when they are not numbers). */
export function selectionStats(selector: Selector, valuesOf: ValuesOf, values: Float64Array | null, n: number, causal: boolean,
  tick: Tick = noTick): SelectionStats {
  const fast = fastStats(selector, valuesOf, values, n, causal);
  if (fast) return fast;
  const stats = emptyStats(n), rows = new RowEvaluator(valuesOf, n), row = new Uint8Array(n);
  for (let q = 0; q < n; q++) {
    tick();
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
export function selectorMatrix(selector: Selector, valuesOf: ValuesOf, n: number, causal: boolean, tick: Tick = noTick): boolean[][] {
  const rows = new RowEvaluator(valuesOf, n), row = new Uint8Array(n);
  return Array.from({ length: n }, (_, q) => {
    tick();
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

/** One built-in comparison inside a conjunction of selects. */
interface Conjunct {
  sel: SelectSelector;
  op: ComparisonName;
}

/** The selects of a selector made only of `and`s of built-in comparisons, or null (iterative: long chains are fine). */
function conjunction(sel: Selector): Conjunct[] | null {
  const out: Conjunct[] = [], stack: Selector[] = [sel];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (s instanceof AndSelector) {
      stack.push(s.right, s.left);
    } else if (s instanceof SelectSelector && s.predicate.comparison) {
      out.push({ sel: s, op: s.predicate.comparison });
    } else {
      return null;
    }
  }
  return out;
}

/** Which signs of (key − query) each comparison accepts: two conjuncts on the same pair that share none exclude each other. */
const signs: Record<ComparisonName, string> = { LT: '-', LEQ: '-0', EQ: '0', GEQ: '0+', GT: '+', NEQ: '-+', TRUE: '-0+', FALSE: '' };

function disjoint(a: Conjunct[], b: Conjunct[]): boolean {
  return a.some((x) => b.some((y) => x.sel.keys === y.sel.keys && x.sel.queries === y.sel.queries
    && ![...signs[x.op]].some((c) => signs[y.op].includes(c))));
}

/**
 * Sub-quadratic statistics where an exact fast way exists: a conjunction of EQ selects with at most one
 * other comparison (hash on the EQ parts, then order within each group), or an `or` of two such
 * conjunctions that cannot both hold (their statistics add). Null where none applies.
 */
function fastStats(sel: Selector, valuesOf: ValuesOf, values: Float64Array | null, n: number, causal: boolean): SelectionStats | null {
  const parts = conjunction(sel);
  if (parts) return conjunctionStats(parts, valuesOf, values, n, causal);
  if (sel instanceof OrSelector) {
    const a = conjunction(sel.left), b = conjunction(sel.right);
    if (!a || !b || !disjoint(a, b)) return null;
    const x = conjunctionStats(a, valuesOf, values, n, causal), y = conjunctionStats(b, valuesOf, values, n, causal);
    if (!x || !y) return null;
    return { count: add(x.count, y.count, 1), sum: add(x.sum, y.sum, 1), indexSum: add(x.indexSum, y.indexSum, 1) };
  }
  return null;
}

function add(a: Float64Array, b: Float64Array, sign: number): Float64Array {
  return a.map((v, i) => v + sign * b[i]);
}

function conjunctionStats(parts: Conjunct[], valuesOf: ValuesOf, values: Float64Array | null, n: number, causal: boolean): SelectionStats | null {
  if (parts.some((p) => p.op === 'FALSE')) return emptyStats(n);
  const equal = parts.filter((p) => p.op === 'EQ'), other = parts.filter((p) => p.op !== 'EQ' && p.op !== 'TRUE');
  if (other.length > 1) return null;
  const partCodes = (p: Conjunct) => codes(p.sel, p.op, valuesOf(p.sel.keys), valuesOf(p.sel.queries));
  const [keyGroups, queryGroups] = groups(equal.map(partCodes), n);
  if (other.length === 0) return equality(keyGroups, queryGroups, values, causal);
  const [keys, queries] = partCodes(other[0]);
  if (other[0].op === 'NEQ') {
    const [kg, qg] = groups([[keyGroups, queryGroups], [keys, queries]], n);
    const all = equality(keyGroups, queryGroups, values, causal), same = equality(kg, qg, values, causal);
    return { count: add(all.count, same.count, -1), sum: add(all.sum, same.sum, -1), indexSum: add(all.indexSum, same.indexSum, -1) };
  }
  return orderWithinGroups(other[0].op, keyGroups, keys, queryGroups, queries, values, causal);
}

/** One group id per key and per query, equal exactly where every part's codes are equal. */
function groups(parts: [Float64Array, Float64Array][], n: number): [Float64Array, Float64Array] {
  if (parts.length === 0) return [new Float64Array(n), new Float64Array(n)];
  if (parts.length === 1) return parts[0];
  const ids = new Map<string, number>();
  const id = (side: 0 | 1, i: number) => {
    const key = parts.map((p) => p[side][i]).join('|');
    let found = ids.get(key);
    if (found === undefined) ids.set(key, (found = ids.size));
    return found;
  };
  return [Float64Array.from({ length: n }, (_, i) => id(0, i)), Float64Array.from({ length: n }, (_, i) => id(1, i))];
}

/** EQ by hashing the key codes; under the causal mask keys enter in position order. */
function equality(keys: Float64Array, queries: Float64Array, values: Float64Array | null, causal: boolean): SelectionStats {
  const n = keys.length, stats = emptyStats(n);
  const groupsByCode = new Map<number, [number, number, number]>();
  const insert = (k: number) => {
    const g = groupsByCode.get(keys[k]) ?? [0, 0, 0];
    g[0]++;
    g[1] += values ? values[k] : 0;
    g[2] += k;
    groupsByCode.set(keys[k], g);
  };
  if (!causal) for (let k = 0; k < n; k++) insert(k);
  for (let q = 0; q < n; q++) {
    if (causal) insert(q);
    const [count, sum, indexSum] = groupsByCode.get(queries[q]) ?? [0, 0, 0];
    stats.count[q] = count;
    stats.sum[q] = sum;
    stats.indexSum[q] = indexSum;
  }
  return stats;
}

/**
 * An order comparison within groups: keys go into a Fenwick tree over (group, code) ranks (all at once,
 * or in position order under the causal mask), and each query sums the range its comparison selects.
 */
function orderWithinGroups(op: ComparisonName, keyGroups: Float64Array, keys: Float64Array, queryGroups: Float64Array,
  queries: Float64Array, values: Float64Array | null, causal: boolean): SelectionStats {
  const n = keys.length, stats = emptyStats(n);
  const pairs = [...Array.from({ length: n }, (_, i): [number, number] => [keyGroups[i], keys[i]]),
    ...Array.from({ length: n }, (_, i): [number, number] => [queryGroups[i], queries[i]])];
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const rank = new Map<string, number>(), first = new Map<number, number>(), last = new Map<number, number>();
  for (const [g, c] of pairs) {
    const key = `${g}|${c}`;
    if (rank.has(key)) continue;
    const r = rank.size + 1;
    rank.set(key, r);
    if (!first.has(g)) first.set(g, r);
    last.set(g, r);
  }
  const size = rank.size, trees = [new Float64Array(size + 1), new Float64Array(size + 1), new Float64Array(size + 1)];
  const insert = (k: number) => {
    const d = [1, values ? values[k] : 0, k];
    for (let r = rank.get(`${keyGroups[k]}|${keys[k]}`)!; r <= size; r += r & -r) for (let t = 0; t < 3; t++) trees[t][r] += d[t];
  };
  const prefix = (r: number, t: number) => {
    let out = 0;
    for (; r > 0; r -= r & -r) out += trees[t][r];
    return out;
  };
  if (!causal) for (let k = 0; k < n; k++) insert(k);
  for (let q = 0; q < n; q++) {
    if (causal) insert(q);
    const g = queryGroups[q], r = rank.get(`${g}|${queries[q]}`)!, lo = first.get(g)!, hi = last.get(g)!;
    const [from, to] = op === 'LT' ? [lo, r - 1] : op === 'LEQ' ? [lo, r] : op === 'GT' ? [r + 1, hi] : [r, hi];
    const range = (t: number) => (to >= from ? prefix(to, t) - prefix(from - 1, t) : 0);
    stats.count[q] = range(0);
    stats.sum[q] = range(1);
    stats.indexSum[q] = range(2);
  }
  return stats;
}

/** The selector nodes under `root` (not the s-ops they read), children first, each once; iterative, so any depth is fine. */
function selectorOrder(root: Selector): Selector[] {
  const order: Selector[] = [], seen = new Set<Selector>(), stack: [Selector, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [node, expanded] = stack.pop()!;
    if (expanded) {
      order.push(node);
      continue;
    }
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push([node, true]);
    for (const child of node.children()) if (child instanceof Selector && !seen.has(child)) stack.push([child, false]);
  }
  return order;
}

/** Fills one query's row of any selector, node by node in dependency order, with one row buffer per node. */
class RowEvaluator {
  private buffers = new Map<Selector, Uint8Array>();
  private orders = new Map<Selector, Selector[]>();
  private prepared = new Map<SelectSelector, [Float64Array, Float64Array] | null>();
  constructor(private readonly valuesOf: ValuesOf, private readonly n: number) {}

  fill(sel: Selector, q: number, row: Uint8Array): void {
    let order = this.orders.get(sel);
    if (!order) this.orders.set(sel, (order = selectorOrder(sel)));
    for (const node of order) this.fillNode(node, q, this.buffer(node));
    row.set(this.buffer(sel));
  }

  private fillNode(sel: Selector, q: number, row: Uint8Array): void {
    if (sel instanceof SelectSelector) return this.fillSelect(sel, q, row);
    if (sel instanceof NotSelector) {
      const inner = this.buffer(sel.inner);
      for (let k = 0; k < this.n; k++) row[k] = inner[k] ^ 1;
      return;
    }
    const both = sel as AndSelector | OrSelector, left = this.buffer(both.left), right = this.buffer(both.right);
    if (both instanceof AndSelector) for (let k = 0; k < this.n; k++) row[k] = left[k] & right[k];
    else for (let k = 0; k < this.n; k++) row[k] = left[k] | right[k];
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
        throw new RaspError(`select '${sel.label}': the predicate failed on key ${show(keys[k])} (position ${k}) and query ${show(query)} (position ${q}): ${thrownMessage(error)}`);
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
