/**
 * The TensorFlow.js attention oracle: tfjs-node when it loads, else the wasm backend, else cpu; it reports which ran.
 * ATTNSIM_ORACLE=<backend> (e.g. `tensorflow`, as CI sets it) makes that backend the only one it accepts.
 */
import * as path from 'path';
import { checkOneOf, checkOptions } from '../check';
import { BackendError } from '../errors';
import { AttentionInput, CheckedAttention, checkAttention } from '../linalg/attention';
import { loadNative } from '../native/load';

type Tf = typeof import('@tensorflow/tfjs-core');

/** The tfjs backends attnsim knows, in the order it prefers them: tfjs-node, wasm, cpu. */
export const tfjsBackendNames = ['tensorflow', 'wasm', 'cpu'] as const;
/** A tfjs backend name: 'tensorflow' is tfjs-node (libtensorflow). */
export type TfjsBackendName = (typeof tfjsBackendNames)[number];

let registered: Promise<{ tf: Tf; available: TfjsBackendName[] }> | undefined;
let nodeError: string | null | undefined;

/**
 * Why tfjs-node (the 'tensorflow' backend) does not load here, or null when it does. Loads it once.
 * @returns null, or the reason (not installed, or its addon or libtensorflow failed to load).
 * @example tfjsNodeLoadError(); // null after `npm run oracle:tfjs-node`
 */
export function tfjsNodeLoadError(): string | null {
  if (nodeError === undefined) {
    // libtensorflow logs a few lines to stderr on load and on its first op, through absl before anyone can
    // configure it (TF_CPP_MIN_LOG_LEVEL does not reach them): fd 2 is silenced meanwhile when the addon loads.
    const quiet = loadNative().binding;
    const silenced = quiet?.quietStderr(true) ?? false;
    try {
      const tfn = require('@tensorflow/tfjs-node') as Tf;
      tfn.tidy(() => tfn.add(tfn.scalar(1), 1).dataSync());
      nodeError = null;
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      nodeError = e.code === 'MODULE_NOT_FOUND' && /'@tensorflow\/tfjs-node'/.test(e.message)
        ? '@tensorflow/tfjs-node is not installed (npm run oracle:tfjs-node installs it)'
        : `@tensorflow/tfjs-node is installed but does not load: ${e.message.split('\n')[0]}`;
    } finally {
      if (silenced) quiet?.quietStderr(false);
    }
  }
  return nodeError;
}

/** Registers every tfjs backend that loads here, once. tfjs-node is optional and used only when installed. */
function register(): Promise<{ tf: Tf; available: TfjsBackendName[] }> {
  registered ??= (async () => {
    const available: TfjsBackendName[] = tfjsNodeLoadError() === null ? ['tensorflow'] : [];
    const tf = require('@tensorflow/tfjs-core') as Tf;
    tf.env().set('IS_TEST', true); // silences tfjs's "install tfjs-node" banner
    const wasm = loadWasm();
    require('@tensorflow/tfjs-backend-cpu');
    for (const name of wasm ? ['wasm', 'cpu'] as const : ['cpu'] as const) {
      if (await tf.setBackend(name).catch(() => false)) available.push(name);
    }
    return { tf, available };
  })();
  return registered;
}

/** Registers tfjs's wasm backend when it is installed (an optional peer dependency); false when it is not. */
function loadWasm(): boolean {
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return false;
    throw error;
  }
  wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
  return true;
}

/**
 * The tfjs backends that load on this machine, best first.
 * @example await tfjsBackends(); // ['wasm', 'cpu'] without tfjs-node
 */
export async function tfjsBackends(): Promise<TfjsBackendName[]> {
  return [...(await register()).available];
}

/** What the oracle answered, and which tfjs backend computed it. */
export interface TfjsAttentionResult {
  output: number[][];
  backend: TfjsBackendName;
}

