/** The RASP interpreter: evaluates the syntax tree into values, s-ops and selectors, with the reference's semantics. */
import { RaspError } from '../../errors';
import * as dsl from '../dsl';
import { Selector, SOp } from '../dsl';
import { evaluateSelectorTicking, evaluateSequenceTicking } from '../evaluate';
import * as py from '../values';
import { Value } from '../values';
import { BinaryOp, Expr, Position, SelectOp, Statement } from './ast';
import { Env } from './env';
import { elementUnits, Guard } from './limits';
import { topologicalOrder } from '../graph';
import { isStackOverflow } from './parser';
import {
  describeValue, expectAtom, isAtom, isFunction, kindOf, LangDict, LangFunction, LangValue, truthyValue,
} from './values';

/** What a statement produced, for the REPL to show. */
export type Output =
  | { kind: 'named'; name: string; value: LangValue }
  | { kind: 'text'; text: string }
  | { kind: 'exit' };

/** How the interpreter reaches the outside: reading loaded files, the running example, limits and warnings. */
export interface Host {
  /** Reads a file named by `load`, relative to the file that loads it; returns its text and its name for messages. */
  readFile(name: string, from: string): { text: string; file: string };
  /** Runs a loaded file's statements in a fresh scope that exports its public names to `into`. */
  loadInto(text: string, file: string, into: Env): void;
  /** Records a warning (a skipped statement of a loaded file). */
  warn(message: string): void;
  /** The counters and limits of the current run. */
  readonly guard: Guard;
  example: Value[];
}

const selectComparisons: Record<SelectOp, dsl.Predicate> = {
  '==': dsl.Comparison.EQ, '!=': dsl.Comparison.NEQ, '<': dsl.Comparison.LT,
  '>': dsl.Comparison.GT, '<=': dsl.Comparison.LEQ, '>=': dsl.Comparison.GEQ,
};

const elementwise: Record<Exclude<BinaryOp, 'and' | 'or'>, (a: Value, b: Value) => Value> = {
  '+': py.add, '-': py.sub, '*': py.mul, '/': py.div, '%': py.mod, '^': py.pow,
  '==': py.eq,
  '<': (a, b) => py.compare(a, b, '<') < 0, '>': (a, b) => py.compare(a, b, '>') > 0,
  '<=': (a, b) => py.compare(a, b, '<=') <= 0, '>=': (a, b) => py.compare(a, b, '>=') >= 0,
};

/**
 * Runs statements and expressions in one scope; `file` names the source in messages. In a loaded file
 * (`loaded`), a statement that assigns or defines a reserved name is skipped with a warning, as the reference does.
 */
export class Interpreter {
  constructor(private env: Env, private readonly host: Host, private readonly file: string, private readonly loaded = false) {}

  /** Runs statements in order, returning what each produced. */
  run(statements: Statement[]): Output[] {
    return statements.flatMap((s) => this.statement(s));
  }

