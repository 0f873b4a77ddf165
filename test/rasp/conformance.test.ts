/** Every case of test/fixtures/rasp-cases.json (the reference interpreter's outputs), through the text language. */
import * as assert from 'assert';
import { RaspSession } from '../../src/rasp/lang/session';
import { Value } from '../../src/rasp/values';

import { conformanceCases } from '../fixtures/index';

const cases = conformanceCases();

/** Numbers match within 1e-9 (the file keeps full-precision floats; JSON drops int/float); the rest exactly. */
function same(actual: Value[], expected: Value[]): boolean {
  return actual.length === expected.length && actual.every((v, i) => {
    const w = expected[i];
    return typeof v === 'number' && typeof w === 'number' ? Math.abs(v - w) <= 1e-9 : v === w;
  });
}

describe(`RASP conformance (${cases.length} cases from the reference interpreter)`, () => {
  it('reads the repository copy of the case file', () => assert.ok(cases.length >= 50, `only ${cases.length} cases`));
  for (const c of cases) {
    it(c.name, () => {
      const session = new RaspSession();
      const run = () => {
        session.run(`tokens = tokens_${c.tokens};`);
        if (c.source) session.run(c.source);
        return session.evaluate(c.expr, c.example, { causal: c.causal });
      };
      if (c.error !== undefined) {
        assert.throws(run, (e: Error) => e.message.includes(c.error!), `expected an error containing '${c.error}'`);
      } else {
        const got = run();
        assert.ok(same(got, c.expected), `got ${JSON.stringify(got)}, expected ${JSON.stringify(c.expected)}`);
      }
    });
  }
});
