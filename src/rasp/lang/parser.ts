/** The RASP parser: tokens to statements, with the reference grammar's operator precedence. */
import { RaspError, RaspSyntaxError } from '../../errors';
import { BinaryOp, Expr, Position, SelectOp, Statement } from './ast';
import { lex, Token } from './lexer';
import { defaultLimits, limitError } from './limits';

/**
 * Binding powers, loosest first, as the order of alternatives in the reference grammar sets them:
 * `in` < ternary < and/or < comparisons < + - < % < * / < ^ < unary (not, -, +) < indexing and calls.
 */
const power: Record<string, number> = {
  in: 1, if: 2, and: 3, or: 3, '==': 4, '<=': 4, '>=': 4, '<': 4, '>': 4, '+': 5, '-': 5, '%': 6, '*': 7, '/': 7, '^': 8,
};
const unaryPower = 9;
const selectOps = ['==', '!=', '<', '>', '<=', '>='];

/** What bounds one parse. */
export interface ParseLimits {
  /** The deepest nesting of brackets, unary operators and blocks allowed (default: the session default, 200). */
  maxNesting?: number;
  /** Called every few thousand characters and tokens as the source is read and parsed; throws to stop (a session's time budget). */
  clock?: () => void;
}

/**
 * Parses a whole file or REPL input.
 * @throws {RaspSyntaxError} with line, column and a caret; {RaspError} (ERR_ATTNSIM_RASP_LIMIT) for too deep nesting.
 */
export function parse(source: string, file?: string, limits: ParseLimits = {}): Statement[] {
  return guardStack(() => new Parser(source, file, limits).statements());
}

/** Parses one expression (e.g. the CLI's --eval). */
export function parseExpression(source: string, file?: string, limits: ParseLimits = {}): Expr {
  return guardStack(() => {
    const p = new Parser(source, file, limits);
    const e = p.expr(0);
    p.expectEnd();
    return e;
  });
}

/** True for the engine's stack overflow. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.includes('call stack');
}

/** Runs `body`, turning a stack overflow (a nesting limit set above what the stack holds) into a limit error. */
function guardStack<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (isStackOverflow(error)) throw new RaspError('the source nests too deeply for the stack; lower limits.maxNesting', 'ERR_ATTNSIM_RASP_LIMIT');
    throw error;
  }
}

class Parser {
  private tokens: Token[];
  private i = 0;
  private depth = 0;
  private readonly maxNesting: number;
  private readonly clock: () => void;
  constructor(private readonly source: string, private readonly file: string | undefined, limits: ParseLimits) {
    this.maxNesting = limits.maxNesting ?? defaultLimits.maxNesting;
    this.clock = limits.clock ?? (() => undefined);
    this.tokens = lex(source, file, this.clock);
  }

  /** Runs `body` one nesting level deeper, refusing to go past maxNesting. */
  private nested<T>(body: () => T): T {
    const depth = this.depth;
    this.deepen();
    try {
      return body();
    } finally {
      this.depth = depth;
    }
  }

  /** One level deeper (a bracket, a block, or an expression wrapped by a postfix, `if` or `in`), up to maxNesting. */
  private deepen(): void {
    if (this.depth >= this.maxNesting) {
      const t = this.peek, e = limitError('the nesting of the source', 'maxNesting', this.maxNesting);
      throw new RaspError(`${this.file ?? '<input>'}:${t.line}:${t.column}: ${e.message}`, e.code);
    }
    this.depth++;
  }

  private get peek(): Token { return this.tokens[this.i]; }
  private next(): Token {
    if ((this.i & 1023) === 0) this.clock();
    return this.tokens[this.i++];
  }
  private at(text: string, offset = 0): boolean {
    const t = this.tokens[this.i + offset];
    return t.type !== 'string' && t.type !== 'eof' && t.text === text;
  }
  private error(message: string, t: Token = this.peek): never {
    throw new RaspSyntaxError(message, this.source, t.line, t.column, this.file);
  }
  private expect(text: string): Token {
    if (!this.at(text)) this.error(`expected '${text}' but found ${this.describe(this.peek)}`);
    return this.next();
  }
  private describe(t: Token): string {
    return t.type === 'eof' ? 'the end of the input' : t.type === 'string' ? `"${t.text}"` : `'${t.text}'`;
  }
  private pos(t: Token): Position { return { line: t.line, column: t.column }; }

  expectEnd(): void {
    if (this.peek.type !== 'eof') this.error(`unexpected ${this.describe(this.peek)} after the expression`);
  }

  statements(until?: string): Statement[] {
    const out: Statement[] = [];
    while (this.peek.type !== 'eof' && !(until && this.at(until))) out.push(this.statement());
    return out;
  }

  private statement(): Statement {
    return this.nested(() => this.statementUnchecked());
  }

