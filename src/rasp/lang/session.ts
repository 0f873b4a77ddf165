/** A RASP session: the text language's global scope with the library loaded, files, limits, warnings and the running example. */
import * as path from 'path';
import { checkBoolean, checkOptions, invalidType } from '../../check';
import { RaspError, RaspSyntaxError } from '../../errors';
import { SOp } from '../dsl';
import { EvaluateOptions, evaluateSequenceTicking, inputTokens, Sequence } from '../evaluate';
import { Value } from '../values';
import { Env } from './env';
import { heldElements } from './footprint';
import { Host, Interpreter, Output, startEvaluation } from './interpret';
import { defaultLimits, Guard, RaspLimits, readLimits } from './limits';
import { readLoadFile, resolveLoad } from './load';
import { parse, parseExpression, ParseLimits } from './parser';
import { baseSOps, preludeSource, reservedWords, selectorWidthFunction } from './prelude';
import { kindOf, LangValue } from './values';

/** Options of a session. */
export interface SessionOptions {
  /** Where `load "file";` looks for files named relative to the console (default: the working directory; unused with loadRoot). */
  baseDir?: string;
  /** The running example (default "hello"). */
  example?: Value[] | string;
  /**
   * Restricts `load` to regular files under this folder: names must be relative, without `..`, and may not lead
   * out through symbolic links; messages then show names relative to it, never absolute paths or file text.
   */
  loadRoot?: string;
  /** Whether programs may use `load` at all (default true). */
  allowLoad?: boolean;
  /** Limits on what one run may do (see RaspLimits for the defaults); exceeding one is a RaspError with code ERR_ATTNSIM_RASP_LIMIT. */
  limits?: Partial<RaspLimits>;
}

/** A RASP session: run source, look up names, evaluate expressions on inputs. */
export class RaspSession implements Host {
  example: Value[];
  /** Warnings of the runs so far, oldest first (statements of loaded files that were skipped); callers may clear it. */
  readonly warnings: string[] = [];
  /** The session's limits. */
  readonly limits: Readonly<RaspLimits>;
  /** The counters of the current run. */
  guard: Guard;
  private readonly base: Env;
  private readonly global: Env;
  private readonly baseDir: string;
  private readonly loadRoot: string | null;
  private readonly allowLoad: boolean;

  constructor(opts?: SessionOptions) {
    const o = checkOptions<SessionOptions>('RaspSession', opts, ['baseDir', 'example', 'loadRoot', 'allowLoad', 'limits']);
    if (o.baseDir !== undefined && typeof o.baseDir !== 'string') throw invalidType('RaspSession', 'baseDir', 'a folder path', o.baseDir);
    if (o.loadRoot !== undefined && typeof o.loadRoot !== 'string') throw invalidType('RaspSession', 'loadRoot', 'a folder path', o.loadRoot);
    this.baseDir = o.baseDir ?? process.cwd();
    this.loadRoot = o.loadRoot === undefined ? null : path.resolve(o.loadRoot);
    this.allowLoad = checkBoolean('RaspSession', 'allowLoad', o.allowLoad ?? true);
    this.limits = Object.freeze(readLimits('RaspSession', o.limits));
    this.example = inputTokens('RaspSession', o.example ?? 'hello');
    this.guard = new Guard(defaultLimits);
    this.base = new Env(null, new Set(reservedWords));
    for (const [name, sop] of Object.entries(baseSOps)) this.base.define(name, sop);
    this.base.define('selector_width', selectorWidthFunction);
    this.base.define('True', true);
    this.base.define('False', false);
    new Interpreter(this.base, this, '<library>').run(parse(preludeSource, '<library>'));
    for (const name of this.base.names()) this.base.reserve(name);
    this.base.define('tokens', baseSOps.tokens_str);
    this.global = this.base.nested();
  }

  /**
   * Runs RASP statements in the session's global scope.
   * @returns what each statement produced (named values, messages), for display.
   * @throws {RaspSyntaxError} for source that does not parse; {RaspError} for a failing statement or a limit reached.
   */
  run(source: string, file = '<console>'): Output[] {
    if (typeof source !== 'string') throw invalidType('run', 'source', 'a string of RASP source', source);
    return new Interpreter(this.global, this, file).run(parse(source, file, this.startRun(source)));
  }

