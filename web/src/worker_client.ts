/** The page's side of the Web Worker: requests as promises, progress shown in the status bar, and Stop to end a long job. */
import { ReplyMessage, Request, RequestMessage, ResultOf } from './protocol';

/** An error the worker reported, with its place in the program when it has one. */
export class JobError extends Error {
  constructor(message: string, readonly code: string | null, readonly line: number | null, readonly column: number | null) {
    super(message);
  }
}

interface Pending { resolve(value: unknown): void; reject(error: Error): void; label: string }

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();
let status: HTMLElement, bar: HTMLProgressElement, stop: HTMLButtonElement;

/** What the status bar says: the oldest running job and its stage, or "ready". */
function showStatus(text?: string, fraction?: number): void {
  stop.disabled = pending.size === 0;
  if (pending.size === 0) {
    status.textContent = 'ready';
    bar.hidden = true;
    return;
  }
  status.textContent = text ?? `${[...pending.values()][0].label}…`;
  bar.hidden = false;
  if (fraction === undefined) bar.removeAttribute('value');
  else bar.value = fraction;
}

function onReply({ data }: MessageEvent<ReplyMessage>): void {
  const job = pending.get(data.id);
  if (!job) return;
  if (data.type === 'progress') {
    showStatus(`${job.label}: ${data.stage} (${data.done}/${data.total})`, data.total > 0 ? data.done / data.total : undefined);
    return;
  }
  pending.delete(data.id);
  if (data.type === 'result') job.resolve(data.result);
  else job.reject(new JobError(data.message, data.code, data.line, data.column));
  showStatus();
}

function start(): Worker {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = onReply;
  worker.onerror = (e) => {
    for (const job of pending.values()) job.reject(new Error(`the worker failed: ${e.message}`));
    pending.clear();
    worker?.terminate();
    worker = null;
    showStatus();
  };
  return worker;
}

/** Ends the running jobs (their promises reject with "stopped") and starts a fresh worker on the next request. */
export function stopJobs(): void {
  worker?.terminate();
  worker = null;
  for (const job of pending.values()) job.reject(new JobError('stopped', 'STOPPED', null, null));
  pending.clear();
  showStatus();
}

/** Wires the status bar: its text, its progress bar and its Stop button. */
export function initStatus(text: HTMLElement, progress: HTMLProgressElement, stopButton: HTMLButtonElement): void {
  status = text;
  bar = progress;
  stop = stopButton;
  stop.onclick = stopJobs;
  showStatus();
}

/**
 * Runs a request in the worker.
 * @param label what the status bar calls the job.
 * @returns the job's result; rejects with a JobError.
 */
export function runJob<K extends Request['kind']>(request: Extract<Request, { kind: K }>, label: string): Promise<ResultOf[K]> {
  const id = nextId++;
  const message: RequestMessage = { id, request };
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, label });
    showStatus();
    (worker ?? start()).postMessage(message);
  });
}

/**
 * Runs jobs of one kind one at a time, keeping only the newest waiting request (a slider sends many; the last counts).
 * @returns a function that submits a request and gets its result, or null when a newer request replaced it.
 */
export function latestOnly<K extends Request['kind']>(label: string): (request: Extract<Request, { kind: K }>) => Promise<ResultOf[K] | null> {
  let running: Promise<unknown> = Promise.resolve(), waiting = 0;
  return (request) => {
    const ticket = ++waiting;
    const result = running.catch(() => undefined).then(() => (ticket === waiting ? runJob<K>(request, label) : null));
    running = result;
    return result;
  };
}
