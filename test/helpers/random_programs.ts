/** Seeded random RASP programs for differential tests of the compiler against rasp.evaluate. */
import { SAME_NUMBER } from '../../src/compiler/infer_values';
import { compile, rasp } from '../../src/index';
import { allInputs } from '../cases/programs';
import { Random } from '../../src/linalg/random';
import { ComparisonName, Selector, SOp } from '../../src/rasp/dsl';
import { Value } from '../../src/rasp/values';

/** What an s-op of a generated program holds, as far as the generator picks functions for it. */
type Kind = 'number' | 'string' | 'boolean';

/** An s-op of a program under construction, with its kind and the DSL code that builds it. */
interface Node {
  sop: SOp;
  kind: Kind;
  code: string;
}

/** A selector with its code. */
interface Sel {
  selector: Selector;
  code: string;
}

/** A generated program: the output s-op, its vocabulary and length, and TypeScript code that rebuilds it. */
export interface RandomProgram {
  program: SOp;
  vocab: Value[];
  maxSeqLen: number;
  code: string;
}

const COMPARISONS: ComparisonName[] = ['EQ', 'LT', 'LEQ', 'GT', 'GEQ', 'NEQ', 'TRUE', 'FALSE'];

/** One-input functions by input kind: [code of the body in x, function, result kind]. */
const UNARY: Record<Kind, [string, (x: never) => Value, Kind][]> = {
  number: [
    ['x + 1', (x: number) => x + 1, 'number'], ['x - 2', (x: number) => x - 2, 'number'], ['2 * x', (x: number) => 2 * x, 'number'],
    ['-x', (x: number) => -x, 'number'], ['x % 2', (x: number) => x % 2, 'number'], ['x % 3', (x: number) => x % 3, 'number'],
    ['x < 2', (x: number) => x < 2, 'boolean'], ['x === 1', (x: number) => x === 1, 'boolean'], ['x >= 3', (x: number) => x >= 3, 'boolean'],
    ['Math.min(x, 2)', (x: number) => Math.min(x, 2), 'number'], ['Math.max(x, 1)', (x: number) => Math.max(x, 1), 'number'],
    ['Math.abs(x - 2)', (x: number) => Math.abs(x - 2), 'number'], ['x * x', (x: number) => x * x, 'number'],
    ['x / 2', (x: number) => x / 2, 'number'], ['x + 0.5', (x: number) => x + 0.5, 'number'],
  ],
  string: [
    ["x === 'a'", (x: string) => x === 'a', 'boolean'], ["x < 'b'", (x: string) => x < 'b', 'boolean'],
    ["x === 'c' ? 'a' : x", (x: string) => (x === 'c' ? 'a' : x), 'string'],
    ['x.charCodeAt(0) - 96', (x: string) => x.charCodeAt(0) - 96, 'number'],
  ],
  boolean: [
    ['x ? 1 : 0', (x: boolean) => (x ? 1 : 0), 'number'], ['!x', (x: boolean) => !x, 'boolean'],
    ["x ? 'a' : 'b'", (x: boolean) => (x ? 'a' : 'b'), 'string'],
  ],
};

/** Two-input functions on numbers: [code in a and b, function, result kind]. */
const BINARY: [string, (a: number, b: number) => Value, Kind][] = [
  ['a + b', (a, b) => a + b, 'number'], ['a - b', (a, b) => a - b, 'number'], ['a * b', (a, b) => a * b, 'number'],
  ['a < b', (a, b) => a < b, 'boolean'], ['a === b', (a, b) => a === b, 'boolean'], ['Math.max(a, b)', (a, b) => Math.max(a, b), 'number'],
  ['Math.min(a, b)', (a, b) => Math.min(a, b), 'number'], ['4 * a + b', (a, b) => 4 * a + b, 'number'],
  ['a - b - 1', (a, b) => a - b - 1, 'number'],
];

