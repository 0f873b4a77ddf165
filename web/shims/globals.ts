/** The two Node globals attnsim's library code touches, as the browser bundle injects them: `process` (env, cwd, stderr) and `Buffer`. */

/** `process`: the pure-TypeScript backend is chosen (there is no addon in a page); notices go to the console. */
export const process = {
  env: { ATTNSIM_BACKEND: 'js' } as Record<string, string | undefined>,
  cwd: (): string => '/',
  platform: 'browser',
  arch: 'wasm',
  version: 'browser',
  stderr: { write: (text: string): boolean => (console.warn(text), true) },
};

/** `Buffer.allocUnsafeSlow`, the one Buffer call the fallback backend makes (fresh memory of its own). */
export const Buffer = {
  allocUnsafeSlow: (bytes: number): Uint8Array => new Uint8Array(bytes),
};