  /** The value bound to a name. @throws {RaspError} "Undefined variable: x". */
  get(name: string): LangValue {
    return this.global.get(name);
  }

  /** Evaluates an expression of the text language in the global scope, without binding anything. */
  value(expression: string): LangValue {
    if (typeof expression !== 'string') throw invalidType('value', 'expression', 'a string of RASP source', expression);
    return new Interpreter(this.global, this, '<expr>').expr(parseExpression(expression, '<expr>', this.startRun(expression)));
  }

  /**
   * Starts a run on `source`: fresh counters, starting from the elements the session holds; refuses source longer
   * than maxSourceLength. @returns what bounds its parse (maxNesting, and the run's clock).
   */
  private startRun(source: string): ParseLimits {
    this.guard = new Guard(this.limits);
    this.guard.source(source.length);
    this.guard.hold(heldElements(this.global));
    const guard = this.guard;
    return { maxNesting: this.limits.maxNesting, clock: () => guard.clock() };
  }

  /**
   * Evaluates an s-op expression on an input (default: the running example).
   * @example new RaspSession().evaluate('length - indices', 'abc'); // [3, 2, 1]
   */
  evaluate(expression: string, input?: Value[] | string, opts?: EvaluateOptions): Value[] {
    return this.evaluateSequence(expression, input, opts).values;
  }

  /** As evaluate, keeping which numbers are floats; the run's maxSteps and timeoutMs hold here too. */
  evaluateSequence(expression: string, input?: Value[] | string, opts?: EvaluateOptions): Sequence {
    const v = this.value(expression);
    if (!(v instanceof SOp)) throw new RaspError(`'${expression}' is a ${kindOf(v)}, not an s-op`);
    const tokens = inputTokens('evaluate', input ?? this.example);
    return evaluateSequenceTicking(v, tokens, opts, startEvaluation(this.guard, v, tokens.length));
  }

  /** Records a warning of the current run. */
  warn(message: string): void {
    this.warnings.push(message);
  }

  /** Reads a file for `load`, relative to the loading file (or the base directory or load root from the console). */
  readFile(name: string, from: string): { text: string; file: string } {
    if (!this.allowLoad) throw new RaspError(`load "${name}": loading files is not allowed in this session`, 'ERR_ATTNSIM_RASP_LOAD');
    const { file, label } = resolveLoad(name, from, this.baseDir, this.loadRoot);
    return { text: readLoadFile(file, name, this.loadRoot === null ? file : null, this.limits.maxFileBytes), file: label };
  }

  /** Runs a loaded file in its own scope; its public names (not starting with `_`) land in `into`. */
  loadInto(text: string, file: string, into: Env): void {
    let statements;
    try {
      const guard = this.guard;
      statements = parse(text, file, { maxNesting: this.limits.maxNesting, clock: () => guard.clock() });
    } catch (error) {
      if (this.loadRoot === null || !(error instanceof RaspSyntaxError)) throw error;
      throw new RaspError(`${file}:${error.line}:${error.column}: syntax error (the text of loaded files is not shown when load is restricted)`,
        'ERR_ATTNSIM_RASP_SYNTAX');
    }
    new Interpreter(this.base.nested(into), this, file, true).run(statements);
  }

  /** Every name a statement can use: the session's own, then the library's (for completion in the REPL). */
  names(): string[] {
    return [...new Set([...this.global.names(), ...this.base.names()])];
  }
}

/**
 * Runs RASP source in a new session and returns the session, to look up names or evaluate expressions.
 * @example rasp.run('rev = aggregate(select(length - indices - 1, indices, ==), tokens);').evaluate('rev', 'abc'); // ['c', 'b', 'a']
 */
export function run(source: string, opts?: SessionOptions): RaspSession {
  const session = new RaspSession(opts);
  session.run(source);
  return session;
}