/** The generator's state: the s-ops built so far. */
class Builder {
  readonly nodes: Node[];
  constructor(private readonly rng: Random, readonly vocab: Value[], tokenKind: Kind) {
    this.nodes = [
      { sop: rasp.tokens, kind: tokenKind, code: 'tokens' },
      { sop: rasp.indices, kind: 'number', code: 'indices' },
    ];
    if (rng.int(3) === 0) this.nodes.push({ sop: rasp.length, kind: 'number', code: 'length' });
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.rng.int(xs.length)];
  }

  /** A node of the program, the recent ones more often (so programs grow deep rather than wide). */
  node(kind?: Kind): Node | null {
    const pool = kind === undefined ? this.nodes : this.nodes.filter((n) => n.kind === kind);
    if (pool.length === 0) return null;
    const recent = this.rng.int(2) === 0;
    return recent ? pool[pool.length - 1 - this.rng.int(Math.min(2, pool.length))] : this.pick(pool);
  }

  add(sop: SOp, kind: Kind, code: string): Node {
    const n = { sop, kind, code: `const s${this.nodes.length} = ${code};` };
    this.nodes.push(n);
    return { ...n, code: `s${this.nodes.length - 1}` };
  }

  ref(n: Node): string {
    const i = this.nodes.indexOf(n);
    return i < 2 || this.nodes[i].code === 'length' ? this.nodes[i].code : `s${i}`;
  }

  /** A select() leaf: keys and queries of one kind (or a constant query), any comparison, EQ (the optimised one) more often. */
  leaf(): Sel {
    const keys = this.node()!, name = this.rng.int(3) === 0 ? 'EQ' : this.pick(COMPARISONS);
    const same = this.nodes.filter((n) => n.kind === keys.kind);
    let query: SOp, qcode: string;
    if (this.rng.int(4) === 0) {
      const c: Value = keys.kind === 'number' ? this.rng.int(4) : keys.kind === 'string' ? this.pick(['a', 'b']) : this.rng.int(2) === 0;
      query = rasp.full(c);
      qcode = JSON.stringify(c);
    } else {
      const q = this.pick(same);
      query = q.sop;
      qcode = this.ref(q);
    }
    return { selector: rasp.select(keys.sop, query, rasp.Comparison[name]), code: `select(${this.ref(keys)}, ${qcode}, Comparison.${name})` };
  }

  selector(depth = 0): Sel {
    const r = this.rng.int(10);
    if (depth < 2 && r === 0) {
      const inner = this.selector(depth + 1);
      return { selector: rasp.not(inner.selector), code: `not(${inner.code})` };
    }
    if (depth < 2 && r <= 3) {
      const a = this.selector(depth + 1), b = this.selector(depth + 1), and = r <= 2;
      const selector = and ? rasp.and(a.selector, b.selector) : rasp.or(a.selector, b.selector);
      return { selector, code: `${and ? 'and' : 'or'}(${a.code}, ${b.code})` };
    }
    return this.leaf();
  }

  /** One new s-op on top of the existing ones. */
  step(): Node {
    for (;;) {
      const made = this.tryStep(this.rng.int(16));
      if (made !== null) return made;
    }
  }

  private tryStep(op: number): Node | null {
    switch (op) {
      case 0: case 1: case 2: {
        const x = this.node()!, [body, f, kind] = this.pick(UNARY[x.kind]);
        return this.add(rasp.map(f as (x: Value) => Value, x.sop), kind, `map((x: any) => ${body}, ${this.ref(x)})`);
      }
      case 3: case 4: {
        const a = this.node('number'), b = this.node('number');
        if (a === null || b === null) return null;
        const [body, f, kind] = this.pick(BINARY);
        if (a === b) {
          const c = 1 + this.rng.int(3);
          return this.add(rasp.sequenceMap((x: Value, y: Value) => f(x as number, y as number), a.sop, c), kind,
            `sequenceMap((a: any, b: any) => ${body}, ${this.ref(a)}, ${c})`);
        }
        return this.add(rasp.sequenceMap((x: Value, y: Value) => f(x as number, y as number), a.sop, b.sop), kind,
          `sequenceMap((a: any, b: any) => ${body}, ${this.ref(a)}, ${this.ref(b)})`);
      }
      case 5: {
        const a = this.node(), b = this.node();
        if (a === null || b === null || a === b || a.kind === b.kind) return null;
        return this.add(rasp.sequenceMap((x: Value, y: Value) => `${String(x)}|${String(y)}`, a.sop, b.sop), 'string',
          `sequenceMap((a: any, b: any) => \`\${String(a)}|\${String(b)}\`, ${this.ref(a)}, ${this.ref(b)})`);
      }
      case 6: case 7: {
        const s = this.selector(), x = this.node()!;
        if (x.kind === 'boolean' && this.rng.int(2) === 0) {
          const fill = this.pick([0, 1, false]), agg = rasp.numerical(rasp.aggregate(s.selector, x.sop, { default: fill }));
          return this.add(agg, 'number', `numerical(aggregate(${s.code}, ${this.ref(x)}, { default: ${JSON.stringify(fill)} }))`);
        }
        if (x.kind === 'number' && this.rng.int(2) === 0) {
          const annotate = this.rng.int(2) === 0;
          const fill = this.pick([0, 0, 1, -0.5]), agg = rasp.aggregate(s.selector, x.sop, { default: fill });
          return this.add(annotate ? rasp.numerical(agg) : agg, 'number',
            `${annotate ? 'numerical(' : ''}aggregate(${s.code}, ${this.ref(x)}, { default: ${fill} })${annotate ? ')' : ''}`);
        }
        const q = this.node('number')!, fill: Value = x.kind === 'number' ? 0 : x.kind === 'string' ? 'z' : false;
        const one = rasp.select(rasp.indices, q.sop, rasp.Comparison.EQ);
        return this.add(rasp.categorical(rasp.aggregate(one, x.sop, { default: fill })), x.kind,
          `categorical(aggregate(select(indices, ${this.ref(q)}, Comparison.EQ), ${this.ref(x)}, { default: ${JSON.stringify(fill)} }))`);
      }
      case 8: case 9: {
        const s = this.selector();
        return this.add(rasp.selectorWidth(s.selector), 'number', `selectorWidth(${s.code})`);
      }
      case 10: {
        const x = this.node()!, numeric = x.kind !== 'string' && this.rng.int(2) === 0;
        const m = rasp.map((v: Value) => v, x.sop);
        const name = numeric ? 'numerical' : 'categorical';
        return this.add(numeric ? rasp.numerical(m) : rasp.categorical(m), x.kind, `${name}(map((x: any) => x, ${this.ref(x)}))`);
      }
      case 11: {
        const x = this.node()!, numeric = x.kind !== 'string' && this.rng.int(2) === 0;
        const name = numeric ? 'numerical' : 'categorical';
        return this.add(numeric ? rasp.numerical(x.sop) : rasp.categorical(x.sop), x.kind, `${name}(${this.ref(x)})`);
      }
      case 12: return this.numeric();
      default: return this.library();
    }
  }

  /** rasp.linear, relu, maximum, minimum, product (numerical maps with a known form or a marked block). */
  private numeric(): Node | null {
    const a = this.node('number'), b = this.node('number');
    if (a === null || b === null) return null;
    const [ra, rb] = [this.ref(a), this.ref(b)];
    switch (this.rng.int(7)) {
      case 5: return this.add(rasp.exp(a.sop), 'number', `exp(${ra})`);
      case 6: return a === b ? null : this.add(rasp.divide(a.sop, b.sop), 'number', `divide(${ra}, ${rb})`);
      case 0: return this.add(rasp.linear([a.sop, b.sop], [2, -1], 1), 'number', `linear([${ra}, ${rb}], [2, -1], 1)`);
      case 1: return this.add(rasp.relu(a.sop), 'number', `relu(${ra})`);
      case 2: return a === b ? null : this.add(rasp.maximum(a.sop, b.sop), 'number', `maximum(${ra}, ${rb})`);
      case 3: return a === b ? null : this.add(rasp.minimum(a.sop, b.sop), 'number', `minimum(${ra}, ${rb})`);
      default: return a === b ? null : this.add(rasp.product(a.sop, b.sop), 'number', `product(${ra}, ${rb})`);
    }
  }

  private library(): Node | null {
    const L = rasp.lib, x = this.node()!;
    switch (this.rng.int(15)) {
      case 14: {
        const k = 1 + this.rng.int(2), sel = rasp.select(rasp.indices, rasp.indices, (key, q) => q === (key as number) + k);
        return this.add(rasp.aggregate(sel, x.sop, { default: null }), x.kind,
          `aggregate(select(indices, indices, (key: any, q: any) => q === key + ${k}), ${this.ref(x)}, { default: null })`);
      }
      case 9: {
        const n = 1 + this.rng.int(2);
        return this.add(L.makeCountLessFreq(n, x.sop), 'number', `lib.makeCountLessFreq(${n}, ${this.ref(x)})`);
      }
      case 10: return this.add(L.makeDoubleHist(x.sop), 'number', `lib.makeDoubleHist(${this.ref(x)})`);
      case 11: return this.add(L.makeSortFreq(x.sop), x.kind, `lib.makeSortFreq(${this.ref(x)})`);
      case 12: {
        const v = this.pick(this.vocab), w = this.pick(this.vocab);
        return this.add(L.detectPattern(rasp.tokens, [v, w]), 'boolean', `lib.detectPattern(tokens, ${JSON.stringify([v, w])})`);
      }
      case 13: {
        const v = this.pick(this.vocab);
        return this.add(L.makeContains(x.sop, v), 'boolean', `lib.makeContains(${this.ref(x)}, ${JSON.stringify(v)})`);
      }
      case 0: return this.add(L.makeHist(x.sop), 'number', `lib.makeHist(${this.ref(x)})`);
      case 1: {
        const b = this.node('boolean');
        return b === null ? null : this.add(L.makeFracPrevs(b.sop), 'number', `lib.makeFracPrevs(${this.ref(b)})`);
      }
      case 2: {
        const keys = this.node(x.kind === 'string' ? 'string' : 'number');
        if (keys === null) return null;
        return this.add(L.makeSortUnique(x.sop, keys.sop), x.kind, `lib.makeSortUnique(${this.ref(x)}, ${this.ref(keys)})`);
      }
      case 3: {
        const keys = this.node('number');
        return keys === null ? null : this.add(L.makeSort(x.sop, keys.sop), x.kind, `lib.makeSort(${this.ref(x)}, ${this.ref(keys)})`);
      }
      case 4: {
        const k = 1 + this.rng.int(2), fill: Value = x.kind === 'number' ? 0 : x.kind === 'string' ? 'z' : false;
        return this.add(L.shiftBy(k, x.sop, fill), x.kind, `lib.shiftBy(${k}, ${this.ref(x)}, ${JSON.stringify(fill)})`);
      }
      case 5: return this.add(L.makeReverse(x.sop), x.kind, `lib.makeReverse(${this.ref(x)})`);
      case 6: return this.add(L.makeIsFirstOccurrence(x.sop), 'boolean', `lib.makeIsFirstOccurrence(${this.ref(x)})`);
      case 7: {
        const v = this.pick(this.vocab);
        return this.add(L.markFirstInstance(rasp.tokens, v), 'boolean', `lib.markFirstInstance(tokens, ${JSON.stringify(v)})`);
      }
      default: {
        const n = this.node('number');
        return n === null ? null : this.add(L.makeWindowMax(n.sop, 2), 'number', `lib.makeWindowMax(${this.ref(n)}, 2)`);
      }
    }
  }
}

