/**
 * `npm run bench`: every suite in one run, then bench/RESULTS.md and bench/gemm.svg.
 * `npm run bench -- attention gemm` runs only the suites named; RESULTS.md keeps the other sections.
 */
import * as os from 'os';
import { backendInfo, setBackend } from '../src/index';
import { asyncSuite } from './async';
import { attentionSuite } from './attention';
import { buildCeiling } from './ceiling';
import { compilerSuite, tracrSuite } from './compiler';
import { estimationSuite } from './estimation';
import { gemmSuite } from './gemm';
import { onnxruntimeSuite } from './onnxruntime';
import { overheadSuite } from './overhead';
import { raspSuite } from './rasp';
import { selectionSuite } from './selection';
import { SimulatorResults, simulatorSuite } from './simulator';
import { softErrorSuite } from './soft_error';
import { SuiteName, suiteNames, writeResults } from './results';

/** The suites named on the command line (all when none), or an error naming the unknown ones. */
function chosenSuites(args: string[]): readonly SuiteName[] {
  const unknown = args.filter((a) => !(suiteNames as readonly string[]).includes(a));
  if (unknown.length > 0) throw new Error(`bench: unknown suite ${unknown.join(', ')} (suites: ${suiteNames.join(', ')})`);
  return args.length === 0 ? suiteNames : suiteNames.filter((name) => args.includes(name));
}

async function main(): Promise<void> {
  const suites = chosenSuites(process.argv.slice(2));
  const run = <T>(name: SuiteName, suite: () => Promise<T> | T, none: T): Promise<T> =>
    Promise.resolve(suites.includes(name) ? suite() : none);
  setBackend('native');
  const started = new Date(), loadBefore = os.loadavg();
  const info = backendInfo();
  const log = (line: string) => console.log(line);
  const gemm = await run('gemm', () => gemmSuite(buildCeiling(), log), []);
  const overhead = await run('overhead', () => overheadSuite(log), []);
  const attention = await run('attention', () => attentionSuite(log), []);
  const asyncRows = await run('async', () => asyncSuite(log), []);
  const raspRows = await run('rasp', () => raspSuite(log), []);
  const { rows: simulator, ladder, encoder, stall } =
    await run<SimulatorResults>('simulator', () => simulatorSuite(log), { rows: [], ladder: [], encoder: [] });
  const softError = await run('soft-error', () => softErrorSuite(log), []);
  const compiler = await run('compiler', () => compilerSuite(log), []);
  const tracr = await run('tracr', () => tracrSuite(log), []);
  const selection = await run('selection', () => selectionSuite(log), []);
  const estimation = await run('estimation', () => estimationSuite(log), undefined);
  const onnxruntime = await run('onnxruntime', () => onnxruntimeSuite(log), undefined);
  const md = await writeResults({
    suites, started, loadBefore, loadAfter: os.loadavg(), blas: info.blas, threads: info.threads, gemm, overhead, attention,
    async: asyncRows, rasp: raspRows, simulator, ladder, encoder, stall, softError, compiler, tracr, selection, estimation, onnxruntime,
  });
  console.log(`\n${md}`);
}

main().catch((error: Error) => {
  console.error(error.stack);
  process.exitCode = 1;
});
