/** RASP values with Python's semantics: arithmetic, comparison, truthiness, rounding, and sequence types. */
import { RaspError } from '../errors';

/** One element of a RASP sequence. */
export type Value = number | string | boolean | null;

/** The type of a whole sequence, as the reference names it. */
export type SequenceType = 'string' | 'bool' | 'int' | 'float' | 'none';

/** Python's repr-like text of a value, for messages and display. */
export function show(v: unknown): string {
  if (typeof v === 'string') return `"${v}"`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  return String(v);
}

function typeName(v: Value): string {
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (v === null) return 'NoneType';
  return Number.isInteger(v) ? 'int' : 'float';
}

function num(v: Value, op: string, other: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new RaspError(`unsupported operand types for ${op}: '${typeName(v)}' and '${typeName(other)}'`);
}

const isNumeric = (v: Value): v is number | boolean => typeof v === 'number' || typeof v === 'boolean';

/** The result of `a op b`, or a RaspError when it overflows (RASP values are finite numbers, as the compiler needs). */
function finite(r: number, a: Value, op: string, b: Value): number {
  if (!Number.isFinite(r)) throw new RaspError(`${show(a)} ${op} ${show(b)} is not a finite number (${r})`);
  return r;
}

/** Python's `a + b` (numbers, or two strings). */
export function add(a: Value, b: Value): Value {
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (isNumeric(a) && isNumeric(b)) return finite(num(a, '+', b) + num(b, '+', a), a, '+', b);
  throw new RaspError(`unsupported operand types for +: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Python's `a - b`. */
export function sub(a: Value, b: Value): number {
  return finite(num(a, '-', b) - num(b, '-', a), a, '-', b);
}

/** Python's `a * b` (numbers, or a string repeated an integer number of times). */
export function mul(a: Value, b: Value): Value {
  if (typeof a === 'string' && (typeof b === 'number' || typeof b === 'boolean') && Number.isInteger(+b)) return a.repeat(Math.max(0, +b));
  if (typeof b === 'string' && typeof a !== 'string') return mul(b, a);
  return finite(num(a, '*', b) * num(b, '*', a), a, '*', b);
}

/** Python's true division `a / b`. */
export function div(a: Value, b: Value): number {
  const d = num(b, '/', a);
  if (d === 0) throw new RaspError('division by zero');
  return finite(num(a, '/', b) / d, a, '/', b);
}

/** Python's `a % b`: the result takes the sign of the divisor. */
export function mod(a: Value, b: Value): number {
  const x = num(a, '%', b), y = num(b, '%', a);
  if (y === 0) throw new RaspError('integer division or modulo by zero');
  const r = x % y;
  return r !== 0 && (r < 0) !== (y < 0) ? r + y : r === 0 ? 0 : r;
}

/** Python's `a ** b` (RASP's `^`). */
export function pow(a: Value, b: Value): number {
  const x = num(a, '^', b), y = num(b, '^', a);
  if (x === 0 && y < 0) throw new RaspError('0.0 cannot be raised to a negative power');
  const r = Math.pow(x, y);
  if (Number.isNaN(r)) throw new RaspError(`${x} ^ ${y} is not a real number`);
  return finite(r, a, '^', b);
}

/** Python's `a == b`: numbers and booleans compare by value, other types never equal each other. */
export function eq(a: Value, b: Value): boolean {
  if (isNumeric(a) && isNumeric(b)) return +a === +b;
  return a === b;
}

/** Python's ordering of two values: negative, zero or positive; strings by code point. */
export function compare(a: Value, b: Value, op = '<'): number {
  if (isNumeric(a) && isNumeric(b)) return +a - +b;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  throw new RaspError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Compares strings by Unicode code point, as Python does. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Python's `bool(v)`. */
export function truthy(v: Value): boolean {
  return !(v === 0 || v === '' || v === false || v === null);
}

/** Python's `round(x)`: to the nearest integer, halves to even. */
export function roundHalfEven(v: Value): number {
  const x = num(v, 'round', null);
  const r = Math.round(x);
  const result = Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
  return result === 0 ? 0 : result;
}

/**
 * The type of a sequence (None aside: it may pad a sequence of any one type, as tracr's shift_by pads with None), or
 * an error naming the mix (the reference rejects sequences of mixed types).
 */
export function sequenceType(values: readonly Value[], isFloat: (i: number) => boolean, what: string): SequenceType {
  let strings = 0, bools = 0, numbers = 0, nulls = 0, floats = 0;
  values.forEach((v, i) => {
    if (typeof v === 'string') strings++;
    else if (typeof v === 'boolean') bools++;
    else if (v === null) nulls++;
    else {
      numbers++;
      if (isFloat(i)) floats++;
    }
  });
  const n = values.length - nulls;
  if (n === 0) return 'none';
  if (strings === n) return 'string';
  if (bools === n) return 'bool';
  if (bools + numbers === n) return floats > 0 ? 'float' : 'int';
  throw new RaspError(`${what}: attempted to create sequence with vals of different types: ${show(values as Value[])}`);
}
