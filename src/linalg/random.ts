/** The seeded generator every random value in attnsim comes from (sfc32 seeded by splitmix32). */

/** The largest seed: seeds are integers from 0 to 2^53 − 1 (Number.MAX_SAFE_INTEGER), every bit of which counts. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** splitmix32's output function: a well-mixed 32-bit hash of a 32-bit value. */
function mix32(s: number): number {
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A small, fast, reproducible pseudo-random generator. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  /**
   * @param seed an integer with |seed| ≤ 2^53 (callers check it; Matrix.random takes 0 to MAX_SEED); the same
   * seed always gives the same sequence. The low 32 bits seed the state as they always did, and the high part
   * (with its sign) is mixed into it, so seeds that differ only above bit 32 (7 and 2^32 + 7) differ.
   */
  constructor(seed: number) {
    let s = seed >>> 0;
    const high = Math.floor(seed / 2 ** 32) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      return mix32(s);
    };
    this.a = next();
    this.b = next();
    this.c = (next() ^ (high === 0 ? 0 : mix32(high ^ 0x5bd1e995))) >>> 0;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The next 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A double uniform in [0, 1), with 53 random bits. */
  next(): number {
    return ((this.uint32() >>> 5) * 67108864 + (this.uint32() >>> 6)) / 9007199254740992;
  }

  /** A double uniform in [min, max) (finite even when max − min exceeds the float64 range). */
  uniform(min: number, max: number): number {
    const u = this.next(), span = max - min;
    return Number.isFinite(span) ? min + span * u : min * (1 - u) + max * u;
  }

  /** An integer uniform in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal draw (Box–Muller on two uniforms). */
  normal(): number {
    const u = 1 - this.next(), v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
