/**
 * tracr's programs (rasp.lib.tracr) with the vocabularies of the comparison, and tracr's model sizes: the measured
 * figures of issue 12 where there are some, otherwise computed from tracr's construction (tracrSize).
 */
import { rasp } from '../../src/index';
import { inferValues } from '../../src/compiler/infer_values';
import { AggregateSOp, SOp } from '../../src/rasp/dsl';
import { Values } from '../../src/compiler/stages';
import { Value } from '../../src/rasp/values';

/** One tracr program at one max_seq_len. */
export interface TracrCase {
  name: string;
  program: () => SOp;
  vocab: Value[];
  maxSeqLen: number;
  /** tracr's layers and residual width; `measured` when they come from compiling with tracr, else computed. */
  tracr: { layers: number; width: number; mlpHidden?: number; measured: boolean };
}

const T = rasp.lib.tracr, t = rasp.tokens;
const abc = [...'abc'];

/** tracr's measured sizes (issue 12's table): program name and max_seq_len → layers / residual width / MLP hidden. */
const MEASURED: Record<string, [number, number, number]> = {
  'sort@10': [3, 61, 30], 'sort_unique@10': [2, 45, 22], 'sort_freq@10': [5, 164, 110], 'pair_balance@10': [2, 20, 4],
  'shuffle_dyck()@10': [6, 53, 402], 'frac_prevs@5': [2, 13, 1], 'count_less_freq@5': [2, 25, 12],
};

const programs: [string, (n: number) => SOp, Value[]][] = [
  ['length', () => T.makeLength(), abc],
  ['reverse', () => T.makeReverse(t), abc],
  ['hist', () => T.makeHist(), abc],
  ['sort_unique', () => T.makeSortUnique(t, t), Array.from({ length: 10 }, (_, i) => i + 1)],
  ['sort_unique, repeated keys', () => T.makeSortUnique(t, t), [1, 2, 3]],
  ['sort', (n) => T.makeSort(t, t, n, 1), [1, 2, 3]],
  ['sort_freq', (n) => T.makeSortFreq(n), [1, 2, 3]],
  ['frac_prevs', () => T.makeFracPrevs(rasp.map((x) => x === 'a', t)), abc],
  ['pair_balance', () => T.makePairBalance(t, '(', ')'), [...'()']],
  ['shuffle_dyck()', () => T.makeShuffleDyck(['()']), [...'()']],
  ['shuffle_dyck(){}', () => T.makeShuffleDyck(['()', '{}']), [...'(){}']],
  ['nary_sequencemap', () => T.makeNarySequenceMap((a, b, c) => `${String(a)}${String(b)}${String(c)}`, t, t, t), abc],
  ['detect_pattern', () => T.detectPattern(t, [...'abc']), abc],
  ['count_less_freq', () => T.makeCountLessFreq(2), abc],
  ['count', () => T.makeCount(t, 'a'), abc],
  ['shift_by', () => T.shiftBy(2, t), abc],
];

/** Every program at max_seq_len 5 and 10. */
export const tracrCases: TracrCase[] = programs.flatMap(([name, make, vocab]) => [5, 10].map((n) => {
  const m = MEASURED[`${name}@${n}`];
  return {
    name, program: () => make(n), vocab, maxSeqLen: n,
    tracr: m !== undefined ? { layers: m[0], width: m[1], mlpHidden: m[2], measured: true } : { ...tracrSize(make(n), vocab, n), measured: false },
  };
}));

/**
 * tracr's layers and residual width from its construction: `one`, tokens one-hot with BOS (|vocab| + 1), indices
 * one-hot over 0 … max_seq_len, then every other s-op of the program — one dimension if numerical, one per value if
 * categorical (an aggregate is categorical unless annotated, with its source's values) — and one more per selector
 * width (its attention output). Layers: each aggregate takes an attention sublayer, each map an MLP sublayer, each
 * selector width both, after its inputs (tracr's longest-path allocation). This reproduces the measured layers and
 * widths above exactly, except shuffle_dyck "()" at 10 (56 against tracr's 53): computed widths may be up to 3 generous.
 */
export function tracrSize(program: SOp, vocab: Value[], maxSeqLen: number): { layers: number; width: number } {
  const nodes = rasp.topologicalOrder(program).filter((n): n is SOp => n instanceof SOp);
  const values = inferValues(nodes, { vocab, maxSeqLen, bos: 'BOS', causal: false, attention: 'hard', coldness: 100, realFFN: null, optimize: false });
  let width = 1 + vocab.length + 1 + maxSeqLen + 1;
  const ready = new Map<SOp, number>();
  let sublayers = 0;
  for (const node of nodes) {
    const inputs = inputsOf(node);
    const after = Math.max(-1, ...inputs.map((s) => ready.get(s) ?? -1));
    if (node.kind === 'tokens' || node.kind === 'indices' || node.kind === 'full') { ready.set(node, -1); continue; }
    width += dimensions(node, values);
    let at: number;
    if (node.kind === 'aggregate') at = after % 2 === 0 ? after + 2 : after + 1;
    else if (node.kind === 'map') at = after % 2 === 0 ? after + 1 : after + 2;
    else { width += 1; at = (after % 2 === 0 ? after + 2 : after + 1) + 1; }
    ready.set(node, at);
    sublayers = Math.max(sublayers, at + 1);
  }
  return { layers: Math.ceil(sublayers / 2), width };
}

/** tracr's dimensions of an s-op: 1 if numerical; else its values (a categorical aggregate: its source's values). */
function dimensions(node: SOp, values: Values): number {
  if (node instanceof AggregateSOp) return node.annotated && node.encoding === 'numerical' ? 1 : (values.sets.get(node.sop)?.length ?? 1);
  return values.encodings.get(node) === 'numerical' ? 1 : (values.sets.get(node)?.length ?? 1);
}

function inputsOf(node: SOp): SOp[] {
  const leaves = (s: rasp.RaspExpr): SOp[] => (s instanceof SOp ? [s] : s.children().flatMap(leaves));
  return node.children().flatMap(leaves);
}
