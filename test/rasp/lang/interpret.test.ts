/** The RASP interpreter: scopes, functions, loops, comprehensions, indexing, load and privacy, reserved names, errors. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RaspError } from '../../../src/errors';
import { run, RaspSession } from '../../../src/rasp/lang/session';
import { assertThrows } from '../../helpers/throws';

describe('rasp/lang/interpret', () => {
  it('functions return several values, and run in their own scope', () => {
    const s = run('def two(x) { inner = x + 1; return x, inner; }\na, b = two(indices);');
    assert.deepStrictEqual([s.evaluate('a', 'abc'), s.evaluate('b', 'abc')], [[0, 1, 2], [1, 2, 3]]);
    assertThrows(() => s.get('inner'), /^Undefined variable: inner$/);
  });
  it('functions close over the scope they were defined in', () => {
    const s = run('k = 10;\ndef addk(x) { return x + k; }\nk = 20;');
    assert.deepStrictEqual(s.evaluate('addk(indices)', 'ab'), [20, 21]);
  });
  it('for loops update the enclosing scope, comprehensions do not leak', () => {
    const s = run('total = 0;\nfor v in range(4) { total = total + v; }\nsq = [x * x for x in range(3)];\nd = {k: v for k, v in zip(["a", "b"], [1, 2])};');
    assert.deepStrictEqual([s.get('total'), s.get('sq'), s.value('d["b"]')], [6, [0, 1, 4], 2]);
    assertThrows(() => s.get('x'), /^Undefined variable: x$/);
  });
  it('atoms follow Python: and/or return an operand, lists concatenate, len and range', () => {
    const s = new RaspSession();
    assert.deepStrictEqual(['0 or 5', '3 and 4', '[1] + [2, 3]', 'len([1, 2, 3])', 'range(5, 0, -2)', '-7 % 3', '7 / 2', '"ab"[-1]', '2 in [1, 2]'].map((e) => s.value(e)),
      [5, 4, [1, 2, 3], 3, [5, 3, 1], 2, 3.5, 'b', true]);
  });
  it('indexes lists and dicts by s-ops, and an s-op by an integer', () => {
    const s = run('vals = [10, 20, 30];\nw = {"a": 1, "b": 2};');
    assert.deepStrictEqual([s.evaluate('vals[indices]', 'abc'), s.evaluate('w[tokens]', 'bab'), s.evaluate('tokens[-1]', 'xyz')], [[10, 20, 30], [2, 1, 2], ['z', 'z', 'z']]);
  });
  it('applies an s-op or a selector to an input given in the source', () => {
    const s = new RaspSession();
    const out = s.value('(indices + 1)("abc")') as { sequence: { values: unknown[] } };
    assert.deepStrictEqual(out.sequence.values, [1, 2, 3]);
    const m = s.value('select(indices, indices, <)("ab")') as { matrix: boolean[][] };
    assert.deepStrictEqual(m.matrix, [[false, false], [true, false]]);
  });
  it('keeps floats from / and aggregate means apart from ints', () => {
    const s = new RaspSession();
    assert.deepStrictEqual(Array.from(s.evaluateSequence('indices / 1', 'ab').float), [1, 1]);
    assert.deepStrictEqual(Array.from(s.evaluateSequence('selector_width(select(indices, indices, <))', 'ab').float), [0, 0]);
    assert.deepStrictEqual(Array.from(s.evaluateSequence('round(indices / 2)', 'abc').float), [0, 0, 0]);
  });
  describe('load', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-rasp-'));
      fs.writeFileSync(path.join(dir, 'helpers.rasp'), '_hidden = 3;\nshown = indices + _hidden;\ndef plus_hidden(x) { return x + _hidden; }\n');
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.writeFileSync(path.join(dir, 'sub', 'main.rasp'), 'load "../helpers";\nmain_out = plus_hidden(shown);\n');
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    it('shares public names, keeps _names private, and resolves paths from the loading file', () => {
      const s = new RaspSession({ baseDir: dir });
      s.run('load "sub/main.rasp";');
      assert.deepStrictEqual([s.evaluate('shown', 'ab'), s.evaluate('main_out', 'ab')], [[3, 4], [6, 7]]);
      assertThrows(() => s.get('_hidden'), /^Undefined variable: _hidden$/);
    });
    it('says which file it could not read', () => {
      assertThrows(() => new RaspSession({ baseDir: dir }).run('load "missing";'), /load: cannot read 'missing'/);
    });
  });
  const errors: [string, string, RegExp][] = [
    ['redefining a library name', 'count = 1;', /^<console>:1:1: Cannot set reserved name: count$/],
    ['assigning a base s-op', 'indices = 1;', /Cannot set reserved name: indices/],
    ['an undefined name, with line and column', 'x = 1;\ny = x + zz;', /^<console>:2:9: Undefined variable: zz$/],
    ['mixing selectors with s-ops in and', 'x = select(indices, indices, ==) and indices;', /Cannot apply and\/or between selector and non-selector/],
    ['arithmetic on selectors', 'x = select(indices, indices, ==) + 1;', /Cannot apply \+ to selector\(s\)/],
    ['a wrong number of arguments', 'def f(a) { return a; }\nf(1, 2);', /wrong number of args for f- expected: 1, got: 2\./],
    ['a non-integer range', 'range(1.5);', /range expects all integer inputs/],
    ['aggregate over a non-selector', 'aggregate(indices, indices);', /Expected selector, got: indices/],
    ['indicator of an atom', 'indicator(1);', /indicator operator expects s-op, got: 1/],
    ['unpacking the wrong number of values', 'a, b = 1, 2, 3;', /expected 2 values, but got: 3/],
    ['draw, which the compiler CLI does instead', 'draw(tokens);', /draw is not available in the interpreter/],
  ];
  for (const [what, source, message] of errors) {
    it(`rejects ${what}`, () => assert.throws(() => new RaspSession().run(source), (e: Error) => e instanceof RaspError && message.test(e.message)));
  }
  it('tokens can be rebound, and then means the new s-op', () => {
    const s = run('tokens = tokens_int;');
    assert.deepStrictEqual(s.evaluate('tokens + 1', [1, 2]), [2, 3]);
    assertThrows(() => s.evaluate('tokens', 'ab'), /invalid literal for int\(\) with base 10: 'a'/);
  });
});
