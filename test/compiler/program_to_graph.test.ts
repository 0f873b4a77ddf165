/** program_to_graph: how selectors are lowered to attention terms. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';
import { allInputs } from '../cases/programs';

const { tokens, indices, Comparison } = rasp;

describe('compiler/program_to_graph', () => {
  it("a selector's table reads only the keys and queries of its own select() leaves, not those inside them", () => {
    const upTo = rasp.select(indices, indices, Comparison.LEQ);
    const opened = rasp.selectorWidth(rasp.and(upTo, rasp.select(tokens, '(', Comparison.EQ))).named('opened');
    const later = rasp.selectorWidth(rasp.or(rasp.select(opened, opened, Comparison.LT), upTo)).named('later');
    const model = compile(later, { vocab: [...'()'], maxSeqLen: 6 });
    const tuples = new Set(model.residual.labels.map((l) => l.sop).filter((s) => s.startsWith('(')));
    assert.deepStrictEqual([...tuples], ['(opened, indices)']);
  });

  it('Dyck-1 at maxSeqLen 6 compiles to a narrow model (it was 8,744 wide)', () => {
    const model = compile(rasp.lib.makeDyckPTF(['()']), { vocab: [...'()'], maxSeqLen: 6 });
    assert.ok(model.config.residualWidth < 200, `width ${model.config.residualWidth}`);
    assert.deepStrictEqual(model.forward([...'(()))(']), rasp.evaluate(rasp.lib.makeDyckPTF(['()']), '(()))('));
  });

  it("compiles a comparison whose value sets mix numbers and strings that never meet (reverse's unused default 0 against letters)", () => {
    const reversed = rasp.lib.makeReverse(tokens);
    const program = rasp.selectorWidth(rasp.select(reversed, reversed, Comparison.LT));
    for (const optimize of [true, false]) {
      const model = compile(program, { vocab: 'abc', maxSeqLen: 4, optimize });
      for (const x of allInputs([...'abc'], 4)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(program, x), x.join(''));
    }
  });

  it('hosts only the squares the output needs: an equality behind a TRUE select adds no write to a missing dimension', () => {
    const hist = rasp.numerical(rasp.selectorWidth(rasp.select(tokens, tokens, Comparison.EQ))).named('hist');
    const unread = rasp.selectorWidth(rasp.select(hist, hist, Comparison.EQ)).named('unread');
    const before = rasp.selectorWidth(rasp.and(rasp.select(indices, indices, Comparison.LT), rasp.select(unread, 0, Comparison.TRUE)));
    const program = rasp.sequenceMap((h, b) => (h as number) + 10 * (b as number), hist, before);
    for (const optimize of [true, false]) {
      const model = compile(program, { vocab: 'abc', maxSeqLen: 4, optimize });
      assert.ok(!model.residual.labels.some((l) => l.sop === 'unread'), 'the unread width has no dimension');
      for (const x of allInputs([...'abc'], 4)) assert.deepStrictEqual(model.forward(x), rasp.evaluate(program, x), x.join(''));
    }
  });
});
