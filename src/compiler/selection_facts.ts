/**
 * selection_facts: what the compiler proves about selections from the program and its finite value sets — which s-ops
 * hold different values at different positions on every input, which selectors select at most one position per
 * query, and which aggregates see one value wherever they select several positions.
 *
 * Distinct across positions: indices; a position-dependent s-op whose values at 0 … maxSeqLen−1 all differ; a map of
 * jointly distinct inputs that is injective on their value combinations (tracr's sort key x + minKey·i/maxSeqLen); the
 * selector width of a total order of the positions: the rank of distinct keys, selectorWidth(select(k, k, <)), a
 * permutation of 0 … n−1 (also ≤, >, ≥), or of a lexicographic order, or a sum of widths that together count one
 * (smaller keys plus equal keys before: rasp.lib's makeSort). A width that counts within groups,
 * selectorWidth(and(select(g, g, ==), order)), is distinct jointly with g (a Dyck opener's ordinal at its level).
 * Under causal evaluation a width sees only the keys up to its query, so only orders by position count.
 *
 * At most one position: a selector marked rasp.atMostOne (the evaluator checks it), or a conjunction with one; a
 * conjunction whose equalities' keys are jointly distinct; a select of distinct keys whose predicate holds for at most
 * one key value per query value (tracr's shift_by, `q == k + offset`).
 *
 * One value over each selected set (its mean, or the evaluator's common value of equal non-numbers): the aggregated
 * s-op is determined by the keys of the conjunction's equalities — a key itself, a map of what the keys determine, or
 * what an injective map or a rank (selectorWidth(select(x, x, <)) determines x) was computed from.
 */
import {
  AggregateSOp, AndSelector, ConstantSOp, FullSOp, IndicesSOp, LengthSOp, MapSOp, OrSelector, Selector, SelectorWidthSOp,
  SelectSelector, SOp,
} from '../rasp/dsl';
import { Value } from '../rasp/values';
import { affineForm } from './affine_maps';
import { combinations, MAX_COMBINATIONS, sortValues } from './infer_values';
import { Settings, Values } from './stages';

/** The most (key value, query value) pairs tried to show that a predicate holds for at most one key value per query. */
export const MAX_PREDICATE_PAIRS = 1 << 20;

const ORDERS = ['LT', 'LEQ', 'GT', 'GEQ'];

/** A conjunction of selects (the positions where all hold). */
type Relation = SelectSelector[];

const facts = new WeakMap<Values, SelectionFacts>();

/**
 * The facts of one compilation (remembered per `values`).
 * @param values the inferred value sets (those of the s-ops asked about and their inputs must be there).
 * @param settings maxSeqLen and causal.
 */
export function selectionFacts(values: Values, settings: Settings): SelectionFacts {
  let f = facts.get(values);
  if (f === undefined) facts.set(values, (f = new SelectionFacts(values, settings)));
  return f;
}

/** Proofs about selections; each answer is remembered. */
export class SelectionFacts {
  private readonly distinctMemo = new Map<SOp, boolean>();
  private readonly injectiveMemo = new Map<SOp, boolean>();
  constructor(private readonly values: Values, private readonly settings: Settings) {}

  /**
   * Whether each query selects at most one position, on every input.
   * @example facts.atMostOne(select(indices, shifted, EQ)); // true
   */
  atMostOne(selector: Selector): boolean {
    const parts = conjuncts(selector);
    if (parts.some((s) => s.promisesAtMostOne)) return true;
    const selects = parts.filter((s): s is SelectSelector => s instanceof SelectSelector);
    const keys = selects.filter((s) => s.predicate.comparison === 'EQ').map((s) => s.keys);
    if (keys.length > 0 && this.jointlyDistinct(keys)) return true;
    return selects.some((s) => s.predicate.comparison !== 'EQ' && this.distinct(s.keys) && this.singleKeyPerQuery(s));
  }

  /**
   * Whether the aggregate's selected positions hold one value wherever it selects several (their mean, or the value
   * the evaluator gives for equal non-numbers, is then that value): it selects at most one, or its source is
   * determined by the keys of its selector's equalities. The text language's aggregates refuse equal non-numbers as the
   * reference does, so there only selecting at most one counts for them.
   * @example facts.selectsOneValue(aggregate(select(x, x, EQ), x)); // true
   */
  selectsOneValue(node: AggregateSOp): boolean {
    if (this.atMostOne(node.selector)) return true;
    if (node.reference && !(this.values.sets.get(node.sop) ?? []).every((v) => typeof v === 'number')) return false;
    const keys = conjuncts(node.selector).filter((s): s is SelectSelector => s instanceof SelectSelector && s.predicate.comparison === 'EQ')
      .map((s) => s.keys);
    return keys.length > 0 && this.determines(keys, node.sop);
  }

