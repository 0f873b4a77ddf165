/** The Backend interface: the kernels every backend provides, on typed arrays and integers. */
import { Floats } from '../native/binding';

export { Floats };

/** c = alpha·op(a)·op(b) + beta·c for row-major m×k (or k×m) a and k×n (or n×k) b. */
export interface GemmArgs {
  a: Floats; b: Floats; c: Floats;
  m: number; n: number; k: number;
  transA: boolean; transB: boolean;
  alpha: number; beta: number;
  /**
   * c is new memory that nobody reads before an async call settles: the native async form then checks a and b
   * for NaN/±Infinity only when the product has one (see native/gemm.h), as matmul does.
   */
  fresh?: boolean;
}

/** `batch` GEMMs whose operands start every `strideX` elements (0 reuses one operand). */
export interface GemmBatchedArgs extends GemmArgs {
  batch: number; strideA: number; strideB: number; strideC: number;
}

/** Multi-head attention on n×dIn x: see src/linalg/attention.ts for the formula. */
export interface AttentionArgs {
  x: Floats; wq: Floats; wk: Floats; wv: Floats; wo: Floats | null; out: Floats;
  n: number; dIn: number; dModel: number; dV: number; dOut: number; heads: number;
  causal: boolean; scale: number;
  /** The same weights as packAttention packed them on this backend, or null. */
  packed?: Floats | null;
}

/** The weights of an attention layer, with their sizes (AttentionArgs without x, out and the options). */
export type AttentionWeightArgs = Pick<AttentionArgs, 'wq' | 'wk' | 'wv' | 'wo' | 'dIn' | 'dModel' | 'dV' | 'dOut'>;

/** A set of kernels. Arguments are already checked by the op that calls it. */
export interface Backend {
  readonly name: 'native' | 'js';
  /** The BLAS library's own description, or null for the fallback. */
  readonly blas: string | null;
  threads(): number;
  setThreads(n: number): void;
  /**
   * `bytes` of uninitialised memory for an output a kernel overwrites entirely (own memory, not from a shared pool).
   * The native backend recycles collected outputs, so a fresh output's pages are usually mapped already.
   */
  allocUnfilled(bytes: number): ArrayBuffer;
  /** The index of the first NaN or ±Infinity in x, or -1 when every value is finite. */
  firstNonFinite(x: Floats): number;
  gemm(args: GemmArgs): void;
  /**
   * Whether the async forms check values themselves, off the main thread (the native backend's worker refuses
   * NaN/±Infinity in the inputs and a non-finite output with the messages the ops' own checks give).
   */
  readonly asyncChecksValues: boolean;
  gemmAsync(args: GemmArgs): Promise<void>;
  gemmBatched(args: GemmBatchedArgs): void;
  softmaxRows(x: Floats, out: Floats, rows: number, cols: number): void;
  attention(args: AttentionArgs): void;
  attentionAsync(args: AttentionArgs): Promise<void>;
  /** The weights packed once for attention's `packed` (where the backend packs them per call), for a layer to keep. */
  packAttention?(args: AttentionWeightArgs): Floats;
}
