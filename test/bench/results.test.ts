/** The partial bench run's merge into RESULTS.md: what it replaces, what it keeps, and that it is stable. */
import * as assert from 'assert';
import { mergeSections } from '../../bench/results';

const file = (date: string, gemm: string, overhead: string, targets: string[]) => [
  '# Benchmark results', '', `- Date: ${date}`, '', '## Targets', '', '| target | measured | |', '|---|---|---|', ...targets, '',
  '## GEMM float32: GFLOP/s (median), n×n·n×n', '', gemm, '', '## Call overhead', '', overhead, '',
  '## Issue 20\'s hand-written notes', '', 'kept as written', ''].join('\n');

describe('bench/results', () => {
  const old = file('old', 'gemm old', 'overhead old', ['| sgemm 1024 old | 1 | met |', '| 4×4 old | 2 | met |', '| RASP old | 3 | met |']);
  const fresh = file('new', 'gemm new', 'overhead new', ['| sgemm 1024 new | 1 | met |', '| 4×4 new | 2 | met |']);

  it('a partial run replaces its suites\' sections and target rows in place, and keeps the rest with their runs', () => {
    const merged = mergeSections(old, fresh, ['overhead']);
    assert.match(merged, /gemm old/);
    assert.match(merged, /overhead new/);
    assert.doesNotMatch(merged, /overhead old/);
    assert.match(merged, /## Issue 20's hand-written notes\n\nkept as written/);
    const rows = merged.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| target'));
    assert.deepStrictEqual(rows, ['| sgemm 1024 old | 1 | met |', '| 4×4 new | 2 | met |', '| RASP old | 3 | met |']);
    assert.match(merged, /- Sections by run: gemm from old; overhead from new \(this run\);/);
  });

  it('merging again gives the same file (blank lines between sections do not grow)', () => {
    const once = mergeSections(old, fresh, ['overhead']);
    assert.strictEqual(mergeSections(once, fresh, ['overhead']), once);
    assert.doesNotMatch(once, /\n\n\n/);
  });
});
