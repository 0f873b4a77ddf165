/**
 * The fuzz run that test/native/fuzz.test.ts starts in a child process: seeded random calls of every
 * export of the raw addon and of the public numeric API, valid ones and ones with wrong types, wrong
 * lengths, overflowing dimensions, views at byte offsets, detached and resized buffers and aliasing.
 * Every call must return, or throw (or reject) an error whose code starts with ERR_ATTNSIM_; calls that
 * were not mutated must succeed. Prints one JSON summary line. Usage: node fuzz_script.js <seed> <calls>.
 */
import { attention, attentionAsync, matmul, matmulAsync, matmulBatched, Matrix, setMemoryBudget, softmaxRows } from '../../src/index';
import { Random } from '../../src/linalg/random';
import { NativeBinding } from '../../src/native/binding';
import { loadNative } from '../../src/native/load';

type Call = { name: string; args: unknown[]; after?: () => void };
type Outcome = { name: string; problem: string };

const seed = Number(process.argv[2] ?? 1), calls = Number(process.argv[3] ?? 2000);
const random = new Random(seed);
const pick = <T>(items: readonly T[]): T => items[random.int(items.length)];
const chance = (p: number): boolean => random.next() < p;
const Resizable = ArrayBuffer as unknown as new (bytes: number, opts: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };

/**
 * A typed array of `n` small values in the dtype, sometimes a view at a byte offset that ends where its
 * buffer ends (so that a write past it lands in ASan's red zone) or one on a resizable buffer.
 */
function array(n: number, f32: boolean): Float32Array | Float64Array {
  const Kind = f32 ? Float32Array : Float64Array, size = Kind.BYTES_PER_ELEMENT;
  const roll = random.int(4);
  const out = roll === 0 ? new Kind(new ArrayBuffer((n + 2) * size), 2 * size, n)
    : roll === 1 ? new Kind(new Resizable(n * size, { maxByteLength: (n + 4) * size }))
      : new Kind(n);
  for (let i = 0; i < n; i++) out[i] = random.uniform(-2, 2);
  return out;
}

/** A wrong value of any kind: for a mutated argument. */
function junk(): unknown {
  const kinds: (() => unknown)[] = [
    () => undefined, () => null, () => 'x', () => ({}), () => [1, 2], () => true, () => NaN, () => Infinity, () => -1,
    () => 1.5, () => 2 ** 31 - 1, () => 2 ** 31, () => 2 ** 53, () => 1e39, () => -1e300, () => 0,
    () => new Int32Array(4), () => new Float32Array(random.int(9)), () => new Float64Array(random.int(9)),
    () => { const a = new Float64Array(4); structuredClone(a.buffer, { transfer: [a.buffer] }); return a; },
  ];
  return pick(kinds)();
}

/** Matrix methods: their receiver (argument 0) stays a Matrix, but may have its buffer detached. */
const methods = new Set(['get', 'set', 'toDType', 'toString']);

/** Replaces a few arguments with junk or with another argument of the call (aliasing); true if it changed any. */
function mutate(call: Call): boolean {
  if (!chance(0.7)) return false;
  const args = call.args, first = methods.has(call.name) ? 1 : 0;
  if (first === 1 && chance(0.3)) {
    const buffer = (args[0] as Matrix).data.buffer as ArrayBuffer;
    structuredClone(buffer, { transfer: [buffer] });
    return true;
  }
  if (args.length <= first) return false;
  const times = 1 + random.int(3);
  for (let t = 0; t < times; t++) {
    const i = first + random.int(args.length - first);
    args[i] = chance(0.2) ? args[random.int(args.length)] : junk();
  }
  return true;
}

/** After starting an async call: sometimes detach or shrink one of its arrays while it runs. */
function disturb(args: unknown[]): (() => void) | undefined {
  if (!chance(0.3)) return undefined;
  return () => {
    const target = pick(args.filter((a): a is Float64Array => ArrayBuffer.isView(a)));
    if (target === undefined) return;
    const buffer = target.buffer as ArrayBuffer & { resizable?: boolean; resize?(n: number): void };
    if (buffer.resizable && buffer.resize) buffer.resize(0);
    else if (!(buffer instanceof SharedArrayBuffer) && buffer.byteLength > 0) structuredClone(buffer, { transfer: [buffer] });
  };
}