/**
 * A random program of at most `maxSteps` s-ops over tokens, indices and (sometimes) length, with a small vocabulary
 * ('abc', [1, 2, 3], or numbers with uneven gaps) and maxSeqLen 3 to 5 unless given. Booleans are averaged by
 * numerical aggregates, and tracr's shift_by pads with None.
 * @param rng the seeded generator (the same state gives the same program).
 * @param maxSteps the most s-ops built on top of the inputs (library pieces count as one).
 * @param length the maxSeqLen (by default 3 to 5, drawn from `rng`).
 * @returns the program, vocab, maxSeqLen and code that rebuilds it (for a failure message).
 * @example randomProgram(new Random(7), 5).code;
 */
export function randomProgram(rng: Random, maxSteps = 5, length?: number): RandomProgram {
  const kind = rng.int(4), numeric = kind !== 0, vocab: Value[] = [[...'abc'], [1, 2, 3], [0, 2, 5], [-1, 0.5, 3]][kind];
  const maxSeqLen = length ?? 3 + rng.int(3), builder = new Builder(rng, vocab, numeric ? 'number' : 'string');
  const steps = 1 + rng.int(maxSteps);
  let last: Node | null = null;
  for (let i = 0; i < steps; i++) last = builder.step();
  const code = builder.nodes.slice(2).filter((n) => n.code !== 'length').map((n) => n.code).join('\n');
  return { program: last!.sop, vocab, maxSeqLen, code: `${code}\n// output: s${builder.nodes.length - 1}` };
}

