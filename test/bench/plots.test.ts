/** bench/plots: the GEMM and soft-error tables read back from RESULTS.md, and the shipped plots drawn from them. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { gemmChart, softErrorChart } from '../../bench/charts';
import { readResults } from '../../bench/plots';

const bench = path.resolve(__dirname, '..', '..', '..', 'bench');
const read = (file: string) => fs.readFileSync(path.join(bench, file), 'utf8');

describe('bench/plots', () => {
  const results = readResults(read('RESULTS.md'));

  it('reads the GEMM and soft-error tables back from RESULTS.md', () => {
    assert.ok(results.gemm.length >= 30);
    const row = results.gemm.find((g) => g.peer === 'OpenBLAS from C' && g.dtype === 'float64' && g.n === 1024);
    assert.ok(row && row.gflops > 0);
    assert.deepStrictEqual(results.softError.map((r) => r.file), ['soft_error_simulator.svg', 'soft_error_compiler.svg']);
    for (const r of results.softError) assert.ok(r.report.points.length >= 5 && r.report.gap > 0 && r.report.keys > 1);
  });

  it('the shipped pictures are drawn from the numbers in RESULTS.md (node dist/bench/plots.js redraws them)', async () => {
    assert.strictEqual(read('gemm.svg'), await gemmChart(results.gemm));
    for (const r of results.softError) assert.strictEqual(read(r.file), await softErrorChart(r.model, r.report));
  });
});
