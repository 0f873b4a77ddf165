/**
 * program_to_graph: the program as a graph the later stages can realise. Selectors become conjunctions of terms;
 * where a term needs it, derived s-ops are added: one-hot views of numerical s-ops, squares for numerical equality,
 * and tuples of several s-ops for selectors that combine different keys or queries. When optimising, an equality of a
 * numerical side with a one-hot side of numbers is an `equal` term too, and the square of a selector width or of a
 * map built as a lookup is written by that s-op's own MLP (its host), so it takes no layer of its own.
 */
import {
  AggregateSOp, AndSelector, categorical, LengthSOp, map, MapSOp, NotSelector, numerical, OrSelector, SelectorWidthSOp,
  SelectSelector, Selector, sequenceMap, SOp,
} from '../rasp/dsl';
import { BOS, ONE } from '../encoder/residual';
import { topologicalOrder } from '../rasp/graph';
import { Value } from '../rasp/values';
import { inferNode, isEmbedded } from './infer_values';
import { mapStrategy } from './to_blocks';
import { Graph, Settings, Term, Values } from './stages';

/**
 * Lowers a program; derived s-ops get their value sets added to `values`. Every s-op is lowered, but only those the
 * output needs are in the graph (a `TRUE` select reads nothing), and only their squares are hosted.
 * @param program the output s-op.
 * @param values the value sets of the program's s-ops (infer_values).
 */
export function programToGraph(program: SOp, values: Values, settings: Settings): Graph {
  const lowering = new Lowering(values, settings);
  for (const node of topologicalOrder(program)) if (node instanceof SOp) lowering.visit(node);
  const nodes = dependencyOrder(program, lowering.inputs), needed = new Set(nodes);
  const { inputs, selectors } = lowering;
  const hosts = new Map([...lowering.hosts].filter(([square]) => needed.has(square)));
  return { output: program, nodes, inputs, selectors, names: uniqueNames(nodes), hosts };
}

class Lowering {
  readonly inputs = new Map<SOp, SOp[]>();
  readonly selectors = new Map<SOp, Term[]>();
  readonly hosts = new Map<SOp, SOp>();
  private readonly derived = new Map<string, SOp>();
  constructor(private readonly values: Values, private readonly settings: Settings) {}

  visit(node: SOp): void {
    if (node instanceof MapSOp) {
      this.inputs.set(node, this.mapInputs(node));
    } else if (node instanceof AggregateSOp) {
      const source = this.values.encodings.get(node) === 'categorical' && this.values.encodings.get(node.sop) === 'numerical' ? this.view(node.sop) : node.sop;
      const terms = this.terms(node.selector);
      this.selectors.set(node, terms);
      this.inputs.set(node, [source, ...termInputs(terms)]);
    } else if (node instanceof SelectorWidthSOp) {
      const terms = this.terms(node.selector);
      this.selectors.set(node, terms);
      this.inputs.set(node, termInputs(terms));
    } else if (node instanceof LengthSOp) {
      this.selectors.set(node, [{ kind: 'constant', selected: true }]);
      this.inputs.set(node, []);
    } else {
      this.inputs.set(node, []);
    }
  }

  /**
   * A multi-input map without a known form (or one-hot, whose form does not serve) reads one-hot views of its finite
   * numerical inputs (a lookup table), except, when optimising, a single numerical input, which a gated staircase reads.
   */
  private mapInputs(node: MapSOp): SOp[] {
    const o = node.options, inputs = this.values.fused.get(node)?.inputs ?? node.inputs;
    if (this.values.affine.has(node)) return inputs;
    const numerical = inputs.filter((s) => this.values.encodings.get(s) === 'numerical').length;
    const form = o.form !== undefined && this.values.encodings.get(node) === 'numerical';
    const tabulate = inputs.length > 1 && !form && o.pointwise === undefined &&
      inputs.every((s) => this.values.sets.get(s) !== null) && !(this.settings.optimize && numerical === 1);
    return inputs.map((s) => (tabulate && this.values.encodings.get(s) === 'numerical' ? this.view(s) : s));
  }