  private statementUnchecked(): Statement {
    const t = this.peek, p = this.pos(t);
    if (this.at('def')) return this.def();
    if (this.at('for')) return this.forLoop();
    if (this.at('load')) {
      this.next();
      const f = this.next();
      if (f.type !== 'string') this.error('expected a file name in double quotes after load', f);
      this.expect(';');
      return { type: 'load', file: f.text, ...p };
    }
    if (this.at('set') && (this.at('example', 1) || this.at('s', 1))) return this.setExample();
    if (this.at('show') && (this.at('example', 1) || this.at('s', 1))) return this.showExample();
    if ((this.at('exit') || this.at('quit')) && (this.at(';', 1) || this.at('(', 1) || this.tokens[this.i + 1].type === 'eof')) {
      this.next();
      if (this.at('(')) { this.next(); this.expect(')'); }
      if (this.at(';')) this.next();
      return { type: 'exit', ...p };
    }
    if (this.at('draw') && this.at('(', 1)) {
      this.next();
      this.next();
      const sop = this.expr(0), input = this.at(',') ? (this.next(), this.expr(0)) : null;
      this.expect(')');
      this.expect(';');
      return { type: 'draw', sop, input, ...p };
    }
    if (t.type === 'id' && (this.at(',', 1) || this.at('=', 1)) && this.isAssignment()) return this.assign();
    const expr = this.expr(0);
    this.expect(';');
    return { type: 'expr', expr, ...p };
  }

  /** `a = …;` or `a, b = …;` (and not `a == b`, which lexes as one token). */
  private isAssignment(): boolean {
    let j = this.i;
    while (this.tokens[j].type === 'id' && this.tokens[j + 1].text === ',') j += 2;
    return this.tokens[j].type === 'id' && this.tokens[j + 1].type === 'op' && this.tokens[j + 1].text === '=';
  }

  private names(): string[] {
    const out = [this.identifier()];
    while (this.at(',')) {
      this.next();
      out.push(this.identifier());
    }
    return out;
  }

  private identifier(): string {
    const t = this.next();
    if (t.type !== 'id') this.error(`expected a name but found ${this.describe(t)}`, t);
    return t.text;
  }

  private assign(): Statement {
    const p = this.pos(this.peek), names = this.names();
    this.expect('=');
    const values = this.exprList();
    this.expect(';');
    return { type: 'assign', names, values, ...p };
  }

  private exprList(): Expr[] {
    const out = [this.expr(0)];
    while (this.at(',')) {
      this.next();
      out.push(this.expr(0));
    }
    return out;
  }

  private def(): Statement {
    const p = this.pos(this.next()), name = this.identifier();
    this.expect('(');
    const params = this.at(')') ? [] : this.names();
    this.expect(')');
    this.expect('{');
    const body: Statement[] = [];
    while (!this.at('return')) {
      if (this.peek.type === 'eof') this.error('unexpected end of input');
      if (this.at('}')) this.error(`function '${name}' must end with a return statement`);
      body.push(this.statement());
    }
    this.next();
    const returns = this.exprList();
    this.expect(';');
    this.expect('}');
    return { type: 'def', name, params, body, returns, ...p };
  }

  private forLoop(): Statement {
    const p = this.pos(this.next()), names = this.names();
    this.expect('in');
    const iterable = this.expr(0);
    this.expect('{');
    const body = this.statements('}');
    this.expect('}');
    return { type: 'for', names, iterable, body, ...p };
  }

  private subset(): 's-op' | 'selector' | null {
    if (this.at('s') && this.at('-', 1) && this.at('op', 2)) {
      this.i += 3;
      return 's-op';
    }
    if (this.at('selector')) {
      this.next();
      return 'selector';
    }
    return null;
  }

  private setExample(): Statement {
    const p = this.pos(this.next()), subset = this.subset();
    this.expect('example');
    const example = this.expr(0);
    if (this.at(';')) this.next();
    return { type: 'setExample', subset, example, ...p };
  }

  private showExample(): Statement {
    const p = this.pos(this.next()), subset = this.subset();
    this.expect('example');
    if (this.at(';')) this.next();
    return { type: 'showExample', subset, ...p };
  }

  /**
   * An expression whose operators all bind at least as tightly as `min`. Chains of binary operators nest to the
   * left without limit (the interpreter runs them in a loop); each postfix, `if` or `in` around `left` is a level deeper.
   */
  expr(min: number): Expr {
    return this.nested(() => this.exprUnchecked(min));
  }

  private exprUnchecked(min: number): Expr {
    let left = this.prefix();
    for (;;) {
      const t = this.peek;
      if (t.type === 'op' && (t.text === '[' || t.text === '(')) {
        this.deepen();
        left = this.postfix(left);
        continue;
      }
      const bp = t.type === 'string' ? undefined : power[t.text];
      if (bp === undefined || bp < min || t.type === 'eof' || t.type === 'number') return left;
      this.next();
      const p = { line: left.line, column: left.column };
      if (t.text !== 'if' && t.text !== 'in') {
        left = { type: 'binary', op: t.text as BinaryOp, left, right: this.expr(bp + 1), ...p };
        continue;
      }
      this.deepen();
      if (t.text === 'if') {
        const cond = this.expr(0);
        this.expect('else');
        left = { type: 'ternary', then: left, cond, otherwise: this.expr(bp + 1), ...p };
      } else {
        left = { type: 'in', item: left, container: this.expr(bp + 1), ...p };
      }
    }
  }

