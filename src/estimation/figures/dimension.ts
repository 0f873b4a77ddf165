/**
 * The dimension figure (claim (a)): a window target of two tokens, d = 1, offsets (−3, +2), anisotropic a = (1, 2),
 * T = 12 (G = 257,985 basis functions), N = 64, σ = 0.5; the estimator window W grows from 2 to 32 (input dimension 5 …
 * 65) while the target stays put.
 */
import { FigurePreset } from './preset';

export const dimensionFigure: FigurePreset = {
  name: 'dimension',
  title: 'Risk against n and against the estimator window W (window target, offsets −3, +2, a = (1, 2))',
  arms: [{ name: 'window', target: { kind: 'anisotropic', a: [1, 2], T: 12, noise: 0.5, seed: 1,
    window: { N: 64, d: 1, offsets: [-3, 2] } } }],
  primaryArm: 'window',
  windows: [2, 4, 8, 16, 32],
  ns: [2 ** 8, 2 ** 9, 2 ** 10, 2 ** 11, 2 ** 12, 2 ** 13, 2 ** 14],
  reps: 5,
  estimators: ['oracle', 'erm-transformer', 'trained-transformer', 'knn', 'kernel-ridge', 'isotropic-sieve', 'mlp'],
};
