/**
 * RASP embedded in TypeScript: s-ops (sequence operations) and selectors, built from tokens, indices
 * and length by elementwise maps, selections, aggregations and selector widths.
 *
 * A RASP program is a graph of these nodes; nothing is computed until `evaluate()` runs it on an input.
 * Every node has a readable, settable label, and `children()` for walking the graph.
 */
import { invalidType } from '../check';
import { compare, eq, show, Value } from './values';

let nextId = 0;

/** How many nodes have been created so far in this process (a RASP session counts the ones its runs build). */
export function nodesCreated(): number {
  return nextId;
}

/** How the compiler should encode an s-op in the residual stream. */
export type Encoding = 'categorical' | 'numerical';

/** A node of a RASP program. */
export abstract class RaspExpr {
  /** Creation order: unique, and increasing along every edge of the graph. */
  readonly id = nextId++;
  private name: string | undefined;
  abstract readonly kind: string;

  /** The node's label: its given name, or `<kind>_<id>`. */
  get label(): string {
    return this.name ?? `${this.kind}_${this.id}`;
  }

  /** Sets the label and returns the node, for chaining: `rasp.map(f, x).named('shifted')`. */
  named(name: string): this {
    if (typeof name !== 'string' || name === '') throw invalidType('named', 'name', 'a non-empty string', name);
    this.name = name;
    return this;
  }

  /** The nodes this one reads, in order. */
  abstract children(): RaspExpr[];
}

/**
 * An s-op: a function from an input sequence to a sequence of the same length. `T` is the type of its
 * values, for TypeScript only: `indices` and `length` are `SOp<number>`, `tokens` is `SOp<Value>`, and
 * maps infer theirs from their functions.
 */
export abstract class SOp<T extends Value = Value> extends RaspExpr {
  /** The type of the values (a declaration for TypeScript; never set at run time). */
  declare readonly valueType?: T;
  /** The compiler's encoding for this s-op (categorical unless annotated). */
  encoding: Encoding = 'categorical';
  /** Whether `encoding` was set by numerical() / categorical() rather than left at its default. */
  annotated = false;
}

/** A selector: for an input, which keys each query attends to (rows = queries, columns = keys). */
export abstract class Selector extends RaspExpr {}

/** The input tokens. */
export class TokensSOp extends SOp {
  readonly kind = 'tokens';
  children(): RaspExpr[] { return []; }
}

/** The positions 0 … n−1. */
export class IndicesSOp extends SOp<number> {
  readonly kind = 'indices';
  children(): RaspExpr[] { return []; }
}

/** The input length n at every position. */
export class LengthSOp extends SOp<number> {
  readonly kind = 'length';
  children(): RaspExpr[] { return []; }
}

/** Options of an elementwise map. */
export interface MapOptions {
  /** Force the number type of results ('float' as Python's `/` does, 'int' as `round` does); by default it follows the inputs. */
  numberType?: 'int' | 'float';
  /** The map as an exact ReLU network (set by rasp.linear, rasp.relu, rasp.maximum, rasp.minimum); the compiler uses it on real values. */
  form?: ReluForm;
  /** The name of a map the compiler realises as a marked position-wise block (set by rasp.product, rasp.exp, rasp.divide). */
  pointwise?: string;
}

/** f(x) = Σ_u scale_u·ReLU(weights_u·x + bias_u) + linear·x + bias, over the map's inputs x. */
export interface ReluForm {
  units: { weights: number[]; bias: number; scale: number }[];
  linear: number[];
  bias: number;
}

/**
 * An elementwise function of one or more s-ops: out[i] = f(a[i], b[i], …), and None wherever an argument is None (as
 * tracr's evaluator, which never calls f on None: a sequence shifted with None padding stays padded through maps).
 */
export class MapSOp<T extends Value = Value> extends SOp<T> {
  readonly kind = 'map';
  /** The user's function with None passed through: what the evaluator and the compiler apply. */
  readonly f: (...args: Value[]) => T;
  constructor(f: (...args: Value[]) => T, readonly inputs: SOp[], readonly options: MapOptions = {}) {
    super();
    this.f = (...args: Value[]) => (args.includes(null) ? (null as T) : f(...args));
  }
  children(): RaspExpr[] { return this.inputs; }
}