  private postfix(target: Expr): Expr {
    const p = { line: target.line, column: target.column };
    if (this.next().text === '[') {
      const index = this.expr(0);
      this.expect(']');
      return { type: 'index', target, index, ...p };
    }
    const args = this.at(')') ? [] : this.exprList();
    this.expect(')');
    return { type: 'call', callee: target, args, ...p };
  }

  private prefix(): Expr {
    const t = this.next(), p = this.pos(t);
    if (t.type === 'number') {
      const value = Number(t.text);
      if (!Number.isFinite(value)) this.error(`the number ${t.text.slice(0, 20)}… is too large (RASP numbers are finite)`, t);
      return { type: 'number', value, float: t.text.includes('.'), ...p };
    }
    if (t.type === 'string') return { type: 'string', value: t.text, ...p };
    if (t.type === 'eof') this.error('unexpected end of input', t);
    if (t.type === 'op') {
      if (t.text === '(') {
        const e = this.expr(0);
        this.expect(')');
        return e;
      }
      if (t.text === '-' || t.text === '+') return { type: 'unary', op: t.text, operand: this.expr(unaryPower), ...p };
      if (t.text === '[') return this.listOrComprehension(p);
      if (t.text === '{') return this.dictOrComprehension(p);
      this.error(`unexpected '${t.text}'`, t);
    }
    return this.word(t, p);
  }

  private word(t: Token, p: Position): Expr {
    const call = this.at('(');
    switch (call ? t.text : '') {
      case 'select': return this.select(p);
      case 'aggregate': {
        this.next();
        const selector = this.expr(0);
        this.expect(',');
        const sop = this.expr(0), fallback = this.at(',') ? (this.next(), this.expr(0)) : null;
        this.expect(')');
        return { type: 'aggregate', selector, sop, fallback, ...p };
      }
      case 'round':
      case 'indicator': {
        this.next();
        const operand = this.expr(0);
        this.expect(')');
        return { type: 'unary', op: t.text as 'round' | 'indicator', operand, ...p };
      }
      case 'range':
      case 'zip': {
        this.next();
        const args = this.exprList();
        this.expect(')');
        return t.text === 'range' ? { type: 'range', args, ...p } : { type: 'zip', lists: args, ...p };
      }
      case 'len': {
        this.next();
        const list = this.expr(0);
        this.expect(')');
        return { type: 'len', list, ...p };
      }
    }
    if (t.text === 'not') return { type: 'unary', op: 'not', operand: this.expr(unaryPower), ...p };
    if (['if', 'else', 'and', 'or', 'in', 'def', 'return', 'for'].includes(t.text)) this.error(`unexpected '${t.text}'`, t);
    return { type: 'var', name: t.text, ...p };
  }

  private select(p: Position): Expr {
    this.next();
    const keys = this.expr(0);
    this.expect(',');
    const queries = this.expr(0);
    this.expect(',');
    const op = this.next();
    if (op.type !== 'op' || !selectOps.includes(op.text)) this.error(`expected a comparison (${selectOps.join(' ')}) as select's third argument but found ${this.describe(op)}`, op);
    this.expect(')');
    return { type: 'select', keys, queries, op: op.text as SelectOp, ...p };
  }

  private listOrComprehension(p: Position): Expr {
    if (this.at(']')) {
      this.next();
      return { type: 'list', items: [], ...p };
    }
    const first = this.expr(0);
    if (this.at('for')) return { type: 'listComp', value: first, ...this.comprehensionTail(']'), ...p };
    const items = [first];
    while (this.at(',')) {
      this.next();
      items.push(this.expr(0));
    }
    this.expect(']');
    return { type: 'list', items, ...p };
  }

  /** `for names in iterable` and the closing bracket of a comprehension. */
  private comprehensionTail(close: string): { names: string[]; iterable: Expr } {
    this.expect('for');
    const names = this.names();
    this.expect('in');
    const iterable = this.expr(0);
    this.expect(close);
    return { names, iterable };
  }

  private dictOrComprehension(p: Position): Expr {
    if (this.at('}')) {
      this.next();
      return { type: 'dict', entries: [], ...p };
    }
    const key = this.expr(0);
    this.expect(':');
    const value = this.expr(0);
    if (this.at('for')) return { type: 'dictComp', key, value, ...this.comprehensionTail('}'), ...p };
    const entries: [Expr, Expr][] = [[key, value]];
    while (this.at(',')) {
      this.next();
      const k = this.expr(0);
      this.expect(':');
      entries.push([k, this.expr(0)]);
    }
    this.expect('}');
    return { type: 'dict', entries, ...p };
  }
}
