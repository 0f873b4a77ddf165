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

const numberPattern = /[0-9]+(\.[0-9]+)?/y;
const namePattern = /[A-Za-z_][A-Za-z_0-9]*/y;

/** The match of a sticky pattern at `i` (which the caller knows is there): no copy of the rest of the source. */
function matchAt(pattern: RegExp, source: string, i: number): string {
  pattern.lastIndex = i;
  return pattern.exec(source)![0];
}

/**
 * Splits RASP source into tokens, in time linear in its length.
 * @param clock called every 4,096 characters or tokens (a session's time budget); throws to stop.
 * @throws {RaspSyntaxError} at an unexpected character or an unclosed string.
 */
export function lex(source: string, file?: string, clock: () => void = () => undefined): Token[] {
  const out: Token[] = [];
  let i = 0, line = 1, lineStart = 0;
  const here = () => ({ line, column: i - lineStart + 1 });
  for (let turn = 1; i < source.length; turn++) {
    if ((turn & 4095) === 0) clock();
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
      const at = here(), text = matchAt(numberPattern, source, i);
      out.push({ type: 'number', text, ...at });
      i += text.length;
    } else if (c === '"') {
      const at = here(), end = source.indexOf('"', i + 1);
      if (end < 0 || source.lastIndexOf('\n', end) > i) throw new RaspSyntaxError('unterminated string', source, at.line, at.column, file);
      out.push({ type: 'string', text: source.slice(i + 1, end), ...at });
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const at = here(), text = matchAt(namePattern, source, i);
      out.push({ type: 'id', text, ...at });
      i += text.length;
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
