/** program_to_graph: how selectors are lowered to attention terms. */
import * as assert from 'assert';
import { compile, rasp } from '../../src/index';

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
});
