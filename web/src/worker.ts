/** The playground's Web Worker: every computation runs here, so the page stays responsive; progress is posted as it goes. */
import { ProgressEvent, RaspSyntaxError, throttleProgress } from 'attnsim';
import { compileJob } from './compile_job';
import { ratesJob, selectJob, simulateJob } from './numeric_jobs';
import { Request, ReplyMessage, RequestMessage } from './protocol';
import { raspRows } from './rasp_job';

const scope = self as unknown as { postMessage(message: ReplyMessage): void; onmessage: ((e: MessageEvent<RequestMessage>) => void) | null };

/** Runs one request's job. */
function run(request: Request, onProgress: (event: ProgressEvent) => void): unknown {
  switch (request.kind) {
    case 'rasp': return raspRows(request.source, request.input);
    case 'compile': return compileJob(request, onProgress);
    case 'simulate': return simulateJob(request, onProgress);
    case 'select': return selectJob(request);
    case 'rates': return ratesJob(request.text, request.file);
  }
}

/** Where in the program an error points: a syntax error's own fields, or the `<console>:line:column:` a RaspError starts with. */
function position(error: unknown): { line: number | null; column: number | null } {
  if (error instanceof RaspSyntaxError) return { line: error.line, column: error.column };
  const match = /^<console>:(\d+):(\d+):/.exec(error instanceof Error ? error.message : '');
  return match ? { line: Number(match[1]), column: Number(match[2]) } : { line: null, column: null };
}

scope.onmessage = async ({ data: { id, request } }) => {
  const onProgress = throttleProgress((e) => scope.postMessage({ id, type: 'progress', ...e }));
  try {
    scope.postMessage({ id, type: 'result', result: await run(request, onProgress) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    scope.postMessage({ id, type: 'error', message, code: typeof code === 'string' ? code : null, ...position(error) });
  }
};
