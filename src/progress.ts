/** Progress reports for long builds and runs: one callback type, and a throttle every caller shares. */

/** One progress report: which stage, how much of it is done. */
export interface ProgressEvent {
  /** The stage in the user's terms, e.g. 'compile: infer values', 'run: layer 3 of 14'. */
  stage: string;
  /** Units done so far in this stage. */
  done: number;
  /** Units in this stage (done === total when it ends). */
  total: number;
}

/** The callback an API takes as `onProgress`. */
export type ProgressCallback = (event: ProgressEvent) => void;

/**
 * Wraps `onProgress` so it is called at most every `intervalMs` (always for the first and the last
 * unit of a stage); returns a no-op for an absent callback.
 */
export function throttleProgress(onProgress: ProgressCallback | undefined, intervalMs = 100): ProgressCallback {
  if (!onProgress) return () => undefined;
  let last = 0;
  let lastStage = '';
  return (event) => {
    const now = Date.now();
    if (event.stage !== lastStage || event.done === event.total || now - last >= intervalMs) {
      last = now;
      lastStage = event.stage;
      onProgress(event);
    }
  };
}
