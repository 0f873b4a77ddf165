/** `npm run bench`: every suite in one run, then bench/RESULTS.md and bench/gemm.svg. */
import * as os from 'os';
import { backendInfo, setBackend } from '../src/index';
import { attentionSuite } from './attention';
import { buildCeiling } from './ceiling';
import { compilerSuite, tracrSuite } from './compiler';
import { gemmSuite } from './gemm';
import { overheadSuite } from './overhead';
import { raspSuite } from './rasp';
import { selectionSuite } from './selection';
import { simulatorSuite } from './simulator';
import { softErrorSuite } from './soft_error';
import { writeResults } from './results';

async function main(): Promise<void> {
  setBackend('native');
  const started = new Date(), loadBefore = os.loadavg();
  const info = backendInfo();
  const log = (line: string) => console.log(line);
  const ceiling = buildCeiling();
  const gemm = await gemmSuite(ceiling, log);
  const overhead = await overheadSuite(log);
  const attention = await attentionSuite(log);
  const raspRows = await raspSuite(log);
  const { rows: simulator, ladder, encoder, stall } = await simulatorSuite(log);
  const softError = softErrorSuite(log);
  const compiler = await compilerSuite(log);
  const tracr = await tracrSuite(log);
  selectionSuite(log);
  const md = await writeResults({
    started, loadBefore, loadAfter: os.loadavg(), blas: info.blas, threads: info.threads, gemm, overhead, attention, rasp: raspRows,
    simulator, ladder, encoder, stall, softError, compiler, tracr,
  });
  console.log(`\n${md}`);
}

main().catch((error: Error) => {
  console.error(error.stack);
  process.exitCode = 1;
});
