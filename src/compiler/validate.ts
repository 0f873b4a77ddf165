/** validate: every s-op the compiler cannot realise, with its reason, collected before any weights are built. */
import { CompileError, CompileProblem } from '../errors';
import { AggregateSOp, ConstantSOp, LengthSOp, MapSOp, SOp } from '../rasp/dsl';
import { show } from '../rasp/values';
import { atMostOne, MAX_COMBINATIONS } from './infer_values';
import { Graph, Settings, Values } from './stages';
import { mapStrategy } from './to_blocks';

/** The most (key value, query value) pairs a selector's one-hot table may have (each is scored when it is built). */
export const MAX_TABLE_PAIRS = 1 << 22;

const isNumber = (v: unknown) => typeof v === 'number' || typeof v === 'boolean';

/**
 * Throws one CompileError listing every problem (s-ops downstream of one whose values could not be inferred are not listed).
 * @throws {CompileError} when any s-op cannot be compiled.
 */
export function validate(graph: Graph, values: Values, settings: Settings): void {
  const problems: CompileProblem[] = [], failed = new Set<SOp>(), readers = new Map<SOp, SOp[]>();
  for (const node of graph.nodes) {
    if ((graph.inputs.get(node) ?? []).some((s) => failed.has(s))) {
      failed.add(node);
      continue;
    }
    const roots = values.encodings.get(node) === 'categorical' ? unboundedRoots(node, graph, values) : [];
    if (roots.length > 0 && !roots.includes(node)) {
      for (const root of roots) readers.set(root, [...(readers.get(root) ?? []), node]);
      failed.add(node);
      continue;
    }
    const reason = problemOf(node, graph, values, settings);
    if (reason !== null) problems.push({ sop: graph.names.get(node)!, reason });
    if (values.problems.has(node)) failed.add(node);
  }
  for (const [root, users] of readers) problems.push({ sop: graph.names.get(root)!, reason: unboundedProblem(root, users, graph, values) });
  if (problems.length > 0) throw new CompileError(problems);
}

/**
 * Where the values stop being a finite set, upstream of a node whose set is not finite: the nodes (it included) whose
 * own set is not finite while every input's is (real tokens, a numerical aggregate with too many means).
 */
function unboundedRoots(node: SOp, graph: Graph, values: Values): SOp[] {
  const roots = new Set<SOp>(), seen = new Set<SOp>(), stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n) || values.sets.get(n) !== null) continue;
    seen.add(n);
    const infinite = (graph.inputs.get(n) ?? []).filter((s) => values.sets.get(s) === null);
    if (infinite.length === 0) roots.add(n);
    stack.push(...infinite);
  }
  return [...roots];
}

/** The one problem reported for a root whose values are not a finite set, naming the s-ops that needed them finite. */
function unboundedProblem(root: SOp, users: SOp[], graph: Graph, values: Values): string {
  const why = values.unbounded.get(root) ?? (root.kind === 'tokens' ? 'the tokens are real numbers (no vocab)' : 'it holds real numbers');
  const names = users.slice(0, 3).map((u) => `'${graph.names.get(u)}'`).join(', ');
  const more = users.length > 3 ? ` and ${users.length - 3} more` : '';
  return `its values are not a finite set (${why}), but ${names}${more} read it through a table of finite values: lower ` +
    'maxSeqLen or the vocabulary, or compute from it with numerical maps of a known form only (rasp.linear, rasp.relu, ' +
    'rasp.maximum, rasp.minimum)';
}