  /** Whether the s-op's values at any two positions differ on every input (under ==, where True is 1). */
  distinct(sop: SOp): boolean {
    let d = this.distinctMemo.get(sop);
    if (d === undefined) {
      this.distinctMemo.set(sop, false);
      d = this.computeDistinct(sop);
      this.distinctMemo.set(sop, d);
    }
    return d;
  }

  private computeDistinct(sop: SOp): boolean {
    if (sop instanceof IndicesSOp) return true;
    const positions = this.values.positional.get(sop);
    if (positions !== undefined) return allDifferent(positions.filter((v) => v !== undefined));
    if (sop instanceof SelectorWidthSOp) return this.countedGroups(sop.selector)?.length === 0;
    if (sop instanceof MapSOp) return this.sumOfWidthsIsOrder(sop) || (this.jointlyDistinct(sop.inputs) && this.injective(sop));
    return false;
  }

  /** Whether no two positions agree on all of the s-ops. */
  private jointlyDistinct(sops: SOp[]): boolean {
    if (sops.some((s) => this.distinct(s))) return true;
    return sops.some((s) => {
      const groups = s instanceof SelectorWidthSOp ? this.countedGroups(s.selector) : null;
      return groups !== null && groups.every((g) => sops.includes(g));
    });
  }

  /**
   * For a selector width distinct within groups of equal g₁, …: those s-ops (none: distinct outright); else null. The
   * selector is a total order of the positions, or a conjunction of equalities g == g with one.
   */
  private countedGroups(selector: Selector): SOp[] | null {
    const relations = disjuncts(selector);
    if (relations === null) return null;
    if (this.totalOrder(relations)) return [];
    if (relations.length !== 1) return null;
    const grouping = (s: SelectSelector) => s.predicate.comparison === 'EQ' && s.keys === s.queries;
    const rest = relations[0].filter((s) => !grouping(s));
    return rest.length < relations[0].length && this.totalOrder([rest]) ? relations[0].filter(grouping).map((s) => s.keys) : null;
  }

  /**
   * Whether the union of the relations orders the positions totally (each pair one way; every position with itself, or
   * none): select(d, d, <) of distinct d (≤, >, ≥ too), or lexicographically, select(k, k, <) with and(select(k, k, ==),
   * a total order). Under causal evaluation only positions by index (<, ≤): the width sees only keys up to the query.
   */
  private totalOrder(relations: Relation[]): boolean {
    if (relations.length === 1 && relations[0].length === 1) {
      const s = relations[0][0], op = s.predicate.comparison ?? '';
      if (!ORDERS.includes(op) || s.keys !== s.queries) return false;
      if (this.settings.causal) return s.keys instanceof IndicesSOp && (op === 'LT' || op === 'LEQ');
      return this.ordered(s.keys) && this.distinct(s.keys);
    }
    if (relations.length !== 2 || this.settings.causal) return false;
    for (const [a, b] of [relations, [relations[1], relations[0]]]) {
      const k = a.length === 1 ? a[0] : null;
      if (k === null || !['LT', 'GT'].includes(k.predicate.comparison ?? '') || k.keys !== k.queries || !this.ordered(k.keys)) continue;
      const tie = b.findIndex((s) => s.predicate.comparison === 'EQ' && s.keys === k.keys && s.queries === k.keys);
      if (tie >= 0 && this.totalOrder([b.filter((_, i) => i !== tie)])) return true;
    }
    return false;
  }

  /** A map Σ widths (an affine map with every weight 1) whose selectors together order the positions totally. */
  private sumOfWidthsIsOrder(node: MapSOp): boolean {
    if (this.settings.causal || node.inputs.length < 2 || !node.inputs.every((s) => s instanceof SelectorWidthSOp)) return false;
    const relations = (node.inputs as SelectorWidthSOp[]).map((w) => disjuncts(w.selector));
    if (relations.some((r) => r === null)) return false;
    const affine = affineForm(node, this.values);
    return affine !== null && affine.weights.every((w) => w === 1) && this.totalOrder(relations.flat() as Relation[]);
  }

  /** Whether the s-op's values are all numbers (and booleans) or all strings: the comparisons order them totally. */
  private ordered(sop: SOp): boolean {
    const set = this.values.sets.get(sop);
    if (set === null || set === undefined || set.length === 0) return false;
    return set.every((v) => typeof v === 'number' || typeof v === 'boolean') || set.every((v) => typeof v === 'string');
  }