/**
 * The same attention as `attention()`, computed by TensorFlow.js in float32 (tfjs's precision).
 * @param input as for `attention()`.
 * @param opts.backend a tfjs backend to use instead of the best one that loads (default: ATTNSIM_ORACLE if set).
 * @returns the output rows and the name of the tfjs backend that answered.
 * @throws {BackendError} when the backend asked for (or ATTNSIM_ORACLE's) does not load, with the reason; argument errors as `attention()`.
 * @example const { output, backend } = await tfjsAttention({ x, wq, wk, wv, heads: 2 });
 */
export async function tfjsAttention(input: AttentionInput, opts?: { backend?: TfjsBackendName }): Promise<TfjsAttentionResult> {
  const c = checkAttention('tfjsAttention', input);
  const o = checkOptions<{ backend: TfjsBackendName }>('tfjsAttention', opts, ['backend']);
  const { tf, name } = await tfjsEngine('tfjsAttention', o.backend);
  const output = tf.tidy(() => attentionGraph(tf, c).arraySync() as number[][]);
  return { output, backend: name };
}

/**
 * tfjs on the backend asked for (else ATTNSIM_ORACLE's, else the best that loads), made current.
 * @param fn the public function asking, named in errors.
 * @param backend a tfjs backend name, or undefined for the default.
 * @returns tfjs-core and the backend's name.
 * @throws {BackendError} when that backend does not load here, with the reason.
 * @example const { tf, name } = await tfjsEngine('tfjsEncoder');
 * @internal Left out of the published types (tsconfig stripInternal): they must not need tfjs-core's.
 */
export async function tfjsEngine(fn: string, backend?: TfjsBackendName): Promise<{ tf: Tf; name: TfjsBackendName }> {
  const { tf, available } = await register();
  const name = backend === undefined ? required(fn) ?? available[0] : checkOneOf(fn, 'backend', backend, tfjsBackendNames);
  if (!available.includes(name)) {
    const why = name === 'tensorflow' ? `; ${tfjsNodeLoadError()}` : '';
    const from = backend === undefined ? ' (ATTNSIM_ORACLE asks for it)' : '';
    throw new BackendError(`${fn}: the tfjs backend '${name}'${from} does not load here (available: ${available.join(', ')})${why}`);
  }
  if (tf.getBackend() !== name) await tf.setBackend(name);
  return { tf, name };
}

/** The backend ATTNSIM_ORACLE names, if it is set: then the oracle must run there and never falls back. */
function required(fn: string): TfjsBackendName | undefined {
  const value = process.env.ATTNSIM_ORACLE;
  if (value === undefined || value === '') return undefined;
  if (!(tfjsBackendNames as readonly string[]).includes(value)) {
    throw new BackendError(`${fn}: expected ATTNSIM_ORACLE to be one of ${tfjsBackendNames.join(', ')} but received '${value}'`);
  }
  return value as TfjsBackendName;
}

function attentionGraph(tf: Tf, c: CheckedAttention): import('@tensorflow/tfjs-core').Tensor2D {
  const t = (m: { rows: number; cols: number; data: Float32Array | Float64Array }) =>
    tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols], 'float32');
  const x = t(c.x);
  const q = tf.matMul(x, t(c.wq)), k = tf.matMul(x, t(c.wk)), v = tf.matMul(x, t(c.wv));
  const dh = c.dModel / c.heads, dvh = c.dV / c.heads;
  const visible = tf.cast(tf.linalg.bandPart(tf.ones([c.n, c.n]), -1, 0), 'bool');
  const heads = Array.from({ length: c.heads }, (_, h) => {
    let scores = tf.mul(tf.matMul(tf.slice(q, [0, h * dh], [c.n, dh]), tf.slice(k, [0, h * dh], [c.n, dh]), false, true), c.scale);
    if (c.causal) scores = tf.where(visible, scores, tf.fill([c.n, c.n], -Infinity));
    return tf.matMul(tf.softmax(scores), tf.slice(v, [0, h * dvh], [c.n, dvh]));
  });
  const concat = c.heads === 1 ? heads[0] : tf.concat(heads, 1);
  return (c.wo ? tf.matMul(concat, t(c.wo)) : concat) as import('@tensorflow/tfjs-core').Tensor2D;
}