function problemOf(node: SOp, graph: Graph, values: Values, s: Settings): string | null {
  const set = values.sets.get(node) ?? null, inputs = graph.inputs.get(node) ?? [];
  const found = values.problems.get(node);
  if (found !== undefined) return found;
  if (node instanceof ConstantSOp) return 'constant s-ops depend on the input length; build the values from indices with a map';
  if (node instanceof LengthSOp && s.causal) return 'length needs keys after the query, which a causal model cannot see; compile without causal';
  if (node.kind === 'tokens' && values.encodings.get(node) === 'categorical' && s.vocab === null) return 'categorical tokens need a vocabulary (opts.vocab)';
  if (values.encodings.get(node) === 'categorical' && set === null) {
    return 'its values are not a finite set, so it cannot be one-hot: mark it numerical, or make its inputs finite';
  }
  if (values.encodings.get(node) === 'numerical' && set !== null && !set.every(isNumber)) {
    return `a numerical s-op holds numbers only, but it can hold ${show(set.find((v) => !isNumber(v)))}: mark it categorical`;
  }
  if (node instanceof AggregateSOp) return aggregateProblem(node, inputs[0], values) ?? selectorProblem(node, graph, values);
  if (node instanceof MapSOp && !values.positional.has(node) && !values.affine.has(node)) return mapProblem(node, inputs, values);
  return selectorProblem(node, graph, values);
}

/** What keeps the selector of an aggregate, a width or length from being scored: a table too large, a real-valued equality. */
function selectorProblem(node: SOp, graph: Graph, values: Values): string | null {
  for (const t of graph.selectors.get(node) ?? []) {
    const pairs = t.kind === 'table' ? (values.sets.get(t.keys)?.length ?? 0) * (values.sets.get(t.queries)?.length ?? 0) : 0;
    if (t.kind === 'table' && pairs > MAX_TABLE_PAIRS) {
      return `its selector compares ${values.sets.get(t.keys)!.length} key values ('${t.keys.label}') with ` +
        `${values.sets.get(t.queries)!.length} query values ('${t.queries.label}'), ${pairs} pairs, more than the ` +
        `${MAX_TABLE_PAIRS} (MAX_TABLE_PAIRS) a head's table may take: lower maxSeqLen or the vocabulary`;
    }
    if (t.kind === 'equal' && [t.keys, t.queries].some((x) => values.sets.get(x) === null || !values.sets.get(x)!.every(isNumber))) {
      return `its selector compares '${t.keys.label}' and '${t.queries.label}' for equality, which needs finite sets of numbers`;
    }
  }
  return null;
}

function aggregateProblem(node: AggregateSOp, source: SOp, values: Values): string | null {
  if (values.encodings.get(node) === 'numerical') {
    const set = values.sets.get(source);
    if (set !== null && set !== undefined && !set.every(isNumber)) return `a numerical aggregate needs numbers, but '${source.label}' holds ${show(set.find((v) => !isNumber(v)))}`;
    if (!isNumber(node.fallback)) return `a numerical aggregate needs a numerical default, not ${show(node.fallback)}`;
  } else if (values.sets.get(source) === null) {
    return `a categorical aggregate needs a finite set of values, but '${source.label}' holds real numbers`;
  } else if (!atMostOne(node.selector) && values.sets.get(source)!.filter((v) => typeof v === 'number').length > 1) {
    return `it is categorical, but its selector can select several positions, whose numbers it would have to average ` +
      '(a mean has no one-hot encoding): leave it unannotated or mark it numerical, or select at most one position ' +
      '(an equality on indices)';
  }
  return null;
}

function mapProblem(node: MapSOp, inputs: SOp[], values: Values): string | null {
  const strategy = mapStrategy(node, inputs, values);
  if (strategy === 'table' || strategy === 'gated') {
    if (inputs.some((s) => values.sets.get(s) === null)) return null;
    const size = inputs.reduce((p, s) => p * values.sets.get(s)!.length, 1);
    return size > MAX_COMBINATIONS ? `its inputs have ${size} value combinations, more than the ${MAX_COMBINATIONS} a lookup MLP may take` : null;
  }
  if (values.encodings.get(node) === 'categorical' && strategy !== 'lookup') return 'a map of real values must be numerical';
  if (strategy === 'pointwise' && inputs.some((s) => values.encodings.get(s) !== 'numerical')) {
    return 'a map of real values reads its inputs as scalars: mark every input numerical';
  }
  return null;
}