/** How one compilation of a generated program fared against rasp.evaluate. */
export interface Outcome {
  /** agree: every input evaluated alike; refused: compile threw an attnsim error with a code; else a failure. */
  status: 'agree' | 'refused' | 'mismatch' | 'crash';
  /** The refusal's message, the first differing input, or the crash's stack. */
  detail: string;
  /** The refusal's error code. */
  code?: string;
  /** The model's layers and residual width, when it compiled. */
  size?: { layers: number; width: number };
}

/** The options a generated program is compiled with. */
export interface FuzzOptions {
  optimize: boolean;
  attention: 'hard' | 'softmax';
  causal: boolean;
}

/**
 * Whether a model output equals the evaluator's: categorical values exactly, except numbers within SAME_NUMBER (the
 * compiler's value sets merge numbers that close, so 0.30000000000000004 reads out as 0.3); numbers of a numerical
 * read-out (and booleans, which it gives as 0/1) within `tol` relative to max(1, |expected|).
 */
function same(got: Value, expected: Value, numerical: boolean, tol: number): boolean {
  if (numerical && typeof got === 'number' && (typeof expected === 'number' || typeof expected === 'boolean')) {
    return Math.abs(got - Number(expected)) <= tol * Math.max(1, Math.abs(Number(expected)));
  }
  if (typeof got === 'number' && typeof expected === 'number') return Math.abs(got - expected) <= SAME_NUMBER * (1 + Math.abs(expected));
  return got === expected;
}

