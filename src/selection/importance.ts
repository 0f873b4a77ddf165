/** Token importance μ: linear, μ(x) = w·x, or a small ReLU network μ(x) = w2·ReLU(W1ᵀx + b1) + b2. */
import { assertRange, checkFiniteNumber, invalidType } from '../check';

/** A small ReLU network on one token: W1 has d rows of H entries, b1 and w2 have H, b2 is a number (default 0). */
export interface ImportanceMLP {
  w1: readonly (readonly number[])[];
  b1: readonly number[];
  w2: readonly number[];
  b2?: number;
}

/** How important a token is: w (μ = w·x) or a small ReLU network. */
export type Importance = readonly number[] | ImportanceMLP;

/** A checked importance: its value on a token, and the range of its values over [0,1]^d. */
export interface CheckedImportance {
  d: number;
  /** μ of the token x[offset .. offset + d). */
  of(x: ArrayLike<number>, offset: number): number;
  lo: number;
  hi: number;
  /** w when linear. */
  linear?: number[];
  /** The network when not. */
  mlp?: { w1: number[][]; b1: number[]; w2: number[]; b2: number };
}

const finite = (fn: string, name: string, v: unknown) => checkFiniteNumber(fn, name, v);

/**
 * Checks an importance and bounds it on [0,1]^d (exactly for w; by interval arithmetic for a network).
 * @throws {ArgumentTypeError} / {ArgumentRangeError} for a malformed w or network, or one of another width than d.
 */
export function checkImportance(fn: string, imp: unknown, d?: number): CheckedImportance {
  if (Array.isArray(imp)) {
    const w = imp.map((v, i) => finite(fn, `importance[${i}]`, v));
    assertRange(w.length > 0 && (d === undefined || w.length === d), fn, () => `expected importance to have ${d ?? 'some'} entries`);
    return {
      d: w.length, linear: w, of: (x, o) => w.reduce((s, wi, i) => s + wi * x[o + i], 0),
      lo: w.reduce((s, v) => s + Math.min(v, 0), 0), hi: w.reduce((s, v) => s + Math.max(v, 0), 0),
    };
  }
  if (typeof imp !== 'object' || imp === null || !Array.isArray((imp as ImportanceMLP).w1)) {
    throw invalidType(fn, 'importance', 'an array w or a network { w1, b1, w2, b2? }', imp);
  }
  const net = imp as ImportanceMLP, rows = net.w1.length, hidden = Array.isArray(net.b1) ? net.b1.length : -1;
  assertRange(rows > 0 && (d === undefined || rows === d) && hidden > 0 && Array.isArray(net.w2) && net.w2.length === hidden &&
    net.w1.every((r) => Array.isArray(r) && r.length === hidden), fn,
  () => `expected importance.w1 to be ${d ?? 'd'}×H with b1 and w2 of H entries`);
  const mlp = {
    w1: net.w1.map((r, i) => r.map((v, j) => finite(fn, `importance.w1[${i}][${j}]`, v))),
    b1: net.b1.map((v, j) => finite(fn, `importance.b1[${j}]`, v)),
    w2: net.w2.map((v, j) => finite(fn, `importance.w2[${j}]`, v)), b2: finite(fn, 'importance.b2', net.b2 ?? 0),
  };
  const of = (x: ArrayLike<number>, o: number) => mlp.w2.reduce((s, w2j, j) =>
    s + w2j * Math.max(0, mlp.b1[j] + mlp.w1.reduce((a, r, i) => a + r[j] * x[o + i], 0)), mlp.b2);
  let lo = mlp.b2, hi = mlp.b2;
  mlp.w2.forEach((w2j, j) => {
    const top = Math.max(0, mlp.b1[j] + mlp.w1.reduce((a, r) => a + Math.max(r[j], 0), 0));
    const bottom = Math.max(0, mlp.b1[j] + mlp.w1.reduce((a, r) => a + Math.min(r[j], 0), 0));
    lo += Math.min(w2j * top, w2j * bottom);
    hi += Math.max(w2j * top, w2j * bottom);
  });
  return { d: rows, of, lo, hi, mlp };
}
