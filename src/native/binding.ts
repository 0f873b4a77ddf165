/** The addon's exports as a TypeScript interface: the contract between src/backend/native.ts and native/addon.cc. */

/** A row-major buffer of either dtype; every array in one call shares the dtype. */
export type Floats = Float32Array | Float64Array;

/**
 * What `require('attnsim.node')` returns. Every function validates its arguments before it touches
 * memory and throws a TypeError or RangeError with a `code` (`ERR_ATTNSIM_...`) on bad ones: lengths
 * must match the dimensions exactly, outputs (`c`, `out`) must share no memory with any other array,
 * scalars must be finite (and within ±3.4e38 for float32 calls). An allocation failure inside the addon
 * is `ERR_ATTNSIM_TOO_LARGE`. The async forms hold each array's memory for the call (its buffer's V8
 * BackingStore, so a detach or transfer meanwhile cannot free it; a resizable buffer, or an addon built without
 * Node's headers, is copied instead) and compute in place. On the worker thread they refuse NaN/±Infinity in what
 * they read (`expected finite values in a but received NaN at [i, j]`) and a non-finite output (`the product
 * overflowed the float64 range at [i, j]; ...`), with `ERR_ATTNSIM_NON_FINITE`. If an output was detached, resized
 * or transferred meanwhile they reject with `ERR_ATTNSIM_ARGUMENT` (what its memory then holds is unspecified).
 * In `attention`, `wo` is `null` for no output projection; an empty array is an empty projection.
 */
export interface NativeBinding {
  gemm(a: Floats, b: Floats, c: Floats, m: number, n: number, k: number,
    transA: boolean, transB: boolean, alpha: number, beta: number): void;
  gemmAsync(a: Floats, b: Floats, c: Floats, m: number, n: number, k: number,
    transA: boolean, transB: boolean, alpha: number, beta: number, fresh?: boolean): Promise<void>;
  gemmBatched(a: Floats, b: Floats, c: Floats, batch: number, m: number, n: number, k: number,
    transA: boolean, transB: boolean, alpha: number, beta: number,
    strideA: number, strideB: number, strideC: number): void;
  gemmBatchedAsync(a: Floats, b: Floats, c: Floats, batch: number, m: number, n: number, k: number,
    transA: boolean, transB: boolean, alpha: number, beta: number,
    strideA: number, strideB: number, strideC: number): Promise<void>;
  softmaxRows(x: Floats, out: Floats, rows: number, cols: number): void;
  attention(x: Floats, wq: Floats, wk: Floats, wv: Floats, wo: Floats | null, out: Floats,
    n: number, dIn: number, dModel: number, dV: number, dOut: number, heads: number,
    causal: boolean, scale: number, packed?: Floats | null): void;
  attentionAsync(x: Floats, wq: Floats, wk: Floats, wv: Floats, wo: Floats | null, out: Floats,
    n: number, dIn: number, dModel: number, dV: number, dOut: number, heads: number,
    causal: boolean, scale: number, packed?: Floats | null): Promise<void>;
  /**
   * The weights packed as `attention` reads them (its `packed` argument, then read in place of wq, wk, wv and wo, which
   * must be the same weights): a new array of their dtype.
   */
  attentionPack(wq: Floats, wk: Floats, wv: Floats, wo: Floats | null, dIn: number, dModel: number, dV: number,
    dOut: number): Floats;
  /**
   * `bytes` (1 to 2^36) of uninitialised memory recycled from collected outputs (at most 64 MiB kept idle), or
   * undefined where the addon was built without Node's own headers or runs under another Node.js major or a V8 sandbox.
   */
  allocOutput(bytes: number): ArrayBuffer | undefined;
  /** The index of the first NaN or ±Infinity, or -1. */
  firstNonFinite(x: Floats): number;
  blasInfo(): { name: string; threads: number };
  setThreads(n: number): void;
  /** Test hook: out = exp(x) by the fused attention kernel's exp (its AVX-512 or AVX2 polynomial when simd and the CPU has one). */
  _kernelExp(x: Floats, out: Floats, simd: boolean): void;
  /** true: fd 2 to /dev/null (the old one kept); false: restored. Returns whether it did (used around tfjs-node's load). */
  quietStderr(on: boolean): boolean;
  /**
   * Test hook: the code path the fused attention kernel takes on this CPU (ATTNSIM_KERNEL_ISA = avx2 or scalar in the
   * environment caps it, so that tests run every build on one machine).
   */
  _kernelIsa(): 'avx512' | 'avx2-fma' | 'scalar';
}
