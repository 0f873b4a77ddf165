/** The RASP evaluator: runs a program on an input, optionally causally; errors name the s-op, position and value. */
import { checkBoolean, checkOptions, invalidRange, invalidType } from '../check';
import { RaspError, thrownMessage } from '../errors';
import {
  AggregateSOp, ConstantSOp, FullSOp, IndicesSOp, LengthSOp, MapSOp, RaspExpr, Selector, SelectorWidthSOp, SOp, TokensSOp,
} from './dsl';
import { topologicalOrder } from './graph';
import { selectionStats, selectorMatrix, Tick } from './selection';
import { sequenceType, show, Value } from './values';

/** An evaluated s-op: its values, and which of its numbers are Python floats (for display and typing). */
export interface Sequence {
  values: Value[];
  float: Uint8Array;
}

/** Options of evaluate. */
export interface EvaluateOptions {
  /** Keys after the query are invisible to every selector (as in a decoder). Default false. */
  causal?: boolean;
}

/** The tokens of an input: a string is split into characters. */
export function inputTokens(fn: string, input: unknown): Value[] {
  const tokens = typeof input === 'string' ? [...input] : input;
  if (!Array.isArray(tokens) || !tokens.every((v) => v === null || ['number', 'string', 'boolean'].includes(typeof v))) {
    throw invalidType(fn, 'input', 'a string or an array of numbers, strings and booleans', input);
  }
  if (tokens.length === 0) throw new RaspError(`${fn}: RASP sequences and selectors expect a non-empty input`);
  const bad = tokens.findIndex((v) => typeof v === 'number' && !Number.isFinite(v));
  if (bad >= 0) throw invalidRange(fn, `expected finite numbers in input but token ${bad} is ${String(tokens[bad])}`, 'ERR_ATTNSIM_NON_FINITE');
  return tokens as Value[];
}

/**
 * Runs an s-op on an input and returns its values.
 * @param sop the program's output s-op.
 * @param input the tokens: a string (one token per character) or an array of values.
 * @param opts `{ causal }`: mask out keys after each query.
 * @throws {RaspError} naming the s-op, position and value where evaluation fails.
 * @example rasp.evaluate(rasp.map((x) => x * 2, rasp.indices), 'abc'); // [0, 2, 4]
 */
export function evaluate(sop: SOp, input: Value[] | string, opts?: EvaluateOptions): Value[] {
  return evaluateSequence(sop, input, opts).values;
}

/** As evaluate, keeping which numbers are floats (the REPL shows 1.0 and 1 apart, as the reference does). */
export function evaluateSequence(sop: SOp, input: Value[] | string, opts?: EvaluateOptions): Sequence {
  return evaluateSequenceTicking(sop, input, opts, () => undefined);
}

/** As evaluateSequence, calling `tick` before each s-op and each selector row it computes (a session's step and time budget). */
export function evaluateSequenceTicking(sop: SOp, input: Value[] | string, opts: EvaluateOptions | undefined, tick: Tick): Sequence {
  if (!(sop instanceof SOp)) throw invalidType('evaluate', 'sop', 'an s-op', sop);
  const run = new Run(inputTokens('evaluate', input), readCausal('evaluate', opts), tick);
  return run.sequence(sop);
}

/**
 * The selector's matrix on an input: rows are queries, columns are keys.
 * @example rasp.evaluateSelector(rasp.select(rasp.indices, rasp.indices, rasp.Comparison.LT), 'ab'); // [[false, false], [true, false]]
 */
export function evaluateSelector(selector: Selector, input: Value[] | string, opts?: EvaluateOptions): boolean[][] {
  return evaluateSelectorTicking(selector, input, opts, () => undefined);
}

/** As evaluateSelector, calling `tick` before each s-op and each selector row it computes. */
export function evaluateSelectorTicking(selector: Selector, input: Value[] | string, opts: EvaluateOptions | undefined, tick: Tick): boolean[][] {
  if (!(selector instanceof Selector)) throw invalidType('evaluateSelector', 'selector', 'a selector', selector);
  const run = new Run(inputTokens('evaluateSelector', input), readCausal('evaluateSelector', opts), tick);
  run.prepare(selector);
  return selectorMatrix(selector, (s) => run.sequence(s).values, run.n, run.causal, tick);
}

function readCausal(fn: string, opts: unknown): boolean {
  const o = checkOptions<EvaluateOptions>(fn, opts, ['causal']);
  return checkBoolean(fn, 'causal', o.causal ?? false);
}

/** One evaluation: every s-op's sequence, computed once, in dependency order. */
class Run {
  readonly n: number;
  private memo = new Map<RaspExpr, Sequence>();
  constructor(private readonly tokens: Value[], readonly causal: boolean, private readonly tick: Tick) {
    this.n = tokens.length;
  }

  /** Evaluates every s-op the node depends on, without recursion. */
  prepare(node: RaspExpr): void {
    for (const n of topologicalOrder(node)) {
      if (n instanceof SOp && !this.memo.has(n)) {
        this.tick();
        this.memo.set(n, this.compute(n));
      }
    }
  }

  sequence(sop: SOp): Sequence {
    if (!this.memo.has(sop)) this.prepare(sop);
    return this.memo.get(sop)!;
  }

  private compute(sop: SOp): Sequence {
    const seq = this.values(sop);
    sequenceType(seq.values, (i) => seq.float[i] === 1, `s-op '${sop.label}'`);
    return seq;
  }

