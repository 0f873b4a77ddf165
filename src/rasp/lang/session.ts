/** A RASP session: the text language's global scope with the library loaded, files, and the running example. */
import * as fs from 'fs';
import * as path from 'path';
import { checkOptions, invalidType } from '../../check';
import { RaspError } from '../../errors';
import { SOp } from '../dsl';
import { EvaluateOptions, evaluateSequence, inputTokens, Sequence } from '../evaluate';
import { Value } from '../values';
import { Env } from './env';
import { Host, Interpreter, Output } from './interpret';
import { parse, parseExpression } from './parser';
import { baseSOps, preludeSource, reservedWords, selectorWidthFunction } from './prelude';
import { kindOf, LangValue } from './values';

/** Options of a session. */
export interface SessionOptions {
  /** Where `load "file";` looks for files named relative to the console (default: the working directory). */
  baseDir?: string;
  /** The running example (default "hello"). */
  example?: Value[] | string;
}

/** A RASP session: run source, look up names, evaluate expressions on inputs. */
export class RaspSession implements Host {
  example: Value[];
  private readonly base: Env;
  private readonly global: Env;
  private readonly baseDir: string;

  constructor(opts?: SessionOptions) {
    const o = checkOptions<SessionOptions>('RaspSession', opts, ['baseDir', 'example']);
    this.baseDir = o.baseDir ?? process.cwd();
    this.example = inputTokens('RaspSession', o.example ?? 'hello');
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
   * @throws {RaspSyntaxError} for source that does not parse; {RaspError} for a failing statement.
   */
  run(source: string, file = '<console>'): Output[] {
    if (typeof source !== 'string') throw invalidType('run', 'source', 'a string of RASP source', source);
    return new Interpreter(this.global, this, file).run(parse(source, file));
  }

  /** The value bound to a name. @throws {RaspError} "Undefined variable: x". */
  get(name: string): LangValue {
    return this.global.get(name);
  }

  /** Evaluates an expression of the text language in the global scope, without binding anything. */
  value(expression: string): LangValue {
    return new Interpreter(this.global, this, '<expr>').expr(parseExpression(expression, '<expr>'));
  }

  /**
   * Evaluates an s-op expression on an input (default: the running example).
   * @example new RaspSession().evaluate('length - indices', 'abc'); // [3, 2, 1]
   */
  evaluate(expression: string, input?: Value[] | string, opts?: EvaluateOptions): Value[] {
    return this.evaluateSequence(expression, input, opts).values;
  }

  /** As evaluate, keeping which numbers are floats. */
  evaluateSequence(expression: string, input?: Value[] | string, opts?: EvaluateOptions): Sequence {
    const v = this.value(expression);
    if (!(v instanceof SOp)) throw new RaspError(`'${expression}' is a ${kindOf(v)}, not an s-op`);
    return evaluateSequence(v, input ?? this.example, opts);
  }

  /** Reads a file for `load`, relative to the loading file (or the base directory from the console). */
  readFile(name: string, from: string): { text: string; file: string } {
    const dir = from.startsWith('<') ? this.baseDir : path.dirname(from);
    const file = path.resolve(dir, name.endsWith('.rasp') ? name : `${name}.rasp`);
    try {
      return { text: fs.readFileSync(file, 'utf8'), file };
    } catch {
      throw new RaspError(`load: cannot read '${name}' (looked for ${file})`);
    }
  }

  /** Runs a loaded file in its own scope; its public names (not starting with `_`) land in `into`. */
  loadInto(text: string, file: string, into: Env): void {
    new Interpreter(this.base.nested(into), this, file).run(parse(text, file));
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