  private terms(selector: Selector): Term[] {
    if (selector instanceof AndSelector) return [...this.terms(selector.left), ...this.terms(selector.right)];
    if (selector instanceof SelectSelector) {
      const { keys, queries, predicate } = selector;
      if (predicate.comparison === 'TRUE' || predicate.comparison === 'FALSE') return [{ kind: 'constant', selected: predicate.comparison === 'TRUE' }];
      if (predicate.comparison === 'EQ' && this.numericalEquality(keys, queries)) {
        return [{ kind: 'equal', keys, queries, keySquare: this.squareOf(keys), querySquare: this.squareOf(queries) }];
      }
    }
    return [this.table(selector)];
  }

  /**
   * Both sides numerical; or, when optimising, one numerical and the other one-hot over finite numbers, unless the
   * numerical side has a one-hot view already (an aggregate copies it): its table then adds no dimension, where the
   * equality would add its square.
   */
  private numericalEquality(keys: SOp, queries: SOp): boolean {
    const numerical = [keys, queries].filter((s) => this.values.encodings.get(s) === 'numerical');
    if (numerical.length === 2) return true;
    if (numerical.length === 1 && this.derived.has(`view:${numerical[0].id}`)) return false;
    const numbers = (s: SOp) => this.values.sets.get(s)?.every((v) => typeof v === 'number') === true;
    return this.settings.optimize && numerical.length === 1 && numbers(keys) && numbers(queries);
  }

  /** A numerical side's square (a derived s-op); null for a one-hot side, whose square is a weighting of its values. */
  private squareOf(node: SOp): SOp | null {
    return this.values.encodings.get(node) === 'numerical' ? this.square(node) : null;
  }

  /**
   * Any selector over one-hot tuples of the keys and of the queries it reads: the predicate table is the tree itself. A
   * pair on which the tree throws (`0 < 'a'`, where a default meets a string) is not selected: as with a map that fails,
   * the evaluator fails on every input that has it, and the table needs no entry there.
   */
  private table(selector: Selector): Term {
    const leaves = selectLeaves(selector);
    const keyNodes = unique(leaves.map((l) => l.keys)), queryNodes = unique(leaves.map((l) => l.queries));
    const keys = this.tuple(keyNodes), queries = this.tuple(queryNodes);
    const readKey = reader(keyNodes), readQuery = reader(queryNodes);
    return {
      kind: 'table', keys, queries,
      predicate: (k, q) => {
        try {
          return holds(selector, readKey(k), readQuery(q));
        } catch {
          return false;
        }
      },
    };
  }

  private tuple(nodes: SOp[]): SOp {
    const parts = nodes.map((n) => (this.values.encodings.get(n) === 'numerical' ? this.view(n) : n));
    if (parts.length === 1) return parts[0];
    return this.derive(`tuple:${parts.map((p) => p.id).join(',')}`, () => {
      const [a, b, ...rest] = parts;
      return sequenceMap((...vs: Value[]) => JSON.stringify(vs), a, b, ...rest).named(`(${parts.map((p) => p.label).join(', ')})`);
    });
  }

  /** A one-hot copy of a numerical s-op (an identity lookup). */
  private view(node: SOp): SOp {
    return this.derive(`view:${node.id}`, () => categorical(map((x) => x, node).named(`${node.label}:onehot`)));
  }

  private square(node: SOp): SOp {
    // A compound label gets brackets: (length - indices - 1)², not length - indices - 1².
    const label = /^[\w.:]+$/.test(node.label) ? `${node.label}²` : `(${node.label})²`;
    const make = () => numerical(map((x) => (x as number) * (x as number), node).named(label));
    const square = this.derive(`square:${node.id}`, make);
    if (this.settings.optimize && this.hostable(node)) this.hosts.set(square, node);
    return square;
  }