/** The same value at every position. */
export class FullSOp<T extends Value = Value> extends SOp<T> {
  readonly kind = 'full';
  constructor(readonly value: T) {
    super();
  }
  children(): RaspExpr[] { return []; }
}

/** Fixed values, one per position (the input must have exactly this length). */
export class ConstantSOp<T extends Value = Value> extends SOp<T> {
  readonly kind = 'constant';
  constructor(readonly values: readonly T[]) {
    super();
  }
  children(): RaspExpr[] { return []; }
}

/** The mean of the selected values of `sop` per query (the value itself when exactly one, `fallback` when none). */
export class AggregateSOp<T extends Value = Value> extends SOp<T> {
  readonly kind = 'aggregate';
  /**
   * @param reference the text language's aggregate: like the reference interpreter it refuses several selected
   *   non-numbers even when they are equal (the DSL gives that value).
   */
  constructor(readonly selector: Selector, readonly sop: SOp, readonly fallback: Value, readonly reference = false) {
    super();
  }
  children(): RaspExpr[] { return [this.selector, this.sop]; }
}

/** How many keys each query selects. */
export class SelectorWidthSOp extends SOp<number> {
  readonly kind = 'selectorWidth';
  constructor(readonly selector: Selector) {
    super();
  }
  children(): RaspExpr[] { return [this.selector]; }
}

/** A predicate on (key, query); the built-in comparisons carry a name the evaluator and compiler recognise. */
export interface Predicate<K extends Value = Value, Q extends Value = Value> {
  (key: K, query: Q): boolean;
  /** Set on the built-in comparisons only. */
  readonly comparison?: ComparisonName;
}

/** The names of the built-in comparisons. */
export type ComparisonName = 'EQ' | 'LT' | 'LEQ' | 'GT' | 'GEQ' | 'NEQ' | 'TRUE' | 'FALSE';

function comparison(name: ComparisonName, f: (key: Value, query: Value) => boolean): Predicate {
  return Object.assign((key: Value, query: Value) => f(key, query), { comparison: name });
}

/** The built-in comparisons, read as `key OP query`: LT selects the keys smaller than the query. */
export const Comparison = {
  EQ: comparison('EQ', (k, q) => eq(k, q)),
  LT: comparison('LT', (k, q) => compare(k, q, '<') < 0),
  LEQ: comparison('LEQ', (k, q) => compare(k, q, '<=') <= 0),
  GT: comparison('GT', (k, q) => compare(k, q, '>') > 0),
  GEQ: comparison('GEQ', (k, q) => compare(k, q, '>=') >= 0),
  NEQ: comparison('NEQ', (k, q) => !eq(k, q)),
  TRUE: comparison('TRUE', () => true),
  FALSE: comparison('FALSE', () => false),
} as const;

/** select(keys, queries, predicate): query q selects key k where predicate(keys[k], queries[q]). */
export class SelectSelector extends Selector {
  readonly kind = 'select';
  constructor(readonly keys: SOp, readonly queries: SOp, readonly predicate: Predicate) {
    super();
  }
  children(): RaspExpr[] { return [this.keys, this.queries]; }
}

/** A selector combining two selectors position by position. */
export abstract class BinarySelector extends Selector {
  constructor(readonly left: Selector, readonly right: Selector) {
    super();
  }
  children(): RaspExpr[] { return [this.left, this.right]; }
}

/** Both selectors select. */
export class AndSelector extends BinarySelector {
  readonly kind = 'and';
}

/** Either selector selects. */
export class OrSelector extends BinarySelector {
  readonly kind = 'or';
}

/** The selector does not select. */
export class NotSelector extends Selector {
  readonly kind = 'not';
  constructor(readonly inner: Selector) {
    super();
  }
  children(): RaspExpr[] { return [this.inner]; }
}