  private fail(at: Position, error: unknown): never {
    if (isStackOverflow(error)) error = new RaspError('the program nests too deeply for the stack (its values or calls)', 'ERR_ATTNSIM_RASP_LIMIT');
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof RaspError && /^\S+:\d+:\d+: /.test(message)) throw error;
    throw new RaspError(`${this.file}:${at.line}:${at.column}: ${message}`, error instanceof RaspError ? error.code : undefined);
  }

  statement(s: Statement): Output[] {
    try {
      this.host.guard.step();
      if (this.loaded && this.skipReserved(s)) return [];
      return this.statementUnchecked(s);
    } catch (error) {
      this.fail(s, error);
    }
  }

  /** In a loaded file: whether the statement sets a reserved name (then it is skipped with a warning). */
  private skipReserved(s: Statement): boolean {
    const names = s.type === 'assign' ? s.names : s.type === 'def' ? [s.name] : [];
    const reserved = names.find((n) => this.env.isReserved(n));
    if (reserved === undefined) return false;
    this.host.warn(`${this.file}:${s.line}:${s.column}: skipped: cannot set reserved name: ${reserved}`);
    return true;
  }

  private statementUnchecked(s: Statement): Output[] {
    switch (s.type) {
      case 'expr': {
        const value = this.expr(s.expr);
        this.env.define('out', value);
        return [{ kind: 'named', name: s.expr.type === 'var' ? s.expr.name : 'out', value }];
      }
      case 'assign': return this.assign(s.names, s.values.map((e) => this.expr(e)));
      case 'def': {
        const fn = this.defineFunction(s.name, s.params, s.body, s.returns);
        this.env.set(s.name, fn);
        return [{ kind: 'named', name: s.name, value: fn }];
      }
      case 'for': {
        for (const item of this.iterate(this.expr(s.iterable), 'for loop')) {
          this.host.guard.iterate();
          this.bindIterator(this.env, s.names, item);
          this.run(s.body);
        }
        return [];
      }
      case 'load': {
        this.host.guard.nested(true, () => {
          const { text, file } = this.host.readFile(s.file, this.file);
          this.host.loadInto(text, file, this.env);
        });
        return [];
      }
      case 'setExample': {
        const example = this.expr(s.example), tokens = exampleTokens(example);
        this.host.guard.input(tokens.length);
        this.host.example = tokens;
        return [{ kind: 'text', text: `example is now: ${describeValue(example)}` }];
      }
      case 'showExample': return [{ kind: 'text', text: `example is: ${py.show(this.host.example)}` }];
      case 'toggle': return [{ kind: 'text', text: `${s.what} ${s.on ? 'on' : 'off'}` }];
      case 'draw': throw new RaspError('draw is not available in the interpreter; draw compiled models with `attnsim compile FILE --draw out.svg`');
      case 'exit': return [{ kind: 'exit' }];
    }
  }

  private assign(names: string[], values: LangValue[]): Output[] {
    const value: LangValue = values.length === 1 ? values[0] : values;
    if (names.length === 1) return [this.bind(names[0], value)];
    if (!Array.isArray(value) || value.length !== names.length) {
      throw new RaspError(`expected ${names.length} values, but got: ${Array.isArray(value) ? value.length : 1}`);
    }
    return names.map((n, i) => this.bind(n, value[i]));
  }

  private bind(name: string, value: LangValue): Output {
    this.env.set(name, value);
    if ((value instanceof SOp || value instanceof Selector) && !isBase(value)) value.named(name);
    return { kind: 'named', name, value };
  }

  private defineFunction(name: string, params: string[], body: Statement[], returns: Expr[]): LangFunction {
    const closure = this.env, host = this.host, file = this.file;
    return {
      kind: 'function', name, params, origin: file === '<console>' ? 'console' : file.replace(/^.*\//, '').replace(/\.rasp$/, ''),
      call(args: LangValue[]): LangValue {
        if (args.length !== params.length) {
          throw new RaspError(`wrong number of args for ${name}- expected: ${params.length}, got: ${args.length}.`);
        }
        return host.guard.nested(false, () => {
          const scope = closure.nested();
          params.forEach((p, i) => scope.define(p, args[i]));
          const inner = new Interpreter(scope, host, file);
          inner.run(body);
          const results = returns.map((e) => inner.expr(e));
          return results.length === 1 ? results[0] : results;
        });
      },
    };
  }

  private iterate(v: LangValue, what: string): LangValue[] {
    if (Array.isArray(v)) return v;
    if (v instanceof LangDict) return v.keys();
    throw new RaspError(`${what} needs to iterate over a list or dict, but got: ${describeValue(v)}`);
  }

  private bindIterator(env: Env, names: string[], item: LangValue): void {
    if (names.length === 1) return env.define(names[0], item);
    if (!Array.isArray(item) || item.length !== names.length) {
      throw new RaspError(`iterating with ${names.length} names but got ${describeValue(item)}`);
    }
    names.forEach((n, i) => env.define(n, item[i]));
  }

  /** Evaluates an expression. */
  expr(e: Expr): LangValue {
    try {
      this.host.guard.step();
      return this.exprUnchecked(e);
    } catch (error) {
      this.fail(e, error);
    }
  }

  private exprUnchecked(e: Expr): LangValue {
    switch (e.type) {
      case 'number': return e.value;
      case 'string': return e.value;
      case 'var': return this.env.get(e.name);
      case 'list':
        this.host.guard.hold(elementUnits.container + e.items.length * elementUnits.element);
        return e.items.map((x) => this.expr(x));
      case 'dict': {
        this.host.guard.hold(elementUnits.container * (1 + e.entries.length));
        const d = new LangDict();
        for (const [k, v] of e.entries) d.set(dictKey(this.expr(k)), this.expr(v));
        return d;
      }
      case 'listComp': return this.comprehension(e.names, e.iterable, elementUnits.element, (inner) => inner.expr(e.value));
      case 'dictComp': {
        const d = new LangDict();
        this.comprehension(e.names, e.iterable, elementUnits.container, (inner) => {
          d.set(dictKey(inner.expr(e.key)), inner.expr(e.value));
          return null;
        });
        return d;
      }
      case 'unary': return unary(e.op, this.expr(e.operand));
      case 'binary': return this.binaryChain(e);
      case 'ternary': return this.ternary(e.then, e.cond, e.otherwise);
      case 'in': return contains(this.expr(e.item), this.expr(e.container));
      case 'select': return dsl.select(liftSOp(this.expr(e.keys), 'select'), liftSOp(this.expr(e.queries), 'select'), selectComparisons[e.op]);
      case 'aggregate': return this.aggregate(e.selector, e.sop, e.fallback);
      case 'range': return range(e.args.map((a) => this.expr(a)), this.host.guard);
      case 'zip': return zip(e.lists.map((l) => this.expr(l)), this.host.guard);
      case 'len': {
        const l = this.expr(e.list);
        if (!Array.isArray(l)) throw new RaspError(`attempting to compute length of non-list: ${describeValue(l)}`);
        return l.length;
      }
      case 'index': return index(this.expr(e.target), this.expr(e.index), this.env);
      case 'call': return this.call(this.expr(e.callee), e.args.map((a) => this.expr(a)), e);
    }
  }

  /** Runs `each` per item of the iterable, counting `units` per item (and one container) against maxElements. */
  private comprehension(names: string[], iterable: Expr, units: number, each: (inner: Interpreter) => LangValue): LangValue[] {
    const items = this.iterate(this.expr(iterable), 'comprehension');
    this.host.guard.hold(elementUnits.container);
    return items.map((item) => {
      this.host.guard.iterate();
      this.host.guard.hold(units);
      const scope = this.env.nested();
      this.bindIterator(scope, names, item);
      return each(new Interpreter(scope, this.host, this.file, this.loaded));
    });
  }

  /** `a op b op c …`: the parser nests such chains to the left, so they are evaluated in a loop, however long. */
  private binaryChain(e: Expr & { type: 'binary' }): LangValue {
    const spine: (Expr & { type: 'binary' })[] = [];
    let x: Expr = e;
    for (; x.type === 'binary'; x = x.left) spine.push(x);
    let value = this.expr(x);
    for (let i = spine.length - 1; i >= 0; i--) {
      const b = spine[i], right = this.expr(b.right);
      try {
        checkSize(b.op, value, right, this.host.guard);
        value = binary(b.op, value, right);
      } catch (error) {
        this.fail(b, error);
      }
    }
    return value;
  }

  private ternary(thenExpr: Expr, condExpr: Expr, otherwiseExpr: Expr): LangValue {
    const cond = this.expr(condExpr);
    if (!(cond instanceof SOp)) return truthyValue(cond) ? this.expr(thenExpr) : this.expr(otherwiseExpr);
    const a = liftSOp(this.expr(thenExpr), 'if-else'), b = liftSOp(this.expr(otherwiseExpr), 'if-else');
    return dsl.sequenceMap((c, x, y) => (py.truthy(c) ? x : y), cond, a, b).named(`${a.label} if ${cond.label} else ${b.label}`);
  }

  private aggregate(selectorExpr: Expr, sopExpr: Expr, fallbackExpr: Expr | null): LangValue {
    const selector = this.expr(selectorExpr);
    if (!(selector instanceof Selector)) throw new RaspError(`Expected selector, got: ${describeValue(selector)}`);
    const sop = liftSOp(this.expr(sopExpr), 'aggregate');
    const fallback = fallbackExpr === null ? 0 : expectAtom(this.expr(fallbackExpr), 'aggregate default');
    return dsl.referenceAggregate(selector, sop, fallback);
  }

  private call(callee: LangValue, args: LangValue[], at: Position): LangValue {
    if (isFunction(callee)) return callee.call(args, at);
    if (callee instanceof SOp || callee instanceof Selector) {
      if (args.length !== 1) throw new RaspError(`wrong number of args for applying ${callee.label}- expected: 1, got: ${args.length}.`);
      const input = exampleTokens(args[0]);
      this.host.guard.input(input.length);
      const tick = startEvaluation(this.host.guard, callee, input.length);
      return callee instanceof SOp
        ? { kind: 'applied', input, sequence: evaluateSequenceTicking(callee, input, undefined, tick) }
        : { kind: 'applied', input, matrix: evaluateSelectorTicking(callee, input, undefined, tick) };
    }
    throw new RaspError(`${describeValue(callee)} is a ${kindOf(callee)}, not a function`);
  }
}

