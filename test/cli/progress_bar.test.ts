/** The CLI's progress bar: drawn from onProgress events on a terminal, silent elsewhere and for quick work. */
import * as assert from 'assert';
import { PassThrough } from 'stream';
import { progressBar } from '../../src/cli/progress_bar';

function stream(isTTY: boolean): { stream: PassThrough & { isTTY: boolean }; text: () => string } {
  const s = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  let text = '';
  s.on('data', (d) => (text += String(d)));
  return { stream: s, text: () => text };
}

describe('progressBar', () => {
  it('draws each stage with done/total on a terminal, restarting at a new stage, and clears itself at stop', () => {
    const out = stream(true);
    const bar = progressBar({ stream: out.stream, delayMs: 0 });
    bar.onProgress({ stage: 'build: compile', done: 0, total: 4 });
    bar.onProgress({ stage: 'build: compile', done: 4, total: 4 });
    bar.onProgress({ stage: 'run: layers', done: 3, total: 19 });
    bar.stop();
    const text = out.text();
    assert.match(text, /build: compile \[[^\]]*\] 0\/4/);
    assert.match(text, /run: layers \[[^\]]*\] 3\/19/);
    assert.match(text, /\x1b\[2K$/, 'the last write clears the bar\'s line');
  });
  it('writes nothing when the stream is not a terminal', () => {
    const out = stream(false);
    const bar = progressBar({ stream: out.stream, delayMs: 0 });
    bar.onProgress({ stage: 'run: layers', done: 1, total: 2 });
    bar.stop();
    assert.strictEqual(out.text(), '');
  });
  it('writes nothing for work that ends before the delay', () => {
    const out = stream(true);
    const bar = progressBar({ stream: out.stream, delayMs: 60_000 });
    bar.onProgress({ stage: 'run: layers', done: 1, total: 2 });
    bar.onProgress({ stage: 'run: layers', done: 2, total: 2 });
    bar.stop();
    assert.strictEqual(out.text(), '');
  });
});
