/** Sequence targets: exact shift-equivariance, the importance ranking, and sampleSequences with its margin. */
import * as assert from 'assert';
import { selection } from '../../src/index';
import { Matrix } from '../../src/linalg/matrix';

const { roll, windowTarget, importanceTarget, sampleSequences } = selection;

describe('selection targets', () => {
  it('F(roll(X, k)) = roll(F(X), k) exactly, for every k (window and importance targets)', () => {
    const targets = [
      windowTarget({ d: 2, offsets: [-2, 0, 3], T: 5, seed: 4 }),
      importanceTarget({ d: 2, U: 3, k: 2, importance: [1, -0.5], T: 4, seed: 5 }),
    ];
    for (const F of targets) {
      const x = Matrix.random(24, 2, { seed: 9 }), y = F.evaluate(x);
      for (let k = -3; k < 24; k++) assert.deepStrictEqual(F.evaluate(roll(x, k)), roll(y, k), `${F.kind} k = ${k}`);
    }
  });

  it('the window target reads the offsets; the importance target the k largest w·x of each window', () => {
    const x = Matrix.from([[0.1], [0.9], [0.3], [0.7], [0.2], [0.5]]);
    assert.deepStrictEqual(windowTarget({ d: 1, offsets: [-1, 2], T: 3, seed: 1 }).sources(x)[0], Int32Array.from([5, 2]));
    const F = importanceTarget({ d: 1, U: 1, k: 2, importance: [1], T: 3, seed: 1 });
    assert.deepStrictEqual(F.sources(x).map((r) => [...r]), [[1, 5], [1, 2], [1, 3], [3, 2], [3, 5], [5, 4]]);
  });

  it('sampleSequences: seeded, noisy labels, margin enforced in every window, fraction fixed reported', () => {
    const target = importanceTarget({ d: 1, U: 4, k: 2, importance: [1], T: 4, seed: 2 });
    const a = sampleSequences({ target, N: 32, count: 8, seed: 3, noise: 0.1, margin: 0.02 });
    const b = sampleSequences({ target, N: 32, count: 8, seed: 3, noise: 0.1, margin: 0.02 });
    assert.deepStrictEqual(a.labels, b.labels);
    assert.ok(a.fixedFraction > 0 && a.fixedFraction < 1, `fixed ${a.fixedFraction}`);
    for (const x of a.inputs) {
      const mu = target.importanceOf(x);
      for (let t = 0; t < 32; t++) {
        const w = Array.from({ length: 9 }, (_, i) => mu[(t + i - 4 + 32) % 32]).sort((p, q) => q - p);
        assert.ok(w[0] - w[1] >= 0.02 && w[1] - w[2] >= 0.02, `window ${t}: ${w.slice(0, 3)}`);
      }
    }
    const residual = a.labels[0].map((v, i) => v - a.clean[0][i]);
    assert.ok(residual.some((r) => r !== 0) && residual.every((r) => Math.abs(r) < 0.6));
    const none = sampleSequences({ target, N: 32, count: 2, seed: 3 });
    assert.strictEqual(none.fixedFraction, 0);
    assert.deepStrictEqual(none.labels, none.clean);
  });

  it('refuses rankings too large to finish in seconds with TooLargeError', () => {
    const target = importanceTarget({ d: 1, U: 2000, k: 1, importance: [1], T: 2, seed: 1 });
    assert.throws(() => sampleSequences({ target, N: 20000, count: 2, seed: 1 }), { code: 'ERR_ATTNSIM_TOO_LARGE' });
    assert.throws(() => target.evaluate(Matrix.zeros(20000, 1)), { code: 'ERR_ATTNSIM_TOO_LARGE' });
  });

  it('rejects a margin that cannot be met and a margin on a window target', () => {
    const target = importanceTarget({ d: 1, U: 4, k: 2, importance: [1], T: 3, seed: 2 });
    assert.throws(() => sampleSequences({ target, N: 32, count: 1, seed: 1, margin: 0.6 }), { code: 'ERR_ATTNSIM_ARGUMENT' });
    const w = windowTarget({ d: 1, offsets: [0], T: 3, seed: 1 });
    assert.throws(() => sampleSequences({ target: w, N: 8, count: 1, seed: 1, margin: 0.1 }), /importance target/);
  });
});
