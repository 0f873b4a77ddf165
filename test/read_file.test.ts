/** readRegularFile: regular files only, never more than the limit, whatever size the file reports. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readRegularFile } from '../src/read_file';

describe('readRegularFile', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-read-'));
    fs.writeFileSync(path.join(dir, 'small.txt'), 'héllo');
    fs.writeFileSync(path.join(dir, 'big.txt'), 'x'.repeat(200000));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a regular file within the limit as UTF-8, also one larger than the first read buffer', () => {
    assert.deepStrictEqual(readRegularFile(path.join(dir, 'small.txt'), 6), { text: 'héllo' });
    assert.strictEqual((readRegularFile(path.join(dir, 'big.txt'), 200000) as { text: string }).text.length, 200000);
  });
  it('refuses a file above the limit, a folder, a device and a missing file, saying which', () => {
    assert.deepStrictEqual(readRegularFile(path.join(dir, 'big.txt'), 199999), { problem: { kind: 'too-large', bytes: 200000 } });
    assert.deepStrictEqual(readRegularFile(dir, 10), { problem: { kind: 'not-regular' } });
    assert.deepStrictEqual(readRegularFile('/dev/zero', 10), { problem: { kind: 'not-regular' } });
    assert.deepStrictEqual(readRegularFile(path.join(dir, 'none'), 10), { problem: { kind: 'unreadable', reason: 'ENOENT' } });
  });
  if (fs.existsSync('/proc/self/status')) it('stops at the limit in a file that reports a size of 0 (/proc/self/status)', () => {
    assert.strictEqual(fs.statSync('/proc/self/status').size, 0);
    assert.deepStrictEqual(readRegularFile('/proc/self/status', 16), { problem: { kind: 'too-large', bytes: 17 } });
  });
});
