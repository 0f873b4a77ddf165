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
