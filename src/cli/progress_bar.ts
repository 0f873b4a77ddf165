/** A progress bar on stderr (cli-progress), fed by the API's onProgress events; silent when stderr is not a terminal. */
import { Presets, SingleBar } from 'cli-progress';
import { ProgressCallback } from '../index';

/** A bar's feed and its end: pass `onProgress` to an API call, then call `stop` (also after an error). */
export interface ProgressBar {
  onProgress: ProgressCallback;
  stop(): void;
}

/** Where the bar draws, and how long work must run before it appears. */
export interface ProgressBarOptions {
  /** The stream to draw on (default process.stderr); nothing is drawn unless it is a TTY. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Milliseconds from creation before the bar appears, so quick work shows none (default 1000). */
  delayMs?: number;
}

/**
 * Makes a bar that shows each stage's name and its done/total; a new stage restarts it at its own total.
 * @param options the stream (default stderr) and the delay before the bar shows.
 * @returns onProgress to pass to compile, buildSimulator or run, and stop.
 * @example const bar = progressBar(); try { compile(sop, { ...opts, onProgress: bar.onProgress }); } finally { bar.stop(); }
 */
export function progressBar(options: ProgressBarOptions = {}): ProgressBar {
  const stream = options.stream ?? process.stderr, delayMs = options.delayMs ?? 1000;
  if (stream.isTTY !== true) return { onProgress: () => undefined, stop: () => undefined };
  const created = Date.now();
  let bar: SingleBar | undefined, stage = '';
  return {
    onProgress: ({ stage: next, done, total }) => {
      if (!bar) {
        if (Date.now() - created < delayMs) return;
        bar = new SingleBar({
          stream, format: '{stage} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: true, barsize: 30,
        }, Presets.shades_classic);
        bar.start(total, done, { stage: next });
      } else if (next !== stage) {
        bar.setTotal(total);
      }
      stage = next;
      bar.update(done, { stage: next });
    },
    stop: () => bar?.stop(),
  };
}
