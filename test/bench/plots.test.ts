/** The pictures bench/ ships: each renders, is of sane size, shows its titles and axis names, and matches RESULTS.md. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { gemmChart, softErrorChart } from '../../bench/charts';
import { readResults } from '../../bench/plots';
import { checkPicture, PictureExpectations } from '../helpers/picture';

const bench = path.resolve(__dirname, '..', '..', '..', 'bench');
const read = (file: string) => fs.readFileSync(path.join(bench, file), 'utf8');

/** A chart of the bench: 480×300 plus title, axes and legends; a few dozen texts, not hundreds of tick labels. */
const chart = (texts: (string | RegExp)[]): PictureExpectations => ({ texts, width: [480, 1000], height: [300, 600], maxTexts: 80 });
const expected: Record<string, PictureExpectations> = {
  'gemm.svg': chart(['GEMM throughput, n×n · n×n', 'n', 'GFLOP/s', 'peer', 'attnsim native', 'OpenBLAS from C', 'dtype', 'float64']),
  'soft_error_simulator.svg': chart(['Softmax at coldness c against hard attention', /^U \(n, d, heads\) = \(4, 4, 2\): m = 81 keys/,
    'coldness c', 'largest absolute difference', 'bound (m−1)·e^(−cΔ)', 'output error']),
  'soft_error_compiler.svg': chart(['Softmax at coldness c against hard attention', /^makeFracPrevs on "abaabbab": m = 9 keys/,
    'coldness c', 'weight off the hard selection']),
};

describe('bench/plots', () => {
  const results = readResults(read('RESULTS.md'));

  it('reads the GEMM and soft-error tables back from RESULTS.md', () => {
    assert.ok(results.gemm.length >= 30);
    const row = results.gemm.find((g) => g.peer === 'OpenBLAS from C' && g.dtype === 'float64' && g.n === 1024);
    assert.ok(row && row.gflops > 0);
    assert.deepStrictEqual(results.softError.map((r) => r.file), ['soft_error_simulator.svg', 'soft_error_compiler.svg']);
    for (const r of results.softError) assert.ok(r.report.points.length >= 5 && r.report.gap > 0 && r.report.keys > 1);
  });

  it('ships exactly the pictures checked here', () => {
    assert.deepStrictEqual(fs.readdirSync(bench).filter((f) => f.endsWith('.svg')).sort(), Object.keys(expected).sort());
  });

  for (const [file, expect] of Object.entries(expected)) {
    it(`${file} renders inside a sane canvas with its titles and axis names`, () => {
      checkPicture(read(file), expect);
    });
  }

  it('the shipped pictures are drawn from the numbers in RESULTS.md (node dist/bench/plots.js redraws them)', async () => {
    assert.strictEqual(read('gemm.svg'), await gemmChart(results.gemm));
    for (const r of results.softError) assert.strictEqual(read(r.file), await softErrorChart(r.model, r.report));
  });
});
