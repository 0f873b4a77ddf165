/** quietStderr: fd 2 goes to /dev/null and comes back (the tfjs oracle uses it around tfjs-node's noisy load). */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { testedBackends } from '../helpers/backends';

const load = path.resolve(__dirname, '..', '..', 'src', 'native', 'load.js');

if (testedBackends().includes('native')) describe('quietStderr', () => {
  it('hides what native code and Node write to fd 2 while on, and restores it; a second on or off does nothing', () => {
    const code = `const addon = require(${JSON.stringify(load)}).loadNative().binding;
const fs = require('fs');
const states = [addon.quietStderr(true), addon.quietStderr(true)];
fs.writeSync(2, 'hidden\\n');
states.push(addon.quietStderr(false), addon.quietStderr(false));
fs.writeSync(2, 'shown\\n');
console.log(states.join(','));`;
    const run = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 60000 });
    assert.strictEqual(run.status, 0, run.stderr);
    assert.deepStrictEqual([run.stdout, run.stderr], ['true,false,true,false\n', 'shown\n']);
  });
});