  /**
   * Whether the map gives different values on different combinations of its inputs' values (where it does not fail).
   * Inputs that hold one value over a whole sequence (length, constants) are fixed within it, so the map need only be
   * injective for each value of them: `length - indices - 1` differs at every position of one input.
   */
  private injective(node: MapSOp): boolean {
    let known = this.injectiveMemo.get(node);
    if (known !== undefined) return known;
    const sets = node.inputs.map((s) => this.values.sets.get(s)), fixed = node.inputs.map((s) => uniform(s));
    known = false;
    if (sets.every((x): x is Value[] => x !== null && x !== undefined) && sets.reduce((p, x) => p * x.length, 1) <= MAX_COMBINATIONS) {
      const groups = new Map<string, Value[]>();
      for (const args of combinations(sets)) {
        const v = apply(node, args), key = JSON.stringify(args.filter((_, i) => fixed[i]));
        if (v !== undefined) groups.set(key, [...(groups.get(key) ?? []), v]);
      }
      known = [...groups.values()].every(allDifferent);
    }
    this.injectiveMemo.set(node, known);
    return known;
  }

  /** Whether the select's predicate holds for at most one value of the keys' set, for each value of the queries'. */
  private singleKeyPerQuery(s: SelectSelector): boolean {
    const keys = this.values.sets.get(s.keys), queries = this.values.sets.get(s.queries);
    if (keys === null || keys === undefined || queries === null || queries === undefined) return false;
    if (keys.length * queries.length > MAX_PREDICATE_PAIRS) return false;
    return queries.every((q) => keys.filter((k) => holds(s, k, q)).length <= 1);
  }

  /**
   * Whether `sop` is a function of the s-ops `keys` on every input: positions that agree on the keys agree on it.
   * Known from the keys: the keys, what an injective map among them or a rank among them was computed from, and maps
   * and constants of what is known; everything, when the keys are jointly distinct.
   */
  private determines(keys: SOp[], sop: SOp): boolean {
    if (this.jointlyDistinct(keys)) return true;
    const known = new Set<SOp>(), stack = [...keys];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (known.has(k)) continue;
      known.add(k);
      if (k instanceof MapSOp && this.injective(k)) stack.push(...k.inputs);
      const ranked = k instanceof SelectorWidthSOp ? this.rankOf(k.selector) : null;
      if (ranked !== null) stack.push(ranked);
    }
    const follows = (s: SOp): boolean => known.has(s) || s instanceof FullSOp || (s instanceof MapSOp && s.inputs.every(follows));
    return follows(sop);
  }

  /** For select(x, x, <) (or ≤, >, ≥) on totally ordered values, not causal: x (its width is a strictly monotone function of x). */
  private rankOf(selector: Selector): SOp | null {
    if (this.settings.causal || !(selector instanceof SelectSelector) || selector.keys !== selector.queries) return null;
    return ORDERS.includes(selector.predicate.comparison ?? '') && this.ordered(selector.keys) ? selector.keys : null;
  }
}

/** The parts of a conjunction: the selector itself and, through and(), every selector it is the conjunction of. */
function conjuncts(root: Selector): Selector[] {
  const out: Selector[] = [], stack = [root];
  while (stack.length > 0) {
    const s = stack.pop()!;
    out.push(s);
    if (s instanceof AndSelector) stack.push(s.right, s.left);
  }
  return out;
}

/** The selector as a union of conjunctions of selects (or() of and() of select()); null for any other shape (not()). */
function disjuncts(root: Selector): Relation[] | null {
  if (root instanceof OrSelector) {
    const left = disjuncts(root.left), right = disjuncts(root.right);
    return left === null || right === null ? null : [...left, ...right];
  }
  const parts = conjuncts(root).filter((s) => !(s instanceof AndSelector));
  return parts.every((s): s is SelectSelector => s instanceof SelectSelector) ? [parts] : null;
}

/** Whether the values differ pairwise under == (True as 1; numbers within SAME_NUMBER are one value, as in the model). */
/** Whether the s-op holds one value over each whole sequence: length, constants, and maps of those alone. */
function uniform(sop: SOp): boolean {
  if (sop instanceof LengthSOp || sop instanceof ConstantSOp) return true;
  return sop instanceof MapSOp && sop.inputs.length > 0 && sop.inputs.every(uniform);
}

function allDifferent(values: readonly Value[]): boolean {
  return sortValues(values.map((v) => (typeof v === 'boolean' ? Number(v) : v))).length === values.length;
}

function apply(node: MapSOp, args: Value[]): Value | undefined {
  try {
    const v = node.f(...args);
    return v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? undefined : v;
  } catch {
    return undefined;
  }
}

function holds(s: SelectSelector, key: Value, query: Value): boolean {
  try {
    return s.predicate(key, query);
  } catch {
    return false;
  }
}