/** The input tokens. */
export const tokens = new TokensSOp().named('tokens');
/** The positions 0 … n−1. */
export const indices: SOp<number> = new IndicesSOp().named('indices');
/** The input length at every position. */
export const length: SOp<number> = new LengthSOp().named('length');

/** A RASP value: null, a string, a boolean or a finite number (NaN and ±Infinity have no place in a sequence). */
function isValue(v: unknown): v is Value {
  return v === null || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' || typeof v === 'boolean';
}

/** A value type with its literal types widened: `3` to number, `'a'` to string, `true` to boolean. */
export type Widen<T> = T extends number ? number : T extends string ? string : T extends boolean ? boolean : T;

/** An s-op argument: an s-op, or a plain value that stands for `full(value)`. */
export type SOpLike<T extends Value = Value> = SOp<T> | T;

/** The type of the values of an s-op argument: `number` for `indices`, a plain value's widened type. */
export type ValueOf<S> = S extends SOp<infer T> ? T : Widen<S>;

/** An s-op argument; a plain value stands for `full(value)`. */
export function toSOp<T extends Value>(fn: string, name: string, v: SOpLike<T>): SOp<T> {
  if (v instanceof SOp) return v;
  if (isValue(v)) return new FullSOp(v).named(show(v));
  throw invalidType(fn, name, 'an s-op or a value (a finite number, string, boolean or null)', v);
}

function checkSelector(fn: string, name: string, v: unknown): Selector {
  if (!(v instanceof Selector)) throw invalidType(fn, name, 'a selector', v);
  return v;
}

function checkFunction(fn: string, v: unknown): void {
  if (typeof v !== 'function') throw invalidType(fn, 'f', 'a function', v);
}

/**
 * An elementwise map of one s-op; `f` takes the s-op's value type (a number for `indices`) and the map's type is what it returns.
 * @param f the function applied at each position.
 * @param sop the s-op (or a plain value, standing for `full(value)`).
 * @param options how the compiler and evaluator treat the result (see MapOptions).
 * @returns the map's s-op.
 * @throws {ArgumentTypeError} when `f` is not a function or `sop` is not an s-op or a value.
 * @example rasp.map((x) => x + 1, rasp.indices); // 1, 2, 3, …
 */
export function map<S extends SOpLike, R extends Value>(f: (x: ValueOf<S>) => R, sop: S, options?: MapOptions): MapSOp<R> {
  checkFunction('map', f);
  return new MapSOp(f as (...args: Value[]) => R, [toSOp('map', 'sop', sop)], options);
}

/**
 * An elementwise map of two or more s-ops; `f` takes one value of each, typed as its s-op's values.
 * @param f the function applied at each position.
 * @param sops the s-ops (or plain values), two or more.
 * @returns the map's s-op.
 * @throws {ArgumentTypeError} when `f` is not a function or an argument is not an s-op or a value.
 * @example rasp.sequenceMap((a, b) => a * b, rasp.indices, rasp.length);
 */
export function sequenceMap<S extends [SOpLike, SOpLike, ...SOpLike[]], R extends Value>(
  f: (...args: { [K in keyof S]: ValueOf<S[K]> }) => R, ...sops: S): MapSOp<R> {
  checkFunction('sequenceMap', f);
  if (sops.length < 2) throw invalidType('sequenceMap', 'sops', 'two or more s-ops', sops);
  const inputs = (sops as SOpLike[]).map((s, i) => toSOp('sequenceMap', `argument ${i + 2}`, s));
  return new MapSOp(f as unknown as (...args: Value[]) => R, inputs);
}

/** The same value at every position. @example rasp.full(0) */
export function full<T extends Value>(value: T): FullSOp<Widen<T>> {
  if (!isValue(value)) throw invalidType('full', 'value', 'a finite number, string, boolean or null', value);
  return new FullSOp(value as Widen<T>);
}

/** Fixed values per position; evaluating on an input of another length is an error. @example rasp.constant([1, 2, 3]) */
export function constant<T extends Value>(values: T[]): ConstantSOp<Widen<T>> {
  if (!Array.isArray(values) || !values.every(isValue)) throw invalidType('constant', 'values', 'an array of finite numbers, strings, booleans or nulls', values);
  return new ConstantSOp([...values] as Widen<T>[]);
}