/**
 * Compiles a generated program and compares the model with rasp.evaluate on every input up to maxSeqLen, or on the
 * given inputs (inputs the evaluator refuses are skipped).
 * @param p the program.
 * @param opts optimize, attention and causal (the evaluator runs causally too).
 * @param tol the relative tolerance on numerical outputs.
 * @param inputs the inputs to compare on (default: all up to maxSeqLen).
 * @returns the outcome; a compile error with an attnsim code is a refusal, any other throw a crash.
 */
export function checkProgram(p: RandomProgram, opts: FuzzOptions, tol: number, inputs?: Value[][]): Outcome {
  let model;
  try {
    model = compile(p.program, { vocab: p.vocab, maxSeqLen: p.maxSeqLen, ...opts });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_ATTNSIM')) return { status: 'refused', detail: (e as Error).message, code };
    return { status: 'crash', detail: `compile threw ${(e as Error).stack ?? String(e)}` };
  }
  const size = { layers: model.config.layers, width: model.config.residualWidth };
  const numerical = model.readout.encoding === 'numerical';
  for (const x of inputs ?? allInputs(p.vocab, p.maxSeqLen)) {
    let expected: Value[];
    try {
      expected = rasp.evaluate(p.program, x, { causal: opts.causal });
    } catch {
      continue;
    }
    let got: Value[];
    try {
      got = model.forward(x) as Value[];
    } catch (e) {
      const detail = `on ${JSON.stringify(x)}: forward threw ${(e as Error).message}; evaluate gave ${JSON.stringify(expected)}`;
      return { status: 'mismatch', detail, size };
    }
    if (got.length !== expected.length || !got.every((v, i) => same(v, expected[i], numerical, tol))) {
      return { status: 'mismatch', detail: `on ${JSON.stringify(x)}: forward gave ${JSON.stringify(got)}, evaluate ${JSON.stringify(expected)}`,
        size };
    }
  }
  return { status: 'agree', detail: '', size };
}
