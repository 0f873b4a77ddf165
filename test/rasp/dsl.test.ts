/** The embedded RASP: every primitive on hand-checked inputs, causal mode, labels, and the error cases. */
import * as assert from 'assert';
import { RaspError } from '../../src/errors';
import * as rasp from '../../src/rasp/index';
import { assertThrows } from '../helpers/throws';

const { tokens, indices, length, Comparison: C } = rasp;
const ev = rasp.evaluate;

describe('rasp DSL', () => {
  it('tokens, indices and length', () => {
    assert.deepStrictEqual([ev(tokens, 'abc'), ev(indices, 'abc'), ev(length, 'abc'), ev(tokens, [1, 2])], [['a', 'b', 'c'], [0, 1, 2], [3, 3, 3], [1, 2]]);
  });
  it('map, sequenceMap (n-ary), full and constant', () => {
    assert.deepStrictEqual(ev(rasp.map((x) => (x as number) * 10, indices), 'abc'), [0, 10, 20]);
    assert.deepStrictEqual(ev(rasp.sequenceMap((a, b, c) => `${a}${b}${c}`, tokens, indices, length), 'ab'), ['a02', 'b12']);
    assert.deepStrictEqual([ev(rasp.full(7), 'ab'), ev(rasp.constant([4, 5]), 'ab')], [[7, 7], [4, 5]]);
  });
  it('select evaluates predicate(key, query): rows are queries, columns are keys', () => {
    const m = rasp.evaluateSelector(rasp.select(indices, indices, C.LT), 'abc');
    assert.deepStrictEqual(m, [[false, false, false], [true, false, false], [true, true, false]]);
    const custom = rasp.evaluateSelector(rasp.select(tokens, tokens, (k, q) => k === 'a' && q !== 'a'), 'ab');
    assert.deepStrictEqual(custom, [[false, false], [true, false]]);
  });
  it('every built-in comparison', () => {
    const width = (p: rasp.Predicate) => ev(rasp.selectorWidth(rasp.select(tokens, tokens, p)), [2, 5, 2, 7, 1]);
    assert.deepStrictEqual([C.EQ, C.NEQ, C.LT, C.LEQ, C.GT, C.GEQ, C.TRUE, C.FALSE].map(width), [
      [2, 1, 2, 1, 1], [3, 4, 3, 4, 4], [1, 3, 1, 4, 0], [3, 4, 3, 5, 1], [2, 1, 2, 0, 4], [4, 2, 4, 1, 5], [5, 5, 5, 5, 5], [0, 0, 0, 0, 0]]);
  });
  it('and, or, not combine selectors', () => {
    const lt = rasp.select(indices, indices, C.LT), same = rasp.select(tokens, tokens, C.EQ);
    const w = (s: rasp.Selector) => ev(rasp.selectorWidth(s), 'banana');
    assert.deepStrictEqual([w(rasp.and(lt, same)), w(rasp.or(rasp.select(indices, indices, C.GT), same)), w(rasp.not(same))],
      [[0, 0, 0, 1, 1, 2], [6, 5, 4, 4, 3, 3], [5, 3, 4, 3, 4, 3]]);
  });
  it('aggregate: the mean of several, the value itself for one (any type), the default for none', () => {
    const prev = rasp.select(indices, indices, C.LT);
    assert.deepStrictEqual(ev(rasp.aggregate(prev, rasp.map((t) => (t === 'x' ? 1 : 0), tokens)), 'xaxbx'), [0, 1, 0.5, 2 / 3, 0.5]);
    assert.deepStrictEqual(ev(rasp.aggregate(rasp.select(indices, 0, C.EQ), rasp.map((t) => t === 'a', tokens)), 'abca'), [true, true, true, true]);
    assert.deepStrictEqual(ev(rasp.aggregate(rasp.select(tokens, 'q', C.EQ), indices), 'abc'), [0, 0, 0]);
    assert.deepStrictEqual(ev(rasp.aggregate(rasp.select(indices, 9, C.EQ), tokens, { default: '-' }), 'ab'), ['-', '-']);
  });
  it('aggregate of several different strings or several booleans is an error naming the s-op and position', () => {
    const upTo = rasp.select(indices, indices, C.LEQ);
    assertThrows(() => ev(rasp.aggregate(upTo, tokens).named('bad'), 'aab'), /^aggregate 'bad' at position 2: asked to average multiple values, but they are non-numbers: \["a", "a", "b"\]$/, 'ERR_ATTNSIM_RASP');
    assertThrows(() => ev(rasp.aggregate(rasp.select(indices, indices, C.LEQ), rasp.map((t) => t === 'a', tokens)), 'aba'), /asked to average multiple values, but they are non-numbers/);
  });
  it('several selected strings that are all the same give that string (the text language refuses them, as the reference)', () => {
    const same = rasp.select(tokens, tokens, C.EQ);
    assert.deepStrictEqual(ev(rasp.aggregate(same, tokens), 'aab'), ['a', 'a', 'b']);
    assert.deepStrictEqual(ev(rasp.aggregate(rasp.select(indices, indices, C.LEQ), rasp.map((t) => t === 'a', tokens)), 'aa'), [true, true]);
    assertThrows(() => rasp.run('').evaluate('aggregate(select(tokens, tokens, ==), tokens)', 'aab'), /asked to average multiple values, but they are non-numbers/);
  });
  it('a default of 0 among strings is a mixed-type sequence error', () => {
    assertThrows(() => ev(rasp.aggregate(rasp.select(indices, rasp.map((i) => (i as number) + 1, indices), C.EQ), tokens), 'abc'), /attempted to create sequence with vals of different types/);
  });
  it('selectorWidth counts exactly, also where nothing is selected', () => {
    assert.deepStrictEqual(ev(rasp.selectorWidth(rasp.select(tokens, 'a', C.EQ)), 'banana'), [3, 3, 3, 3, 3, 3]);
    assert.deepStrictEqual(ev(rasp.selectorWidth(rasp.select(tokens, 'z', C.EQ)), 'ab'), [0, 0]);
  });
  it('causal evaluation hides keys after the query', () => {
    const all = rasp.select(indices, indices, C.TRUE);
    assert.deepStrictEqual(ev(rasp.selectorWidth(all), 'abcd', { causal: true }), [1, 2, 3, 4]);
    assert.deepStrictEqual(ev(rasp.aggregate(all, indices), 'abcd', { causal: true }), [0, 0.5, 1, 1.5]);
    assert.deepStrictEqual(rasp.evaluateSelector(rasp.select(indices, indices, C.GEQ), 'abc', { causal: true }),
      [[true, false, false], [false, true, false], [false, false, true]]);
    assert.deepStrictEqual(ev(rasp.selectorWidth(rasp.select(tokens, tokens, C.EQ)), 'abab', { causal: true }), [1, 1, 2, 2]);
  });
  it('labels: a readable default, settable by named()', () => {
    const m = rasp.map((x) => x, tokens);
    assert.match(m.label, /^map_\d+$/);
    assert.strictEqual(m.named('copy').label, 'copy');
    assert.strictEqual(tokens.label, 'tokens');
  });
  it('numerical and categorical return annotated copies and leave the original alone', () => {
    const n = rasp.numerical(tokens);
    assert.deepStrictEqual([n.encoding, tokens.encoding, rasp.categorical(n).encoding, n.label], ['numerical', 'categorical', 'categorical', 'tokens']);
    assert.deepStrictEqual(ev(n, 'ab'), ['a', 'b']);
  });
  const errors: [string, () => unknown, RegExp, string][] = [
    ['a map that throws, with s-op, position and value', () => ev(rasp.map((x) => { if (x === 'b') throw new Error('no b'); return x; }, tokens).named('picky'), 'abc'), /^map 'picky' failed at position 1 on "b": no b$/, 'ERR_ATTNSIM_RASP'],
    ['a map that returns NaN', () => ev(rasp.map(() => NaN, tokens).named('nan'), 'a'), /^map 'nan' gave NaN at position 0 on "a"$/, 'ERR_ATTNSIM_RASP'],
    ['ordering strings against numbers', () => ev(rasp.selectorWidth(rasp.select(tokens, 1, C.LT).named('mixed')), 'ab'), /^select 'mixed': cannot order "a" against 1/, 'ERR_ATTNSIM_RASP'],
    ['a constant of the wrong length', () => ev(rasp.constant([1, 2]).named('two'), 'abc'), /^constant 'two': it has 2 values but the input has 3 tokens$/, 'ERR_ATTNSIM_RASP'],
    ['an empty input', () => ev(tokens, ''), /^evaluate: RASP sequences and selectors expect a non-empty input$/, 'ERR_ATTNSIM_RASP'],
    ['a non-s-op', () => ev('tokens' as never, 'a'), /^evaluate: expected an s-op for sop but received 'tokens' \(string\)$/, 'ERR_ATTNSIM_ARGUMENT'],
    ['a non-selector to aggregate', () => rasp.aggregate(tokens as never, tokens), /^aggregate: expected a selector for selector but received/, 'ERR_ATTNSIM_ARGUMENT'],
    ['an object input', () => ev(tokens, { a: 1 } as never), /^evaluate: expected a string or an array of numbers, strings and booleans for input/, 'ERR_ATTNSIM_ARGUMENT'],
    ['an unknown evaluate option', () => ev(tokens, 'a', { casual: true } as never), /^evaluate: expected one of the options causal for option 'casual'/, 'ERR_ATTNSIM_ARGUMENT'],
    ['a NaN token', () => ev(indices, [1, NaN]), /^evaluate: expected finite numbers in input but token 1 is NaN$/, 'ERR_ATTNSIM_NON_FINITE'],
    ['an infinite token', () => rasp.evaluateSelector(rasp.select(tokens, tokens, C.LT), [Infinity, 1]), /token 0 is Infinity/, 'ERR_ATTNSIM_NON_FINITE'],
    ['full(NaN)', () => rasp.full(NaN), /^full: expected a finite number, string, boolean or null for value but received NaN/, 'ERR_ATTNSIM_ARGUMENT'],
    ['a constant with Infinity', () => rasp.constant([1, Infinity]), /^constant: expected an array of finite numbers/, 'ERR_ATTNSIM_ARGUMENT'],
    ['a NaN aggregate default', () => rasp.aggregate(rasp.select(indices, indices, C.EQ), tokens, { default: NaN }), /^aggregate: expected a finite number/, 'ERR_ATTNSIM_ARGUMENT'],
    ['a NaN as an s-op argument', () => rasp.select(indices, NaN, C.LT), /^select: expected an s-op or a value \(a finite number/, 'ERR_ATTNSIM_ARGUMENT'],
    ['a mean that overflows', () => ev(rasp.aggregate(rasp.select(indices, indices, C.TRUE).named('all'), rasp.map(() => 1.7e308, indices)).named('mean'), 'ab'),
      /^aggregate 'mean' at position 0: the mean overflows \(Infinity\)$/, 'ERR_ATTNSIM_RASP'],
  ];
  for (const [what, call, message, code] of errors) it(`rejects ${what}`, () => assertThrows(call, message, code));
  it('a selector over any tokens counts as its matrix does (no NaN can break the order the fast path assumes)', () => {
    const sel = rasp.select(tokens, tokens, C.LEQ), input = [3, 1, 2, 1];
    const rows = rasp.evaluateSelector(sel, input).map((row) => row.filter(Boolean).length);
    assert.deepStrictEqual(ev(rasp.selectorWidth(sel), input), rows);
  });
  it('evaluates 20,000 and-ed selectors built in TypeScript without recursion', () => {
    let s: rasp.Selector = rasp.select(indices, indices, C.LEQ);
    for (let i = 0; i < 20000; i++) s = rasp.and(s, rasp.select(indices, indices, C.LEQ));
    assert.deepStrictEqual(ev(rasp.selectorWidth(s), 'abc'), [1, 2, 3]);
    assert.deepStrictEqual(ev(rasp.selectorWidth(rasp.not(s)), 'abc'), [2, 1, 0]);
  });
  it('errors are RaspErrors', () => assert.throws(() => ev(rasp.constant([1]), 'ab'), RaspError));
  it('walks a program as a graph, children first', () => {
    const prog = rasp.aggregate(rasp.select(indices, indices, C.EQ), tokens);
    const order = rasp.topologicalOrder(prog).map((n) => n.kind);
    assert.deepStrictEqual(order, ['indices', 'select', 'tokens', 'aggregate']);
    assert.strictEqual(rasp.programGraph(prog).edges.length, 4);
  });
  it('evaluates a deep chain without overflowing the stack', () => {
    let s: rasp.SOp = indices;
    for (let i = 0; i < 20000; i++) s = rasp.map((x) => (x as number) + 1, s);
    assert.deepStrictEqual(ev(s, 'ab'), [20000, 20001]);
  });
});
