/** The values a RASP text program handles: atoms, lists, dicts, s-ops, selectors, functions and applied results. */
import { RaspError } from '../../errors';
import { Selector, SOp } from '../dsl';
import { Sequence } from '../evaluate';
import { show as showAtom, Value } from '../values';
import { Position } from './ast';

/** Anything a RASP expression can evaluate to. */
export type LangValue = Value | LangValue[] | LangDict | SOp | Selector | LangFunction | Applied;

/** A dict with atom keys; 1, 1.0 and True are the same key, as in Python. */
export class LangDict {
  readonly entries = new Map<Value, [Value, LangValue]>();
  static key(k: Value): Value {
    return typeof k === 'boolean' ? +k : k;
  }
  set(k: Value, v: LangValue): void {
    this.entries.set(LangDict.key(k), [k, v]);
  }
  has(k: Value): boolean {
    return this.entries.has(LangDict.key(k));
  }
  get(k: Value): LangValue | undefined {
    return this.entries.get(LangDict.key(k))?.[1];
  }
  keys(): Value[] {
    return [...this.entries.values()].map(([k]) => k);
  }
}

/** A function defined in RASP (`def`) or provided by attnsim. */
export interface LangFunction {
  readonly kind: 'function';
  readonly name: string;
  readonly params: string[];
  /** Where it was defined ('console', a file name, or 'attnsim'). */
  readonly origin: string;
  call(args: LangValue[], at: Position): LangValue;
}

/** An s-op or selector applied to an input in the source, e.g. `tokens("hello")`. */
export type Applied = { readonly kind: 'applied'; readonly input: Value[] } & ({ sequence: Sequence } | { matrix: boolean[][] });

/** True for a number, string, boolean or null. */
export function isAtom(v: LangValue): v is Value {
  return v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}

/** True for a RASP function value. */
export function isFunction(v: LangValue): v is LangFunction {
  return typeof v === 'object' && v !== null && (v as LangFunction).kind === 'function';
}

/** True for an applied result. */
export function isApplied(v: LangValue): v is Applied {
  return typeof v === 'object' && v !== null && (v as Applied).kind === 'applied';
}

/** The reference's name for the kind of a value: atom, list, dict, s-op, selector, function. */
export function kindOf(v: LangValue): string {
  if (v instanceof SOp) return 's-op';
  if (v instanceof Selector) return 'selector';
  if (Array.isArray(v)) return 'list';
  if (v instanceof LangDict) return 'dict';
  if (isFunction(v)) return 'function';
  if (isApplied(v)) return 'result';
  return 'atom';
}

/** Text for a value in messages and the REPL. */
export function describeValue(v: LangValue): string {
  if (v instanceof SOp || v instanceof Selector) return v.label;
  if (Array.isArray(v)) return `[${v.map(describeValue).join(', ')}]`;
  if (v instanceof LangDict) return `{${[...v.entries.values()].map(([k, x]) => `${showAtom(k)}: ${describeValue(x)}`).join(', ')}}`;
  if (isFunction(v)) return `${v.origin} function: ${v.name}(${v.params.join(', ')})`;
  if (isApplied(v)) return 'an applied result';
  return showAtom(v);
}

/** Python's truthiness for any language value. */
export function truthyValue(v: LangValue): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof LangDict) return v.entries.size > 0;
  if (isAtom(v)) return !(v === 0 || v === '' || v === false || v === null);
  return true;
}

/** An atom, or a RaspError saying what was expected instead. */
export function expectAtom(v: LangValue, what: string): Value {
  if (!isAtom(v)) throw new RaspError(`${what} expects an atom (number, string or boolean), got ${kindOf(v)}: ${describeValue(v)}`);
  return v;
}