/**
 * Counts an evaluation of `node` on `n` tokens against maxElements before it starts (the n values of every s-op it
 * reads, and a selector's n×n matrix), and gives its tick: one step per s-op and selector row.
 */
export function startEvaluation(guard: Guard, node: dsl.RaspExpr, n: number): () => void {
  const sops = topologicalOrder(node).filter((x) => x instanceof SOp).length;
  guard.hold(elementUnits.element * (sops * n + (node instanceof Selector ? n * n : 0)));
  return () => guard.step();
}

/** The base s-ops and the library's nodes keep their own names when assigned. */
const baseNodes = new Set<dsl.RaspExpr>();
/** Marks nodes that assignments must not rename (shared across sessions). */
export function markBase(node: dsl.RaspExpr): void {
  baseNodes.add(node);
}
function isBase(node: dsl.RaspExpr): boolean {
  return baseNodes.has(node);
}

function exampleTokens(v: LangValue): Value[] {
  if (typeof v === 'string') return [...v];
  if (Array.isArray(v) && v.every(isAtom)) return v as Value[];
  throw new RaspError(`an example must be a string or a list of atoms, got: ${describeValue(v)}`);
}

function dictKey(v: LangValue): Value {
  if (!isAtom(v)) throw new RaspError(`dictionary keys can only be atoms, but instead got: ${describeValue(v)}`);
  return v;
}

