/** Limits of a RASP session, so that untrusted source ends in a RaspError (ERR_ATTNSIM_RASP_LIMIT) instead of a crash or a hang. */
import { checkInteger, checkOptions } from '../../check';
import { RaspError } from '../../errors';
import { nodesCreated } from '../dsl';

/** What one session allows a program to do; every field has a default (see `defaultLimits`). */
export interface RaspLimits {
  /** Longest list, string or `range` a program may build (default 1,000,000 elements). */
  maxListLength: number;
  /** Loop and comprehension iterations in one run (default 10,000,000). */
  maxIterations: number;
  /** Nesting of brackets, unary operators and blocks in the source (default 200). */
  maxNesting: number;
  /** Function calls in progress at once, counting `load`s (default 100). */
  maxCallDepth: number;
  /** Files loading files, one inside the other (default 16; a file that loads itself stops here). */
  maxLoadDepth: number;
  /** Bytes of a file `load` reads (default 1,000,000). */
  maxFileBytes: number;
  /** Tokens of an input a program applies an s-op or selector to, or sets as the example (default 1,000). */
  maxInputLength: number;
  /** Statements, expressions and iterations in one run (default: no limit). */
  maxSteps: number;
  /** Milliseconds one run may take, parsing included, checked as it steps (default: no limit). */
  timeoutMs: number;
  /** Characters of source one `run`, `value` or `evaluate` call may parse (default 1,000,000). */
  maxSourceLength: number;
  /**
   * Elements the session holds plus those one run builds (default 20,000,000, a few hundred MB): each element of a
   * list, string or s-op value counts 1, each list or dict itself and each dict entry count 8, and each s-op or
   * selector node counts 32 (their measured sizes, in units of about 12 bytes).
   */
  maxElements: number;
}

/** The limits a session has unless its options say otherwise. */
export const defaultLimits: Readonly<RaspLimits> = Object.freeze({
  maxListLength: 1_000_000,
  maxIterations: 10_000_000,
  maxNesting: 200,
  maxCallDepth: 100,
  maxLoadDepth: 16,
  maxFileBytes: 1_000_000,
  maxInputLength: 1_000,
  maxSteps: Infinity,
  timeoutMs: Infinity,
  maxSourceLength: 1_000_000,
  maxElements: 20_000_000,
});

/** What each kind of value counts against maxElements (see RaspLimits.maxElements). */
export const elementUnits = Object.freeze({ element: 1, container: 8, node: 32 });

const names = Object.keys(defaultLimits) as (keyof RaspLimits)[];

/**
 * The session's limits: the defaults overridden by `given` (positive integers; Infinity lifts a limit).
 * @param fn the function to name in messages.
 * @param given the `limits` option (or undefined).
 * @returns every limit.
 * @throws {ArgumentTypeError} for an unknown limit; {ArgumentRangeError} for a value that is not a positive integer.
 * @example readLimits('RaspSession', { maxSteps: 1e6 }).maxNesting; // 200
 */
export function readLimits(fn: string, given: unknown): RaspLimits {
  const o = checkOptions<RaspLimits>(`${fn} limits`, given, names);
  const out = { ...defaultLimits };
  for (const name of names) {
    const v = o[name];
    if (v !== undefined) out[name] = v === Infinity ? v : checkInteger(fn, `limits.${name}`, v, 1, Number.MAX_SAFE_INTEGER);
  }
  return out;
}

/**
 * A RaspError with the limit code, saying what exceeded which limit.
 * @param what what exceeded it, e.g. `range of 1000000000 elements`.
 * @param name the limit's name.
 * @param limit its value.
 * @returns the error (ERR_ATTNSIM_RASP_LIMIT), to throw.
 * @example throw limitError('the run', 'maxSteps', 1000);
 */
export function limitError(what: string, name: keyof RaspLimits, limit: number): RaspError {
  return new RaspError(`${what} exceeds the session limit ${name} = ${limit}`, 'ERR_ATTNSIM_RASP_LIMIT');
}

/**
 * The counters of one run (a `run`, `value` or `evaluate` call), checked against the limits as the program goes;
 * each method throws a limit error (ERR_ATTNSIM_RASP_LIMIT) when its limit is passed.
 * @example const guard = new Guard(defaultLimits); guard.size(10, 'range'); // within the limit: no error
 */
export class Guard {
  private steps = 0;
  private iterations = 0;
  private depth = 0;
  private loads = 0;
  private elements = 0;
  private nodes = nodesCreated();
  private readonly deadline: number;
  constructor(readonly limits: RaspLimits) {
    this.deadline = Date.now() + limits.timeoutMs;
  }

  /** One statement, expression, s-op or selector row; checks the step budget, the clock and the s-op nodes built since the last step. */
  step(): void {
    this.steps++;
    if (this.steps > this.limits.maxSteps) throw limitError('the run', 'maxSteps', this.limits.maxSteps);
    this.clock();
    const nodes = nodesCreated();
    if (nodes !== this.nodes) {
      this.hold((nodes - this.nodes) * elementUnits.node);
      this.nodes = nodes;
    }
  }

  /** Checks the time budget only (the parser calls it as it reads the source). */
  clock(): void {
    if (this.deadline !== Infinity && Date.now() > this.deadline) {
      throw limitError('the run\'s time', 'timeoutMs', this.limits.timeoutMs);
    }
  }

  /** One loop or comprehension iteration. */
  iterate(): void {
    this.iterations++;
    if (this.iterations > this.limits.maxIterations) throw limitError('the loop iterations', 'maxIterations', this.limits.maxIterations);
    this.step();
  }

  /** A list or string of `length` elements about to be built: checks maxListLength, and counts it against maxElements. */
  size(length: number, what: string, units = length): void {
    if (length > this.limits.maxListLength) throw limitError(`${what} of ${length} elements`, 'maxListLength', this.limits.maxListLength);
    this.hold(units);
  }

  /** `units` more elements about to be built (see RaspLimits.maxElements). */
  hold(units: number): void {
    this.elements += units;
    if (this.elements > this.limits.maxElements) {
      throw limitError(`the count of elements the session holds and the run builds (${this.elements})`, 'maxElements', this.limits.maxElements);
    }
  }

  /** Source of `length` characters about to be parsed. */
  source(length: number): void {
    if (length > this.limits.maxSourceLength) {
      throw limitError(`a source of ${length} characters`, 'maxSourceLength', this.limits.maxSourceLength);
    }
  }

  /** An input of `length` tokens about to be run or set as the example. */
  input(length: number): void {
    if (length > this.limits.maxInputLength) throw limitError(`an input of ${length} tokens`, 'maxInputLength', this.limits.maxInputLength);
    this.hold(length);
  }

  /** Runs `body` one call deeper (a function call, or a load when `load` is set). */
  nested<T>(load: boolean, body: () => T): T {
    if (this.depth >= this.limits.maxCallDepth) throw limitError('the depth of function calls', 'maxCallDepth', this.limits.maxCallDepth);
    if (load && this.loads >= this.limits.maxLoadDepth) {
      throw limitError('the depth of files loading files', 'maxLoadDepth', this.limits.maxLoadDepth);
    }
    this.depth++;
    if (load) this.loads++;
    try {
      return body();
    } finally {
      this.depth--;
      if (load) this.loads--;
    }
  }
}
