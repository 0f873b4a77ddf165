/**
 * Compiled heads separate selected from unselected keys by SCORE_GAP, and hard attention ties scores within half of
 * it: the rounding a numerical equality magnifies by (range/gap)² (it grows about as maxSeqLen⁴·ε) never splits the
 * selected keys, as it did for makeDyckPTF(['()', '{}']) at maxSeqLen 128 ('ordinal_at_level' [1, 1, 1, 4]).
 */
import * as assert from 'assert';
import { SCORE_GAP } from '../../src/compiler/blocks/scores';
import { AttentionHead } from '../../src/encoder/attention_head';
import { Matrix } from '../../src/linalg/matrix';
import { Random } from '../../src/linalg/random';
import { compile, rasp } from '../../src/index';

const { tokens, indices, map, select, and, selectorWidth, sequenceMap, Comparison: C } = rasp;

/** A head whose query (row 0 of x) scores the three keys x[1..3] by their first coordinate. */
function headScoring(tie?: number): { head: AttentionHead; x: Matrix } {
  const pick = Matrix.from([[1], [0]]), key = Matrix.from([[0], [1]]);
  const head = new AttentionHead('h', { wq: pick, wk: key, wv: pick, wo: Matrix.from([[1, 0]]) }, 'hard', 1, undefined, undefined, tie);
  return { head, x: Matrix.from([[1, 0], [0, 1], [0, 1 - 3e-9], [0, 0]]) };
}

describe('compiler: score gap and hard-attention ties', () => {
  it('a head with a tie margin counts keys within it as tied; without one, 3e-9 below the largest splits the tie', () => {
    const loose = headScoring(SCORE_GAP / 2), strict = headScoring();
    assert.deepStrictEqual(Array.from(loose.head.pattern(loose.x, false).data.subarray(0, 4)), [0, 0.5, 0.5, 0]);
    assert.deepStrictEqual(Array.from(strict.head.pattern(strict.x, false).data.subarray(0, 4)), [0, 1, 0, 0]);
  });

  it('every compiled head ties within SCORE_GAP / 2, and keeps it through withAttention and JSON', () => {
    const model = compile(rasp.lib.makeDyckPTF(['()']), { vocab: '()', maxSeqLen: 6 });
    const heads = model.layers.flatMap((l) => l.heads);
    assert.ok(heads.length > 0 && heads.every((h) => h.tie === SCORE_GAP / 2));
    assert.ok(model.withAttention('hard', 1).layers.flatMap((l) => l.heads).every((h) => h.tie === SCORE_GAP / 2));
    assert.ok(model.toJSON().layers.flatMap((l) => l.heads).every((h) => h.tie === SCORE_GAP / 2));
  });

  // The part of makeDyckPTF that broke at 128: widths read back through a 16,641-entry table, then an equality on the
  // numerical level (values −127 … 129, gap 1). Before the tie margin every full-length input was wrong at 128 (scores
  // of selected keys 3.6e-9 apart, above the 1e-9 relative tie); 127 and below happened to round within it.
  it('the ordinal at each bracket level is right at maxSeqLen 128 (the boundary where rounding first split ties)', function () {
    this.timeout(20000);
    const isOpen = map((t) => t === '(', tokens), isClose = map((t) => t === ')', tokens), upTo = select(indices, indices, C.LEQ);
    const opened = selectorWidth(and(upTo, select(isOpen, true, C.EQ))), closed = selectorWidth(and(upTo, select(isClose, true, C.EQ)));
    const depth = sequenceMap((o, c) => (o as number) - (c as number), opened, closed);
    const level = sequenceMap((d, c) => (d as number) + (c ? 1 : 0), depth, isClose);
    const ordinal = selectorWidth(and(select(level, level, C.EQ), upTo)).named('ordinal_at_level');
    const model = compile(ordinal, { vocab: '()', maxSeqLen: 128 }), rng = new Random(1);
    const input = Array.from({ length: 128 }, () => '()'[rng.int(2)]);
    assert.deepStrictEqual(model.forward(input), rasp.evaluate(ordinal, input));
  });
});