/** An s-op from an s-op or an atom (an atom becomes a constant s-op). */
export function liftSOp(v: LangValue, what: string): SOp {
  if (v instanceof SOp) return v;
  if (isAtom(v)) return dsl.full(v).named(py.show(v));
  throw new RaspError(`${what} expects an s-op or an atom, got ${kindOf(v)}: ${describeValue(v)}`);
}

function unary(op: 'not' | '-' | '+' | 'round' | 'indicator', v: LangValue): LangValue {
  if (op === 'not') {
    if (v instanceof SOp) return dsl.map((x) => !py.truthy(x), v).named(`( not ${v.label} )`);
    if (v instanceof Selector) return dsl.not(v);
    return !truthyValue(v);
  }
  if (op === 'indicator') {
    if (!(v instanceof SOp)) throw new RaspError(`indicator operator expects s-op, got: ${describeValue(v)}`);
    return dsl.map((x) => (py.truthy(x) ? 1 : 0), v, { numberType: 'int' }).named(`I(${v.label})`);
  }
  const f = op === 'round' ? py.roundHalfEven : op === '-' ? (x: Value) => py.sub(0, x) : (x: Value) => py.add(0, x);
  if (v instanceof SOp) return dsl.map(f, v, op === 'round' ? { numberType: 'int' } : {}).named(`${op}(${v.label})`);
  return f(expectAtom(v, op));
}

