/**
 * The standard library every RASP session starts with, as the reference REPL loads its own: the base
 * s-ops, the two built-ins (length, selector_width), and a prelude written in RASP. Its names are reserved.
 */
import { RaspError } from '../../errors';
import * as dsl from '../dsl';
import { Selector } from '../dsl';
import { truthy, Value } from '../values';
import { markBase } from './interpret';
import { LangFunction, LangValue } from './values';

function pyStr(v: Value): Value {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return v === null ? 'None' : String(v);
}

function pyInt(v: Value): Value {
  if (typeof v === 'boolean') return +v;
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
  throw new RaspError(`invalid literal for int() with base 10: '${String(v)}'`);
}

function pyFloat(v: Value): Value {
  if (typeof v === 'boolean') return +v;
  if (typeof v === 'number') return v;
  const n = typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (Number.isNaN(n)) throw new RaspError(`could not convert string to float: '${String(v)}'`);
  return n;
}

const base = (node: dsl.RaspExpr) => {
  markBase(node);
  return node;
};

/** The base s-ops of the text language, by name. */
export const baseSOps: Record<string, dsl.SOp> = {
  tokens_asis: base(dsl.tokens) as dsl.SOp,
  tokens_str: base(dsl.map(pyStr, dsl.tokens).named('tokens_str')) as dsl.SOp,
  tokens_int: base(dsl.map(pyInt, dsl.tokens, { numberType: 'int' }).named('tokens_int')) as dsl.SOp,
  tokens_float: base(dsl.map(pyFloat, dsl.tokens, { numberType: 'float' }).named('tokens_float')) as dsl.SOp,
  tokens_bool: base(dsl.map((v) => truthy(v), dsl.tokens).named('tokens_bool')) as dsl.SOp,
  indices: base(dsl.indices) as dsl.SOp,
  length: base(dsl.length) as dsl.SOp,
};

/** selector_width, a built-in as in the paper: exact, counted, never averaged. */
export const selectorWidthFunction: LangFunction = {
  kind: 'function', name: 'selector_width', params: ['sel'], origin: 'attnsim',
  call(args: LangValue[]): LangValue {
    if (args.length !== 1) throw new RaspError(`wrong number of args for selector_width- expected: 1, got: ${args.length}.`);
    if (!(args[0] instanceof Selector)) throw new RaspError('selector_width expects a selector');
    return dsl.selectorWidth(args[0]);
  },
};

/** Keywords and names a program may not assign, besides the library's own. */
export const reservedWords = ['if', 'else', 'not', 'and', 'or', 'out', 'def', 'return', 'range', 'for', 'in', 'zip', 'len', 'get', 'True', 'False'];

/** The library written in RASP itself (attnsim's own; the names follow the reference library). */
export const preludeSource = `
full_s = select(1, 1, ==);

def has_focus(sel) {
  return aggregate(sel, 1, 0) > 0;
}

def count(seq, atom) {
  return selector_width(select(seq, atom, ==));
}

def contains(seq, atom) {
  return selector_width(select(seq, atom, ==)) > 0;
}

def max(a, b) {
  return a if a > b else b;
}

def min(a, b) {
  return a if a < b else b;
}

def abs(a) {
  return a if a >= 0 else -a;
}

def average(seq) {
  return aggregate(full_s, seq);
}

def load_from_location(seq, location) {
  return aggregate(select(indices, location, ==), seq);
}

def shift(seq, n, filler) {
  return aggregate(select(indices + n, indices, ==), seq, filler);
}

def mark_last_instance(seq, val) {
  later_val = select(seq, val, ==) and select(indices, indices, >);
  return seq == val and not has_focus(later_val);
}

def mark_first_instance(seq, val) {
  earlier_val = select(seq, val, ==) and select(indices, indices, <);
  return seq == val and not has_focus(earlier_val);
}

def select_from_last(seq, val) {
  return select(mark_last_instance(seq, val), True, ==);
}

def select_from_first(seq, val) {
  return select(mark_first_instance(seq, val), True, ==);
}

def sort(seq, key) {
  before = select(key, key, <) or (select(key, key, ==) and select(indices, indices, <));
  return aggregate(select(selector_width(before), indices, ==), seq);
}

def select_next_identical(seq) {
  same = select(seq, seq, ==);
  seen_before = selector_width(same and select(indices, indices, <));
  return same and select(seen_before, seen_before + 1, ==);
}
`;