  private values(sop: SOp): Sequence {
    const n = this.n;
    if (sop instanceof TokensSOp) return fromValues(this.tokens);
    if (sop instanceof IndicesSOp) return { values: Array.from({ length: n }, (_, i) => i), float: new Uint8Array(n) };
    if (sop instanceof LengthSOp) return { values: new Array<Value>(n).fill(n), float: new Uint8Array(n) };
    if (sop instanceof FullSOp) return fromValues(new Array<Value>(n).fill(sop.value));
    if (sop instanceof ConstantSOp) return this.constant(sop);
    if (sop instanceof MapSOp) return this.map(sop);
    if (sop instanceof AggregateSOp) return this.aggregate(sop);
    if (sop instanceof SelectorWidthSOp) {
      const { count } = selectionStats(sop.selector, (s) => this.sequence(s).values, null, n, this.causal, this.tick);
      return { values: Array.from(count), float: new Uint8Array(n) };
    }
    throw new RaspError(`s-op '${sop.label}': unknown kind '${sop.kind}'`);
  }

  private constant(sop: ConstantSOp): Sequence {
    if (sop.values.length !== this.n) {
      throw new RaspError(`constant '${sop.label}': it has ${sop.values.length} values but the input has ${this.n} tokens`);
    }
    return fromValues([...sop.values]);
  }

  private map(sop: MapSOp): Sequence {
    const inputs = sop.inputs.map((s) => this.sequence(s));
    const values: Value[] = new Array(this.n), float = new Uint8Array(this.n);
    const forced = sop.options.numberType;
    for (let i = 0; i < this.n; i++) {
      const args = inputs.map((s) => s.values[i]);
      let out: Value;
      try {
        out = sop.f(...args);
      } catch (error) {
        throw new RaspError(`map '${sop.label}' failed at position ${i} on ${args.map(show).join(', ')}: ${thrownMessage(error)}`);
      }
      if (out === undefined || (typeof out === 'number' && !Number.isFinite(out))) {
        throw new RaspError(`map '${sop.label}' gave ${String(out)} at position ${i} on ${args.map(show).join(', ')}`);
      }
      if (out !== null && !['number', 'string', 'boolean'].includes(typeof out)) {
        throw new RaspError(`map '${sop.label}' gave a ${typeof out} at position ${i} on ${args.map(show).join(', ')}: ` +
          's-op values are numbers, strings, booleans or null');
      }
      values[i] = out;
      if (typeof out === 'number') {
        float[i] = forced === 'float' || (forced !== 'int' && (!Number.isInteger(out) || inputs.some((s) => s.float[i] === 1))) ? 1 : 0;
      }
    }
    return { values, float };
  }

  /**
   * Per query: the default, the one selected value, or the mean of several numbers. A numerical aggregate
   * (rasp.numerical) counts booleans as 1 and 0, as Python and tracr do, one selected boolean and a boolean default
   * included (its model holds the number); any other refuses a mean of booleans, as the reference RASP does. Several
   * selected non-numbers that are all the same value give that value (its one-hot copy is exact), except in the text
   * language, which refuses them as the reference does.
   */
  private aggregate(sop: AggregateSOp): Sequence {
    const source = this.sequence(sop.sop);
    const numeric = source.values.every((v) => typeof v === 'number' || typeof v === 'boolean');
    const asNumber = sop.encoding === 'numerical' && numeric;
    const averages = asNumber || (numeric && !source.values.every((v) => typeof v === 'boolean'));
    const sums = numeric ? Float64Array.from(source.values, Number) : null;
    const stats = selectionStats(sop.selector, (s) => this.sequence(s).values, sums, this.n, this.causal, this.tick);
    const values: Value[] = new Array(this.n), float = new Uint8Array(this.n);
    let matrix: boolean[][] | undefined;
    for (let q = 0; q < this.n; q++) {
      const count = stats.count[q];
      if (count === 0) {
        values[q] = asNumber && typeof sop.fallback === 'boolean' ? Number(sop.fallback) : sop.fallback;
        float[q] = typeof sop.fallback === 'number' && !Number.isInteger(sop.fallback) ? 1 : 0;
      } else if (count === 1) {
        const k = stats.indexSum[q];
        values[q] = asNumber ? Number(source.values[k]) : source.values[k];
        float[q] = source.float[k];
      } else if (!averages) {
        const k = sop.reference ? -1 : commonValue(source.values, q, () => (matrix ??= selectorMatrix(sop.selector,
          (s) => this.sequence(s).values, this.n, this.causal, this.tick)));
        if (k < 0) {
          throw new RaspError(`aggregate '${sop.label}' at position ${q}: asked to average multiple values, but they are non-numbers: ${show(source.values)}`);
        }
        values[q] = source.values[k];
        float[q] = source.float[k];
      } else {
        values[q] = stats.sum[q] / count;
        float[q] = 1;
        if (!Number.isFinite(values[q])) throw new RaspError(`aggregate '${sop.label}' at position ${q}: the mean overflows (${values[q]})`);
      }
    }
    return { values, float };
  }
}

/** A key query q selects whose value every selected key holds (the same type and value), or −1 if they differ. */
function commonValue(source: readonly Value[], q: number, matrix: () => boolean[][]): number {
  const row = matrix()[q];
  const first = row.indexOf(true);
  return row.every((selected, k) => !selected || source[k] === source[first]) ? first : -1;
}

function fromValues(values: Value[]): Sequence {
  return { values, float: Uint8Array.from(values, (v) => (typeof v === 'number' && !Number.isInteger(v) ? 1 : 0)) };
}