function binary(op: BinaryOp, left: LangValue, right: LangValue): LangValue {
  const sel = left instanceof Selector || right instanceof Selector;
  const seq = left instanceof SOp || right instanceof SOp;
  if (op === 'and' || op === 'or') {
    if (sel && (seq || !(left instanceof Selector && right instanceof Selector))) {
      throw new RaspError('Cannot apply and/or between selector and non-selector');
    }
    if (sel) return op === 'and' ? dsl.and(left as Selector, right as Selector) : dsl.or(left as Selector, right as Selector);
    if (seq) {
      const both = op === 'and';
      return dsl.sequenceMap((a, b) => (both ? py.truthy(a) && py.truthy(b) : py.truthy(a) || py.truthy(b)), liftSOp(left, op), liftSOp(right, op));
    }
    return op === 'and' ? (truthyValue(left) ? right : left) : truthyValue(left) ? left : right;
  }
  if (sel) throw new RaspError(`Cannot apply ${op} to selector(s)`);
  const f = elementwise[op];
  if (seq) {
    const a = liftSOp(left, op), b = liftSOp(right, op);
    // Python's true division gives floats even for integral results (4 / 2 is 2.0).
    return new dsl.MapSOp(f, [a, b], op === '/' ? { numberType: 'float' } : {}).named(`${a.label} ${op} ${b.label}`.slice(0, 60));
  }
  if (Array.isArray(left) && Array.isArray(right)) {
    if (op === '+') return [...left, ...right];
    if (op === '==') return describeValue(left) === describeValue(right);
  }
  return f(expectAtom(left, op), expectAtom(right, op));
}

/** Refuses `+` and `*` on lists and strings whose result would be longer than the session allows, before building it. */
function checkSize(op: BinaryOp, left: LangValue, right: LangValue, guard: Guard): void {
  const length = (v: LangValue) => (Array.isArray(v) || typeof v === 'string' ? v.length : null);
  const a = length(left), b = length(right);
  if (op === '+' && a !== null && b !== null) {
    const list = Array.isArray(left);
    guard.size(a + b, `the result of ${list ? 'list' : 'string'} +`, a + b + (list ? elementUnits.container : 0));
  }
  if (op === '*' && (typeof left === 'string' || typeof right === 'string')) {
    const [text, times] = typeof left === 'string' ? [left, right] : [right as string, left];
    if (typeof times === 'number' || typeof times === 'boolean') guard.size(text.length * Math.max(0, +times), 'the result of string *');
  }
}

function contains(item: LangValue, container: LangValue): LangValue {
  if (item instanceof SOp) {
    if (!Array.isArray(container) || !container.every(isAtom)) {
      throw new RaspError(`"[s-op] in X" expects X to be list of atoms, but got: ${describeValue(container)}`);
    }
    const atoms = container as Value[];
    return dsl.map((v) => atoms.some((a) => py.eq(v, a)), item).named(`${item.label} in ${describeValue(container)}`.slice(0, 60));
  }
  if (isAtom(item)) {
    if (Array.isArray(container)) return container.some((c) => isAtom(c) && py.eq(c, item));
    if (container instanceof SOp) return dsl.map((n) => (n as number) > 0, dsl.selectorWidth(dsl.select(container, item, dsl.Comparison.EQ)));
    throw new RaspError(`"[atom] in X" expects X to be list or s-op, but got: ${describeValue(container)}`);
  }
  throw new RaspError(`"A in X" expects A to be s-op or atom, but got A: ${describeValue(item)}`);
}

