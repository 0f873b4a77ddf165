/**
 * The reference RASP repository's own programs (tech-srl/RASP: paper_examples.rasp, rasplib.rasp, long_addition.rasp,
 * copied in test/fixtures/rasp/reference), run by the text language and compiled: each model equals the evaluator on
 * every input up to 8 tokens (seeded random inputs where the model is large), or is refused naming the root s-op.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compile, CompileError, rasp } from '../../src/index';
import { SOp } from '../../src/rasp/dsl';
import { Value } from '../../src/rasp/values';
import { Random } from '../../src/linalg/random';
import { RaspSession } from '../../src/rasp/lang/session';
import { allInputs } from '../cases/programs';
import { HARD } from '../helpers/close';

const dir = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'rasp', 'reference');
const source = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

/** A session with a reference file loaded as the reference loads it (its redefinitions of built-in names skipped). */
function loaded(file: string): RaspSession {
  const session = new RaspSession({ baseDir: dir });
  session.run(`load "${file}";`);
  return session;
}

/** The model equals the evaluator on each input the evaluator accepts (numbers within HARD). */
function agrees(program: SOp, vocab: Value[], maxSeqLen: number, inputs: Value[][]): void {
  const model = compile(program, { vocab, maxSeqLen });
  let compared = 0;
  for (const x of inputs) {
    let expected: Value[];
    try {
      expected = rasp.evaluate(program, x);
    } catch {
      continue;
    }
    compared++;
    const got = model.forward(x);
    assert.ok(got.every((v, i) => (typeof v === 'number' ? Math.abs(v - Number(expected[i])) <= HARD : v === expected[i])),
      `${JSON.stringify(x)}: model ${JSON.stringify(got)}, evaluator ${JSON.stringify(expected)}`);
  }
  assert.ok(compared > inputs.length / 2, `the evaluator accepted only ${compared} of ${inputs.length} inputs`);
}

function sopOf(session: RaspSession, expression: string): SOp {
  const v = session.value(expression);
  assert.ok(v instanceof SOp, `${expression} is not an s-op`);
  return v;
}

describe('compiler: the reference RASP programs', () => {
  const paper = rasp.run(source('paper_examples.rasp'));
  const cases: [string, string, number][] = [
    ['hist_bos', 'ab', 8], ['hist_nobos', 'ab', 8], ['reverse', 'ab', 8], ['sort_bos', 'ab', 7], ['hist2_bos', 'ab', 7],
    ['sort_by_most_freq', 'ab', 6], ['dyck1_ptf', '()', 7], ['dyck2_ptf', '(){}', 5],
  ];
  for (const [name, vocab, n] of cases) {
    it(`paper_examples.rasp: ${name} equals the evaluator on every input up to ${n} tokens over '${vocab}'`, function () {
      this.timeout(20000);
      agrees(sopOf(paper, name), [...vocab], n, allInputs([...vocab], n));
    });
  }

  const lib = loaded('rasplib.rasp');
  for (const expression of ['length', 'count(tokens, "a")', 'contains(tokens, "b")', 'average(indicator(tokens == "a"))',
    'load_from_location(tokens, 1)', 'shift(tokens, 1, "_")', 'mark_last_instance(tokens, "a")', 'mark_first_instance(tokens, "b")',
    'sort(tokens, tokens)', 'selector_width(select_next_identical(tokens))', 'max(indices, length - indices)']) {
    it(`rasplib.rasp: ${expression} equals the evaluator on every input up to 6 tokens over 'abc'`, function () {
      this.timeout(20000);
      agrees(sopOf(lib, expression), [...'abc'], 6, allInputs([...'abc'], 6));
    });
  }

  const addition = rasp.run(source('long_addition.rasp'));
  it('long_addition.rasp: longsum (a mean of indices, listed by value) compiles at 5 and equals the evaluator', function () {
    this.timeout(20000);
    const rng = new Random(3), digits = [...'0129'];
    const inputs = Array.from({ length: 6 }, () => {
      const a = 1 + rng.int(2), b = 4 - a - 1;
      return [...Array.from({ length: a }, () => digits[rng.int(4)]), '+', ...Array.from({ length: b }, () => digits[rng.int(4)])];
    });
    agrees(sopOf(addition, 'longsum'), [...digits, '+'], 5, inputs);
  });

  it("long_addition.rasp at 64: refused once, naming the mean 'add_index' whose values are too many", () => {
    assert.throws(() => compile(sopOf(addition, 'longsum'), { vocab: [...'0123456789+'], maxSeqLen: 64 }), (e: CompileError) => {
      assert.deepStrictEqual(e.problems.map((p) => p.sop), ['add_index']);
      assert.match(e.message, /'add_index': its values are not a finite set \(its means of up to 64 of the 64 values of 'indices'/);
      return true;
    });
  });
});
