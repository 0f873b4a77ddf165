/** Session limits: untrusted source that would exhaust memory, the stack or the clock ends in a coded RaspError with line:column. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RaspError } from '../../../src/errors';
import { defaultLimits } from '../../../src/rasp/lang/limits';
import { run, RaspSession } from '../../../src/rasp/lang/session';
import { assertThrows } from '../../helpers/throws';

const LIMIT = 'ERR_ATTNSIM_RASP_LIMIT';

describe('rasp/lang/limits', () => {
  const refused: [string, string, RegExp][] = [
    ['a huge range', 'x = range(1000000000);', /^<console>:1:5: range of 1000000000 elements exceeds the session limit maxListLength = 1000000$/],
    ['a list doubled 40 times', 'x = [1];\nfor i in range(40) { x = x + x; }', /^<console>:2:26: the result of list \+ of 1048576 elements exceeds .* maxListLength/],
    ['a string repeated 10^9 times', 'x = "ab" * 1000000000;', /^<console>:1:5: the result of string \* of 2000000000 elements exceeds .* maxListLength/],
    ['4,000 nested brackets', `x = ${'('.repeat(4000)}1${')'.repeat(4000)};`, /^<console>:1:\d+: the nesting of the source exceeds the session limit maxNesting = 200$/],
    ['5,000 nested unary minus signs', `x = ${'-'.repeat(5000)}1;`, /^<console>:1:\d+: the nesting of the source exceeds .* maxNesting/],
    ['20,000 chained ternaries', `x = ${Array(20000).fill('1 if 1 else').join(' ')} 2;`, /^<console>:1:\d+: the nesting of the source exceeds .* maxNesting/],
    ['5,000 chained indexings', `x = tokens${'[0]'.repeat(5000)};`, /^<console>:1:\d+: the nesting of the source exceeds .* maxNesting/],
    ['5,000 chained calls', `x = f${'(1)'.repeat(5000)};`, /^<console>:1:\d+: the nesting of the source exceeds .* maxNesting/],
    ['20,000 chained ins', `x = ${Array(20000).fill('1').join(' in ')};`, /^<console>:1:\d+: the nesting of the source exceeds .* maxNesting/],
    ['a list nested 100,000 deep, compared', 'x = [];\nfor i in range(100000) { x = [x]; }\ny = x == x;', /^<console>:3:5: the program nests too deeply for the stack \(its values or calls\)$/],
    ['a function that calls itself forever', 'def f(x) { return f(x); }\ny = f(1);', /^<console>:1:19: the depth of function calls exceeds the session limit maxCallDepth = 100$/],
    ['applying an s-op to an input of 5,000 tokens', 'x = indices(range(5000));', /^<console>:1:5: an input of 5000 tokens exceeds .* maxInputLength = 1000$/],
    ['an example of 5,000 tokens', 'set example range(5000);', /^<console>:1:1: an input of 5000 tokens exceeds .* maxInputLength/],
  ];
  for (const [what, source, message] of refused) {
    it(`refuses ${what} with ${LIMIT}`, () => assertThrows(() => run(source), message, LIMIT, RaspError));
  }

  it('evaluates a chain of 7,900 and-ed selectors, and one built by a loop 10,000 deep, without recursion', () => {
    const chain = Array(7900).fill('select(indices, indices, <=)').join(' and ');
    assert.deepStrictEqual(run(`s = ${chain};`).evaluate('selector_width(s)', 'abc'), [1, 2, 3]);
    const s = run('s = select(indices, indices, ==);\nfor i in range(10000) { s = not (s or select(indices, indices, <)); }');
    assert.deepStrictEqual(s.evaluate('selector_width(s)', 'abc'), [1, 1, 1]);
    assert.strictEqual(run(`x = ${Array(50000).fill('1').join(' + ')};`).get('x'), 50000);
  });

  it('stops a run at maxSteps and at timeoutMs', () => {
    assertThrows(() => run('x = 0;\nfor i in range(1000) { x = x + 1; }', { limits: { maxSteps: 100 } }), /the run exceeds the session limit maxSteps = 100$/, LIMIT);
    assertThrows(() => run('for i in range(1000000) { for j in range(1000000) { x = 1; } }', { limits: { timeoutMs: 50 } }),
      /the run's time exceeds the session limit timeoutMs = 50$/, LIMIT);
    assertThrows(() => run('for i in range(100) { x = i; }', { limits: { maxIterations: 99 } }), /loop iterations exceeds .* maxIterations = 99$/, LIMIT);
  });

  it('applies the step and time budget while s-ops and selectors are evaluated, also through session.evaluate', () => {
    const slow = 's = select(indices, indices, ==);\nfor i in range(300) { s = not (s or select(indices, indices, <)); }\n';
    assertThrows(() => run(`${slow}y = selector_width(s)(range(1000));`, { limits: { timeoutMs: 50 } }), /^<console>:3:5: the run's time exceeds .* timeoutMs = 50$/, LIMIT);
    const s = run(slow.replace('range(300)', 'range(10)'), { limits: { maxSteps: 500 } });
    assert.deepStrictEqual(s.evaluate('selector_width(s)', 'ab'), [1, 1]);
    assertThrows(() => s.evaluate('selector_width(s)', Array(1000).fill(1)), /the run exceeds the session limit maxSteps = 500$/, LIMIT);
  });

  it('counts each run afresh, and lets every limit be raised or lowered', () => {
    const s = new RaspSession({ limits: { maxSteps: 50, maxListLength: 10 } });
    for (let i = 0; i < 5; i++) s.run('x = range(10);');
    assertThrows(() => s.run('x = range(11);'), /maxListLength = 10$/, LIMIT);
    assert.strictEqual(s.limits.maxNesting, defaultLimits.maxNesting);
    assert.doesNotThrow(() => run(`x = ${'('.repeat(400)}1${')'.repeat(400)};`, { limits: { maxNesting: 1000 } }));
    assertThrows(() => new RaspSession({ limits: { maxStep: 1 } as never }), /option 'maxStep'/, 'ERR_ATTNSIM_ARGUMENT');
    assertThrows(() => new RaspSession({ limits: { maxSteps: 0 } }), /limits.maxSteps/, 'ERR_ATTNSIM_ARGUMENT');
  });

  describe('maxElements: one budget for everything a session holds and a run builds', () => {
    const ELEMENTS = /the count of elements the session holds and the run builds \(\d+\) exceeds the session limit maxElements = /;
    it('refuses the issue\'s line (9,000 lists of 99,999) in a session whose lists are each within maxListLength', () => {
      const s = new RaspSession({ allowLoad: false, limits: { maxSteps: 1e6, maxListLength: 100000, maxElements: 1e6 } });
      assertThrows(() => s.run('x = [range(99999) for i in range(9000)];'), new RegExp(`^<console>:1:6: ${ELEMENTS.source}1000000$`), LIMIT);
    });
    it('is on by default at 20,000,000: 25 strings of 1,000,000 characters are refused', () => {
      assert.strictEqual(defaultLimits.maxElements, 20_000_000);
      assertThrows(() => run('x = ["a" * 1000000 for i in range(25)];'), new RegExp(`${ELEMENTS.source}20000000$`), LIMIT);
    });
    it('counts what earlier runs left bound, each shared value once, and frees what is rebound', () => {
      const s = new RaspSession({ limits: { maxElements: 2000 } });
      s.run('a = range(1000);');
      s.run('b = [a, a, a, a];');
      assertThrows(() => s.run('c = range(1000);'), new RegExp(`^<console>:1:5: ${ELEMENTS.source}2000$`), LIMIT);
      s.run('a = 0;\nb = 0;');
      assert.doesNotThrow(() => s.run('c = range(1000);'));
    });
    it('counts s-op and selector nodes, and the values an evaluation computes', () => {
      assertThrows(() => run('x = tokens;\nfor i in range(100000) { x = x + 1; }', { limits: { maxElements: 100000 } }), ELEMENTS, LIMIT);
      assertThrows(() => run('x = [indices(range(1000)) for i in range(100)];', { limits: { maxElements: 50000 } }), ELEMENTS, LIMIT);
      const s = new RaspSession({ limits: { maxElements: 3000 } });
      s.run('x = indices + 1;');
      assert.deepStrictEqual(s.evaluate('x', Array(100).fill(1)).length, 100);
      assertThrows(() => s.evaluate('x', Array(1000).fill(1)), ELEMENTS, LIMIT);
    });
  });

  it('refuses source longer than maxSourceLength in run and value, and counts parsing in timeoutMs', () => {
    const s = new RaspSession({ limits: { maxSourceLength: 100 } });
    assertThrows(() => s.run('x = 1;'.repeat(20)), /^a source of 120 characters exceeds the session limit maxSourceLength = 100$/, LIMIT);
    assertThrows(() => s.value(`1${' + 1'.repeat(30)}`), /^a source of 121 characters exceeds the session limit maxSourceLength = 100$/, LIMIT);
    assert.strictEqual(defaultLimits.maxSourceLength, 1_000_000);
    // 2 MB of source cannot be lexed in 1 ms: the parse itself must stop at the limit.
    const big = new RaspSession({ limits: { maxSourceLength: 1e7, timeoutMs: 1 } });
    assertThrows(() => big.run('x = 1 + 2;\n'.repeat(200000)), /^the run's time exceeds the session limit timeoutMs = 1$/, LIMIT);
  });

  it('turns a stack overflow under a limit set too high into a limit error', () => {
    const deep = `x = ${'('.repeat(200000)}1${')'.repeat(200000)};`;
    assertThrows(() => run(deep, { limits: { maxNesting: 1e9 } }), /nests too deeply for the stack/, LIMIT);
  });

  describe('load', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-limits-'));
      fs.writeFileSync(path.join(dir, 'self.rasp'), 'load "self";\n');
      fs.writeFileSync(path.join(dir, 'big.rasp'), `x = 1;${' '.repeat(2000)}\n`);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    it('stops a file that loads itself at maxLoadDepth, and refuses a file above maxFileBytes', () => {
      assertThrows(() => new RaspSession({ baseDir: dir }).run('load "self";'), /self\.rasp:1:1: the depth of files loading files exceeds .* maxLoadDepth = 16$/, LIMIT);
      assertThrows(() => new RaspSession({ baseDir: dir, limits: { maxFileBytes: 1000 } }).run('load "big";'),
        /load: 'big' \(2007 bytes\) exceeds the session limit maxFileBytes = 1000$/, LIMIT);
    });
  });
});