function rawCall(): Call {
  const f32 = chance(0.5), dim = () => random.int(5);
  const m = dim(), n = dim(), k = dim(), tA = chance(0.5), tB = chance(0.5);
  switch (pick(['gemm', 'gemmAsync', 'gemmBatched', 'gemmBatchedAsync', 'softmaxRows', 'attention', 'attentionAsync', 'firstNonFinite', 'allocOutput', 'setThreads', 'blasInfo'] as const)) {
    case 'gemm': case 'gemmAsync': {
      const name = chance(0.5) ? 'gemm' : 'gemmAsync';
      const fresh = chance(0.5) ? [chance(0.5)] : []; // the optional last argument (a new c: a and b are scanned after)
      return { name, args: [array(m * k, f32), array(k * n, f32), array(m * n, f32), m, n, k, tA, tB, random.uniform(-2, 2), chance(0.5) ? 0 : 1, ...fresh] };
    }
    case 'gemmBatched': case 'gemmBatchedAsync': {
      const name = chance(0.5) ? 'gemmBatched' : 'gemmBatchedAsync', batch = random.int(4);
      const sa = m * k, sb = k * n, sc = m * n, span = (size: number) => (batch === 0 ? 0 : batch * size);
      return { name, args: [array(span(sa), f32), array(span(sb), f32), array(span(sc), f32), batch, m, n, k, tA, tB, 1, 0, sa, sb, sc] };
    }
    case 'softmaxRows': return { name: 'softmaxRows', args: [array(m * n, f32), array(m * n, f32), m, n] };
    case 'attention': case 'attentionAsync': {
      const name = chance(0.5) ? 'attention' : 'attentionAsync', heads = 1 + random.int(2);
      const rows = dim(), dIn = dim(), dModel = heads * dim(), dV = heads * (1 + dim()), withWo = chance(0.5), dOut = withWo ? dim() : dV;
      return { name, args: [array(rows * dIn, f32), array(dIn * dModel, f32), array(dIn * dModel, f32), array(dIn * dV, f32),
        withWo ? array(dV * dOut, f32) : null, array(rows * dOut, f32), rows, dIn, dModel, dV, dOut, heads, chance(0.5), 0.5] };
    }
    case 'firstNonFinite': return { name: 'firstNonFinite', args: [array(m * n, f32)] };
    case 'allocOutput': return { name: 'allocOutput', args: [pick([1, 4096, 1 << 20])] };
    case 'setThreads': return { name: 'setThreads', args: [1 + random.int(2)] };
    case 'blasInfo': return { name: 'blasInfo', args: [] };
  }
}

/** A Matrix of the dtype, sometimes one whose buffer is detached afterwards. */
function matrix(rows: number, cols: number, f32: boolean): Matrix {
  return Matrix.random(rows, cols, { seed: random.int(1000), dtype: f32 ? 'float32' : 'float64' });
}

function apiCall(): Call {
  const f32 = chance(0.5), dim = () => random.int(5);
  const m = dim(), n = dim(), k = dim();
  switch (pick(['matmul', 'matmulAsync', 'matmulBatched', 'softmaxRows', 'attention', 'attentionAsync', 'from', 'zeros', 'random', 'get', 'set', 'toDType', 'toString'] as const)) {
    case 'matmul': case 'matmulAsync': return { name: chance(0.5) ? 'matmul' : 'matmulAsync', args: [matrix(m, k, f32), matrix(k, n, f32), { transA: false }] };
    case 'matmulBatched': return { name: 'matmulBatched', args: [[matrix(m, k, f32), matrix(m, k, f32)], matrix(k, n, f32)] };
    case 'softmaxRows': return { name: 'softmaxRowsApi', args: [matrix(m, n, f32)] };
    case 'attention': case 'attentionAsync': {
      const w = matrix(k, k, f32);
      return { name: chance(0.5) ? 'attentionApi' : 'attentionAsyncApi', args: [{ x: matrix(m, k, f32), wq: w, wk: w, wv: w, heads: 1 }] };
    }
    case 'from': return { name: 'from', args: [[[random.uniform(-1, 1), 2], [3, 4]], f32 ? 'float32' : 'float64'] };
    case 'zeros': return { name: 'zeros', args: [m, n, 'float64'] };
    case 'random': return { name: 'random', args: [m, n, { seed: random.int(100), min: -1, max: 1 }] };
    case 'get': return { name: 'get', args: [matrix(2, 2, f32), random.int(2), random.int(2)] };
    case 'set': return { name: 'set', args: [matrix(2, 2, f32), random.int(2), random.int(2), 0.5] };
    case 'toDType': return { name: 'toDType', args: [matrix(m, n, f32), f32 ? 'float64' : 'float32'] };
    case 'toString': return { name: 'toString', args: [matrix(m, n, f32)] };
  }
}

function invoke(addon: NativeBinding | null, call: Call): unknown {
  const a = call.args as never[];
  const api: Record<string, (...args: never[]) => unknown> = {
    matmul, matmulAsync, matmulBatched, softmaxRowsApi: softmaxRows, attentionApi: attention, attentionAsyncApi: attentionAsync,
    from: Matrix.from, zeros: Matrix.zeros, random: Matrix.random,
    get: (m: Matrix, i: number, j: number) => m.get(i, j), set: (m: Matrix, i: number, j: number, v: number) => m.set(i, j, v),
    toDType: (m: Matrix, d: 'float32') => m.toDType(d), toString: (m: Matrix) => m.toString(),
  };
  if (call.name in api) return api[call.name](...a);
  return (addon as unknown as Record<string, (...args: never[]) => unknown>)[call.name](...a);
}

/** The problem with an error, or '' when it is a coded attnsim error. */
function judge(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_ATTNSIM_')) return '';
  return `uncoded ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
}

async function main(): Promise<void> {
  setMemoryBudget(64 * 2 ** 20);
  const addon = loadNative().binding;
  const outcomes: Outcome[] = [];
  let threw = 0, valid = 0;
  for (let c = 0; c < calls; c++) {
    const call = addon !== null && chance(0.6) ? rawCall() : apiCall();
    const mutated = mutate(call);
    if (!mutated) valid++;
    const after = mutated ? undefined : disturb(call.args);
    try {
      const result = invoke(addon, call);
      after?.();
      if (result instanceof Promise) await result;
    } catch (error) {
      threw++;
      const problem = judge(error) || (!mutated && after === undefined ? `a valid call threw: ${(error as Error).message}` : '');
      if (problem) outcomes.push({ name: call.name, problem });
    }
  }
  console.log(JSON.stringify({ calls, valid, threw, native: addon !== null, problems: outcomes.slice(0, 20), problemCount: outcomes.length }));
}

process.on('unhandledRejection', (error) => {
  console.log(JSON.stringify({ unhandled: String(error) }));
  process.exit(4);
});
void main();
