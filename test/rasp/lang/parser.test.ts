/** The RASP parser: statements, the reference's precedence, and syntax errors with line, column and caret. */
import * as assert from 'assert';
import { RaspSyntaxError } from '../../../src/errors';
import { parse, parseExpression } from '../../../src/rasp/lang/parser';
import { RaspSession } from '../../../src/rasp/lang/session';

/** Evaluates an expression on "abcdef" in a fresh session. */
const ev = (expr: string, input: string | number[] = 'abcdef') => new RaspSession().evaluate(expr, input);

describe('rasp/lang/parser', () => {
  const precedence: [string, unknown[]][] = [
    ['indices * 3 % 4 + 2 ^ indices', [1, 5, 6, 9, 16, 35]],
    ['-indices ^ 2', [0, 1, 4, 9, 16, 25]],
    ['2 ^ indices ^ 2', [1, 4, 16, 64, 256, 1024]],
    ['not tokens == "a"', [false, false, false, false, false, false]],
    ['indices - 1 - 1', [-2, -1, 0, 1, 2, 3]],
    ['indices < 2 or indices > 4 and indices == 5', [false, false, false, false, false, true]],
    ['"x" if indices < 1 else "y" if indices < 3 else "z"', ['x', 'y', 'y', 'z', 'z', 'z']],
    ['indices + 1 in [1, 2]', [true, true, false, false, false, false]],
    ['round(indices / 2)', [0, 0, 1, 2, 2, 2]],
  ];
  for (const [expr, expected] of precedence) {
    it(`reads ${expr} as the reference does`, () => assert.deepStrictEqual(ev(expr), expected));
  }
  it('parses every statement form', () => {
    const kinds = parse(`
      # a comment
      a, b = 1, 2;
      def f(x) { y = x + 1; return y; }
      for v in [1, 2] { a = a + v; }
      load "other";
      set example "hey";
      show example;
      tokens;
      exit;
    `).map((s) => s.type);
    assert.deepStrictEqual(kinds, ['assign', 'def', 'for', 'load', 'setExample', 'showExample', 'expr', 'exit']);
  });
  it('keeps line and column on every node', () => {
    const e = parseExpression('1 +\n  foo');
    assert.strictEqual(e.type, 'binary');
    if (e.type === 'binary') assert.deepStrictEqual([e.right.line, e.right.column], [2, 3]);
  });
  const errors: [string, string, number, number, RegExp][] = [
    ['a missing semicolon', 'x = 1\ny = 2;', 2, 1, /expected ';' but found 'y'/],
    ['an unterminated string', 'x = "abc;', 1, 5, /unterminated string/],
    ['an unknown character', 'x = 1 $ 2;', 1, 7, /unexpected character '\$'/],
    ['a bad select comparison', 'select(indices, indices, +);', 1, 26, /expected a comparison \(== != < > <= >=\)/],
    ['a function without return', 'def f(x) {\n  y = x;\n}', 3, 1, /function 'f' must end with a return statement/],
    ['a dangling operator', 'x = 1 +;', 1, 8, /unexpected ';'/],
  ];
  for (const [what, source, line, column, message] of errors) {
    it(`reports ${what} at line ${line}, column ${column}, with the line and a caret`, () => {
      assert.throws(() => parse(source, 'prog.rasp'), (e: RaspSyntaxError) => {
        assert.ok(e instanceof RaspSyntaxError);
        assert.deepStrictEqual([e.line, e.column, e.code], [line, column, 'ERR_ATTNSIM_RASP_SYNTAX']);
        assert.match(e.message, message);
        const [head, text, caret] = e.message.split('\n');
        assert.match(head, new RegExp(`^prog\\.rasp:${line}:${column}: `));
        assert.strictEqual(text, `  ${source.split('\n')[line - 1]}`);
        assert.strictEqual(caret, `  ${' '.repeat(column - 1)}^`);
        return true;
      });
    });
  }
});
