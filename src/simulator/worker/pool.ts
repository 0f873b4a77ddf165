/**
 * The simulator's worker thread, seen from the caller: one thread started on first use, a request per build or run,
 * progress relayed to the caller's onProgress. The thread is unref'd while idle (it never keeps the process alive);
 * if it dies, its pending requests reject with ERR_ATTNSIM_WORKER and the next request starts a new one. One thread
 * rather than a pool such as piscina: the built stacks (hundreds of MB each) live in the thread, and a run must reach
 * the thread that holds its stack rather than any free one. After IDLE_MS without a request the thread is ended, so
 * the memory of its stacks is returned.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import { memoryBudget } from '../../budget';
import { ProgressCallback, ProgressEvent } from '../../progress';
import { errorFromPlain, PlainError, WorkerError } from './messages';

/** One request to the thread. */
export interface WorkerRequest {
  id: number;
  kind: 'build' | 'run' | 'operation';
  /** The simulator's spec, without onProgress; for 'operation', { name } of a simulate.* operation. */
  spec: object;
  /** For 'run': the input, made plain (see messages.ts); for 'operation', its arguments, made plain. */
  input?: unknown;
  /** The caller's memory budget, applied in the thread. */
  budget: number;
  /**
   * Whether the caller takes progress reports: without an onProgress the thread posts none (each would be a message to
   * clone and a wake-up of the caller's event loop, for nothing).
   */
  progress: boolean;
}

interface Reply {
  id: number;
  progress?: ProgressEvent;
  result?: unknown;
  error?: PlainError;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: ProgressCallback;
}

/** How long an idle thread (and the stacks it keeps) lives. */
export const IDLE_MS = 30_000;

let worker: Worker | undefined;
let idle: NodeJS.Timeout | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

/**
 * Sends a build or run to the simulator's thread.
 * @returns the thread's answer: the cost for 'build', the plain output matrix for 'run' and 'operation'.
 */
export function askWorker(kind: WorkerRequest['kind'], spec: object, input: unknown, onProgress?: ProgressCallback): Promise<unknown> {
  const thread = worker ?? startWorker(), id = nextId++;
  clearTimeout(idle);
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    thread.ref();
    thread.postMessage({ id, kind, spec, input, budget: memoryBudget(), progress: onProgress !== undefined } satisfies WorkerRequest);
  });
}

/**
 * Ends the simulator's worker thread now, returning the memory of the stacks it keeps (otherwise it ends 30 s after
 * its last request). Requests still in flight reject with ERR_ATTNSIM_WORKER; the next request starts a new thread.
 * @returns a Promise that settles when the thread has exited (at once when there is none).
 * @example await releaseSimulatorThread(); // a server trimming memory after a burst of runAsync calls
 */
export async function releaseSimulatorThread(): Promise<void> {
  const thread = worker;
  if (thread === undefined) return;
  clearTimeout(idle);
  stop(thread, new WorkerError("the simulator's worker thread was released (releaseSimulatorThread)", 'ERR_ATTNSIM_WORKER'));
  await thread.terminate();
}

function startWorker(): Worker {
  const thread = new Worker(path.join(__dirname, 'thread.js'));
  thread.on('message', (reply: Reply) => answer(thread, reply));
  thread.on('error', (error) => stop(thread, new WorkerError(`the simulator's worker thread failed: ${error.message}`, 'ERR_ATTNSIM_WORKER')));
  thread.on('exit', (code) => stop(thread, new WorkerError(`the simulator's worker thread exited (code ${code})`, 'ERR_ATTNSIM_WORKER')));
  thread.unref();
  worker = thread;
  return thread;
}

function answer(thread: Worker, reply: Reply): void {
  const task = pending.get(reply.id);
  if (task === undefined) return;
  if (reply.progress !== undefined) {
    try {
      task.onProgress?.(reply.progress);
    } catch (error) {
      settle(thread, reply.id);
      task.reject(error as Error);
    }
    return;
  }
  settle(thread, reply.id);
  if (reply.error !== undefined) task.reject(errorFromPlain(reply.error));
  else task.resolve(reply.result);
}

function settle(thread: Worker, id: number): void {
  pending.delete(id);
  if (pending.size > 0) return;
  thread.unref();
  idle = setTimeout(() => {
    if (worker === thread) worker = undefined;
    void thread.terminate();
  }, IDLE_MS).unref();
}

function stop(thread: Worker, error: Error): void {
  if (worker !== thread) return;
  worker = undefined;
  for (const task of pending.values()) task.reject(error);
  pending.clear();
}
