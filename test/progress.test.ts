/** throttleProgress: first, last and stage changes always pass; the rest at most once per interval. */
import * as assert from 'assert';
import { ProgressEvent, throttleProgress } from '../src/progress';

describe('throttleProgress', () => {
  it('is a no-op without a callback', () => {
    assert.doesNotThrow(() => throttleProgress(undefined)({ stage: 's', done: 1, total: 2 }));
  });

  it('passes the first, the last and every new stage, and drops the rest within the interval', () => {
    const seen: ProgressEvent[] = [];
    const report = throttleProgress((e) => seen.push(e), 60_000);
    for (let done = 0; done <= 100; done++) report({ stage: 'build', done, total: 100 });
    report({ stage: 'run', done: 0, total: 3 });
    assert.deepStrictEqual(seen.map((e) => `${e.stage}:${e.done}`), ['build:0', 'build:100', 'run:0']);
  });
});