function range(args: LangValue[], guard: Guard): LangValue {
  if (args.length < 1 || args.length > 3) throw new RaspError(`wrong number of inputs to range, expected: 1, 2, or 3, got: ${args.length}`);
  if (!args.every((a) => typeof a === 'number' && Number.isInteger(a))) {
    throw new RaspError(`range expects all integer inputs, but got: ${describeValue(args)}`);
  }
  const [start, stop, step] = args.length === 1 ? [0, args[0] as number, 1] : [args[0] as number, args[1] as number, (args[2] as number | undefined) ?? 1];
  if (step === 0) throw new RaspError('range() arg 3 must not be zero');
  const length = Math.max(0, Math.ceil((stop - start) / step));
  guard.size(length, 'range', length + elementUnits.container);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

function zip(lists: LangValue[], guard: Guard): LangValue {
  if (lists.length === 0) throw new RaspError('zip needs at least one list');
  lists.forEach((l, i) => {
    if (!Array.isArray(l)) throw new RaspError(`attempting to zip lists, but ${i + 1} -th element is not list: ${describeValue(l)}`);
  });
  const arrays = lists as LangValue[][], n = arrays[0].length;
  arrays.forEach((l, i) => {
    if (l.length !== n) throw new RaspError(`attempting to zip lists of length ${n} , but ${i + 1} -th list has length ${l.length}`);
  });
  guard.hold(elementUnits.container + n * (elementUnits.container + arrays.length * elementUnits.element));
  return Array.from({ length: n }, (_, j) => arrays.map((l) => l[j]));
}

function index(target: LangValue, idx: LangValue, env: Env): LangValue {
  if (Array.isArray(target) || typeof target === 'string') return indexList(target, idx);
  if (target instanceof LangDict) {
    const lookup = (k: Value) => {
      if (!target.has(k)) throw new RaspError(`index [ ${py.show(k)} ] not in dict.`);
      return target.get(k)!;
    };
    if (idx instanceof SOp) return dsl.map((k) => atomOf(lookup(k)), idx);
    if (!isAtom(idx)) throw new RaspError(`index into dict has to be s-op or atom (i.e., string, int, float, bool), got: ${describeValue(idx)}`);
    return lookup(idx);
  }
  if (target instanceof SOp) {
    if (typeof idx !== 'number' || !Number.isInteger(idx)) throw new RaspError(`index into sequence has to be integer, got: ${describeValue(idx)}`);
    const at = idx >= 0 ? dsl.full(idx) : dsl.map((n) => (n as number) + idx, env.get('length') as SOp);
    return dsl.aggregate(dsl.select(dsl.indices, at, dsl.Comparison.EQ), target).named(`${target.label}[${idx}]`);
  }
  throw new RaspError(`can only index into a list, dict, string, or sequence, but instead got: ${describeValue(target)}`);
}

function indexList(list: LangValue[] | string, idx: LangValue): LangValue {
  const kind = Array.isArray(list) ? 'list' : 'string';
  const at = (i: Value) => {
    if (typeof i !== 'number' || !Number.isInteger(i)) throw new RaspError(`index into ${kind} has to be s-op or integer, got: ${py.show(i)}`);
    if (i >= list.length || -i > list.length) throw new RaspError(`index ${i} out of range for ${kind} of length ${list.length}`);
    return list[i < 0 ? list.length + i : i];
  };
  if (idx instanceof SOp) return dsl.map((i) => atomOf(at(i)), idx);
  if (!isAtom(idx)) throw new RaspError(`index into ${kind} has to be s-op or integer, got: ${describeValue(idx)}`);
  return at(idx);
}

function atomOf(v: LangValue): Value {
  return expectAtom(v, 'an s-op element');
}
