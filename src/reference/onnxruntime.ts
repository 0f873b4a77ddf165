/**
 * onnxruntime-node for the ONNX export tests and the bench: the project's own copy (`npm run oracle:onnxruntime-node`
 * installs it in .oracle/onnxruntime-node), else one the project depends on; the parts of its API they use, typed.
 */
import * as path from 'path';
import { BackendError } from '../errors';

/** An onnxruntime tensor: element type, row-major data, dimensions. */
export interface OrtTensor {
  readonly type: string;
  readonly data: ArrayLike<number | bigint>;
  readonly dims: readonly number[];
}

/** A loaded model. */
export interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

/** Session options used here: threads, and (flat, in the Node binding) config entries: 'session.intra_op.allow_spinning'. */
export interface OrtSessionOptions {
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  executionProviders?: string[];
  extra?: Record<string, string>;
}

/** The module's parts used here. */
export interface OnnxRuntime {
  Tensor: new (type: string, data: Float32Array | Float64Array | BigInt64Array, dims: readonly number[]) => OrtTensor;
  InferenceSession: { create(model: Uint8Array, options?: OrtSessionOptions): Promise<OrtSession> };
}

/** Where the project's own copy lives (dist/src/reference → the repository root). */
const ORACLE_DIR = path.resolve(__dirname, '..', '..', '..', '.oracle', 'onnxruntime-node', 'node_modules', 'onnxruntime-node');

let loaded: { ort: OnnxRuntime; version: string } | string | undefined;

/**
 * onnxruntime-node and its version, loaded once.
 * @throws {BackendError} naming what was tried and how to install it, when neither copy loads.
 */
export function loadOnnxRuntime(): { ort: OnnxRuntime; version: string } {
  const result = (loaded ??= tryLoad());
  if (typeof result === 'string') throw new BackendError(result);
  return result;
}

/** Why onnxruntime-node does not load here, or null when it does. */
export function onnxRuntimeLoadError(): string | null {
  const result = (loaded ??= tryLoad());
  return typeof result === 'string' ? result : null;
}

function tryLoad(): { ort: OnnxRuntime; version: string } | string {
  const failures: string[] = [];
  for (const where of [ORACLE_DIR, 'onnxruntime-node']) {
    try {
      const ort = require(where) as OnnxRuntime;
      const version = (require(`${where}/package.json`) as { version: string }).version;
      return { ort, version };
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      failures.push(e.code === 'MODULE_NOT_FOUND' ? `${where}: not installed` : `${where}: ${e.message.split('\n')[0]}`);
    }
  }
  return `onnxruntime-node does not load (${failures.join('; ')}); npm run oracle:onnxruntime-node installs it`;
}
