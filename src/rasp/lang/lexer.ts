/** The RASP lexer: source text to tokens with line and column; `#` comments and white space are skipped. */
import { RaspSyntaxError } from '../../errors';

/** One token. Keywords are `id` tokens; the parser tells them apart by text. */
export interface Token {
  type: 'number' | 'string' | 'id' | 'op' | 'eof';
  text: string;
  line: number;
  column: number;
}

const operators = ['==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '^', '(', ')', '[', ']', '{', '}', ',', ';', ':', '='];

/** Splits RASP source into tokens. @throws {RaspSyntaxError} at an unexpected character or an unclosed string. */
export function lex(source: string, file?: string): Token[] {
  const out: Token[] = [];
  let i = 0, line = 1, lineStart = 0;
  const here = () => ({ line, column: i - lineStart + 1 });
  while (i < source.length) {
    const c = source[i];
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (/[0-9]/.test(c)) {
      const at = here(), m = /^[0-9]+(\.[0-9]+)?/.exec(source.slice(i))!;
      out.push({ type: 'number', text: m[0], ...at });
      i += m[0].length;
    } else if (c === '"') {
      const at = here(), end = source.indexOf('"', i + 1);
      if (end < 0 || source.slice(i + 1, end).includes('\n')) throw new RaspSyntaxError('unterminated string', source, at.line, at.column, file);
      out.push({ type: 'string', text: source.slice(i + 1, end), ...at });
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const at = here(), m = /^[A-Za-z_][A-Za-z_0-9]*/.exec(source.slice(i))!;
      out.push({ type: 'id', text: m[0], ...at });
      i += m[0].length;
    } else {
      const at = here(), op = operators.find((o) => source.startsWith(o, i));
      if (!op) throw new RaspSyntaxError(`unexpected character '${c}'`, source, at.line, at.column, file);
      out.push({ type: 'op', text: op, ...at });
      i += op.length;
    }
  }
  out.push({ type: 'eof', text: '', line, column: i - lineStart + 1 });
  return out;
}
