/** One benchmark.js measurement, reduced to what RESULTS.md reports: the median time of one call. */
import Benchmark = require('benchmark');

/** A measured peer: the median seconds per call and benchmark.js's relative margin of error. */
export interface Measurement {
  median: number;
  rme: number;
  samples: number;
}

/** Times `fn` (sync, or async when it returns a Promise) with benchmark.js and returns its median. */
export function measure(fn: () => unknown, opts: { maxTime?: number } = {}): Promise<Measurement> {
  const probe = fn();
  const defer = probe instanceof Promise;
  return Promise.resolve(probe).then(() => new Promise<Measurement>((resolve, reject) => {
    const bench = new Benchmark({
      defer,
      minSamples: 5,
      maxTime: opts.maxTime ?? 1.5,
      fn: defer ? (d: { resolve(): void }) => void (fn() as Promise<unknown>).then(() => d.resolve()) : fn,
      onComplete: () => {
        if (bench.error) return reject(bench.error);
        const sorted = [...bench.stats.sample].sort((x, y) => x - y);
        resolve({ median: sorted[Math.floor(sorted.length / 2)], rme: bench.stats.rme, samples: sorted.length });
      },
    } as Benchmark.Options);
    bench.run({ async: true });
  }));
}