/**
 * select(keys, queries, predicate): query q selects key k where predicate(keys[k], queries[q]).
 * @example rasp.select(rasp.indices, rasp.indices, rasp.Comparison.LT); // each query selects the earlier positions
 */
export function select<K extends SOpLike, Q extends SOpLike>(keys: K, queries: Q, predicate: Predicate<ValueOf<K>, ValueOf<Q>>): SelectSelector {
  if (typeof predicate !== 'function') throw invalidType('select', 'predicate', 'a Comparison or a (key, query) => boolean function', predicate);
  return new SelectSelector(toSOp('select', 'keys', keys), toSOp('select', 'queries', queries), predicate as Predicate);
}

/** Both selectors select. */
export function and(a: Selector, b: Selector): AndSelector {
  return new AndSelector(checkSelector('and', 'a', a), checkSelector('and', 'b', b));
}

/** Either selector selects. */
export function or(a: Selector, b: Selector): OrSelector {
  return new OrSelector(checkSelector('or', 'a', a), checkSelector('or', 'b', b));
}

/** The complement of a selector. */
export function not(s: Selector): NotSelector {
  return new NotSelector(checkSelector('not', 's', s));
}

/**
 * The mean of the selected values per query: the value itself where exactly one key is selected
 * (any type), `opts.default` (0 unless given) where none is; averaging several different non-numbers is an error; a
 * numerical aggregate (rasp.numerical) counts booleans as 1 and 0, as Python and tracr do (one selected, and a boolean
 * default, included):
 * `rasp.numerical(rasp.aggregate(prefix, rasp.map((t) => t === 'l', rasp.tokens)))` is the fraction of 'l's so far.
 * Several selected non-numbers that are all the same value give that value.
 * @example rasp.aggregate(rasp.select(rasp.indices, 0, rasp.Comparison.EQ), rasp.tokens); // the first token everywhere
 */
export function aggregate<S extends SOpLike, D extends Value = number>(selector: Selector, sop: S,
  opts?: { default?: D }): AggregateSOp<ValueOf<S> | Widen<D>> {
  return makeAggregate(selector, sop, opts?.default, false) as AggregateSOp<ValueOf<S> | Widen<D>>;
}

/** The RASP text language's aggregate: as aggregate, but several selected non-numbers are an error even when equal, as in the reference. */
export function referenceAggregate(selector: Selector, sop: SOpLike, fallback: Value): AggregateSOp {
  return makeAggregate(selector, sop, fallback, true);
}

function makeAggregate(selector: Selector, sop: SOpLike, given: Value | undefined, reference: boolean): AggregateSOp {
  const fallback = given !== undefined ? given : 0;
  if (!isValue(fallback)) throw invalidType('aggregate', 'default', 'a finite number, string, boolean or null', fallback);
  return new AggregateSOp(checkSelector('aggregate', 'selector', selector), toSOp('aggregate', 'sop', sop), fallback, reference);
}

/** How many keys each query selects. @example rasp.selectorWidth(rasp.select(rasp.tokens, rasp.tokens, rasp.Comparison.EQ)) */
export function selectorWidth(selector: Selector): SelectorWidthSOp {
  return new SelectorWidthSOp(checkSelector('selectorWidth', 'selector', selector));
}

function annotate<T extends SOp>(sop: T, encoding: Encoding): T {
  if (!(sop instanceof SOp)) throw invalidType(encoding, 'sop', 'an s-op', sop);
  const copy = Object.assign(Object.create(Object.getPrototypeOf(sop)) as T, sop, { id: nextId++ });
  copy.encoding = encoding;
  copy.annotated = true;
  return copy;
}

/** A copy of the s-op marked for numerical (scalar) encoding by the compiler. */
export function numerical<T extends SOp>(sop: T): T {
  return annotate(sop, 'numerical');
}

/** A copy of the s-op marked for categorical (one-hot) encoding by the compiler (the default). */
export function categorical<T extends SOp>(sop: T): T {
  return annotate(sop, 'categorical');
}