  /** Whether an MLP of the node's own writes its value (a selector width's lookup, or a map's table or lookup units). */
  private hostable(node: SOp): boolean {
    if (isEmbedded(node, this.values) || this.values.affine.has(node)) return false;
    if (node instanceof SelectorWidthSOp || node instanceof LengthSOp) return true;
    return node instanceof MapSOp && ['table', 'lookup', 'gated'].includes(mapStrategy(node, this.inputs.get(node)!, this.values));
  }

  private derive(key: string, make: () => SOp): SOp {
    let node = this.derived.get(key);
    if (node === undefined) {
      node = make();
      this.derived.set(key, node);
      this.visit(node);
      inferNode(node, this.values, this.settings);
    }
    return node;
  }
}

/** The select() leaves of a selector tree (through and, or, not; never into the s-ops the leaves read). */
function selectLeaves(root: Selector): SelectSelector[] {
  const leaves: SelectSelector[] = [], stack: Selector[] = [root];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (s instanceof SelectSelector) leaves.push(s);
    else if (s instanceof AndSelector || s instanceof OrSelector) stack.push(s.right, s.left);
    else if (s instanceof NotSelector) stack.push(s.inner);
  }
  return leaves;
}

/** The values of `nodes` from one value of their tuple (the value itself for a single node), parsed once per value. */
function reader(nodes: SOp[]): (v: Value) => Map<SOp, Value> {
  const parsed = new Map<Value, Map<SOp, Value>>();
  return (v) => {
    let values = parsed.get(v);
    if (values === undefined) {
      values = new Map(nodes.map((n, i) => [n, nodes.length === 1 ? v : (JSON.parse(v as string) as Value[])[i]]));
      parsed.set(v, values);
    }
    return values;
  };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function termInputs(terms: Term[]): SOp[] {
  return terms.flatMap((t) => (t.kind === 'table' ? [t.keys, t.queries]
    : t.kind === 'equal' ? [t.keys, t.queries, ...[t.keySquare, t.querySquare].filter((s): s is SOp => s !== null)] : []));
}

/** Whether the selector selects, given the values of the keys and queries it reads. */
function holds(s: Selector, keys: Map<SOp, Value>, queries: Map<SOp, Value>): boolean {
  if (s instanceof SelectSelector) return s.predicate(keys.get(s.keys)!, queries.get(s.queries)!);
  if (s instanceof AndSelector) return holds(s.left, keys, queries) && holds(s.right, keys, queries);
  if (s instanceof OrSelector) return holds(s.left, keys, queries) || holds(s.right, keys, queries);
  if (s instanceof NotSelector) return !holds(s.inner, keys, queries);
  throw new Error(`unknown selector kind '${s.kind}'`);
}

/** Every s-op the output needs, inputs before users (iterative). */
function dependencyOrder(output: SOp, inputs: Map<SOp, SOp[]>): SOp[] {
  const order: SOp[] = [], done = new Set<SOp>(), stack: [SOp, number][] = [[output, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1], deps = inputs.get(top[0]) ?? [];
    if (top[1] < deps.length) {
      const next = deps[top[1]++];
      if (!done.has(next)) stack.push([next, 0]);
    } else {
      stack.pop();
      if (!done.has(top[0])) { done.add(top[0]); order.push(top[0]); }
    }
  }
  return order;
}

/** Labels, made unique where two s-ops share one (or take the name of the `one` and `bos` dimensions). */
function uniqueNames(nodes: SOp[]): Map<SOp, string> {
  const count = new Map<string, number>([[ONE, 1], [BOS, 1]]);
  for (const n of nodes) count.set(n.label, (count.get(n.label) ?? 0) + 1);
  return new Map(nodes.map((n) => [n, count.get(n.label)! > 1 ? `${n.label}#${n.id}` : n.label]));
}
