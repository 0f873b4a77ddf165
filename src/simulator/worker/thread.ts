/**
 * The simulator's worker thread: builds simulators (kept, the last few) and runs them, and runs simulate.* operations,
 * posting progress as it goes.
 */
import { parentPort } from 'worker_threads';
import { setMemoryBudget } from '../../budget';
import { ProgressEvent } from '../../progress';
import { buildSimulator, UniversalSimulator } from '../build';
import { runOperation } from '../simulate';
import { errorToPlain, fromPlain, toPlain } from './messages';
import { WorkerRequest } from './pool';

/** Simulators kept between calls (each holds its whole stack). */
const KEEP = 2;
const built = new Map<string, UniversalSimulator>();

function simulatorFor(spec: object, onProgress: ((e: ProgressEvent) => void) | undefined): UniversalSimulator {
  const key = JSON.stringify(spec);
  let sim = built.get(key);
  if (sim === undefined) {
    sim = buildSimulator({ ...spec, onProgress } as Parameters<typeof buildSimulator>[0]);
    if (built.size >= KEEP) built.delete(built.keys().next().value!);
    built.set(key, sim);
  }
  return sim;
}

parentPort!.on('message', (request: WorkerRequest) => {
  const post = (message: object, transfer: ArrayBuffer[] = []) => parentPort!.postMessage({ id: request.id, ...message }, transfer);
  const onProgress = request.progress ? (progress: ProgressEvent) => post({ progress }) : undefined;
  try {
    setMemoryBudget(request.budget);
    if (request.kind === 'operation') {
      const args = fromPlain(request.input) as unknown[], name = (request.spec as { name: string }).name;
      const out = toPlain(runOperation(name, args, onProgress)) as { matrix: [number, number, Float64Array] };
      post({ result: out }, [out.matrix[2].buffer as ArrayBuffer]);
      return;
    }
    const sim = simulatorFor(request.spec, onProgress);
    if (request.kind === 'build') {
      post({ result: sim.cost });
      return;
    }
    const out = toPlain(sim.run(fromPlain(request.input) as never, { onProgress })) as { matrix: [number, number, Float64Array] };
    post({ result: out }, [out.matrix[2].buffer as ArrayBuffer]);
  } catch (error) {
    post({ error: errorToPlain(error) });
  }
});
