/** The addon's exports as a TypeScript interface: the contract between src/backend/native.ts and native/addon.cc. */

/** A row-major buffer of either dtype; every array in one call shares the dtype. */
export type Floats = Float32Array | Float64Array;

/** What `require('attnsim.node')` returns. Every function validates its arguments and throws on bad ones. */
export interface NativeBinding {
  gemm(a: Floats, b: Floats, c: Floats, m: number, n: number, k: number,
    transA: boolean, transB: boolean, alpha: number, beta: number): void;
  gemmAsync(a: Floats, b: Floats, c: Floats, m: number, n: number, k: number,
    transA: boolean, transB: boolean, alpha: number, beta: number): Promise<void>;
  gemmBatched(a: Floats, b: Floats, c: Floats, batch: number, m: number, n: number, k: number,
    transA: boolean, transB: boolean, alpha: number, beta: number,
    strideA: number, strideB: number, strideC: number): void;
  gemmBatchedAsync(a: Floats, b: Floats, c: Floats, batch: number, m: number, n: number, k: number,
    transA: boolean, transB: boolean, alpha: number, beta: number,
    strideA: number, strideB: number, strideC: number): Promise<void>;
  softmaxRows(x: Floats, out: Floats, rows: number, cols: number): void;
  attention(x: Floats, wq: Floats, wk: Floats, wv: Floats, wo: Floats | null, out: Floats,
    n: number, dIn: number, dModel: number, dV: number, dOut: number, heads: number,
    causal: boolean, scale: number): void;
  attentionAsync(x: Floats, wq: Floats, wk: Floats, wv: Floats, wo: Floats | null, out: Floats,
    n: number, dIn: number, dModel: number, dV: number, dOut: number, heads: number,
    causal: boolean, scale: number): Promise<void>;
  /** The index of the first NaN or ±Infinity, or -1. */
  firstNonFinite(x: Floats): number;
  blasInfo(): { name: string; threads: number };
  setThreads(n: number): void;
  /** Test hook: out = exp(x) by the fused attention kernel's exp (its AVX2 polynomial when simd and the CPU has AVX2/FMA). */
  _kernelExp(x: Floats, out: Floats, simd: boolean): void;
  /** Test hook: the code path the fused attention kernel takes on this CPU. */
  _kernelIsa(): 'avx2-fma' | 'scalar';
}
