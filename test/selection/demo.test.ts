/** selectionDemo and `attnsim select`: measured errors within the bounds, the picture drawn, the CLI's output. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { selection } from '../../src/index';
import { checkPicture } from '../helpers/picture';

const main = path.resolve(__dirname, '..', '..', 'src', 'cli', 'main.js');

describe('selection demo', () => {
  it('the error against coldness stays within the bound for both targets, and falls', () => {
    for (const target of ['window', 'importance'] as const) {
      const { curve } = selection.selectionDemo({ target, N: 24 });
      for (const r of curve) assert.ok(r.error <= r.bound, `${target} c = ${r.coldness}: ${r.error} > ${r.bound}`);
      assert.ok(curve[curve.length - 1].error < 1e-9 && curve[0].error > 1e-3, target);
    }
  });

  it('the error at the requested coldness is the curve\'s at that coldness, within the construction\'s bound', () => {
    const { curve } = selection.selectionDemo({ target: 'window', N: 16 });
    const at = selection.selectionDemo({ target: 'window', N: 16, coldness: curve[2].coldness });
    // The curve floors errors at 1e-16 (for its log axis); the same build and instance give the same float64 value.
    assert.strictEqual(Math.max(1e-16, at.error), curve[2].error);
    assert.ok(at.error <= at.construction.bound);
  });

  it('attnsim select prints the gap and the errors and writes the SVG', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-select-')), svg = path.join(dir, 'out.svg');
    try {
      const args = [main, 'select', '--target', 'importance', '--n', '20', '--svg', svg];
      const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      assert.match(r.stdout, /gap Δ = 0\.05/);
      checkPicture(fs.readFileSync(svg, 'utf8'), {
        texts: ['worst copy error against coldness c', 'query position t', 'key offset s − t', 'head 2'],
        width: [400, 1400], height: [400, 1200],
      });
      const bad = spawnSync(process.execPath, [main, 'select', '--target', 'nope'], { encoding: 'utf8' });
      assert.strictEqual(bad.status, 2, 'a usage error');
      assert.match(bad.stderr, /--target expects one of window, importance/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
