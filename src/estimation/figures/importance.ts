/**
 * The importance figure (claim (b)): (key, value) tokens, μ = key (w = (1, 0)), g on the two selected values with
 * a = (∞, 1, ∞, 2), so the selected values have the window problem's distribution; U = 4, k = 2, N = 64, T = 12,
 * σ = 0.5. Arms: the window problem (values at offsets −1, +2), the importance problem without a margin, and with a
 * margin Δ₀ = 0.05.
 *
 * Labelled positions are independent (`disjoint`): neighbouring importance windows select the same two tokens, so
 * labelling every position gave the importance arm only 0.38 n distinct selected pairs and a steeper oracle curve
 * (bench/figure_importance_probe.json). The rule, fixed by the design before any run: r = max(W, U, max |offset|) = 4,
 * s₀ = 2r + 1 = 9, m = 4 labelled positions per sequence (the largest power of two ≤ ⌊64/9⌋ = 7, so every n = 2^j is
 * whole sequences), spacing 16: positions 0, 16, 32, 48 of n/4 sequences, in all three arms.
 */
import { RateTarget } from '../trial';
import { FigurePreset } from './preset';

const smooth: Omit<RateTarget, 'window' | 'importance'> = { kind: 'anisotropic', a: [Infinity, 1, Infinity, 2], T: 12, noise: 0.5, seed: 2 };
const selection = { N: 64, d: 2, U: 4, k: 2, w: [1, 0] };

export const importanceFigure: FigurePreset = {
  name: 'importance',
  title: 'Window and importance problems on one axis ((key, value) tokens, μ = key, a = (∞, 1, ∞, 2))',
  arms: [
    { name: 'window', target: { ...smooth, window: { N: 64, d: 2, offsets: [-1, 2] } } },
    { name: 'importance', target: { ...smooth, importance: selection } },
    { name: 'importance-margin', target: { ...smooth, importance: { ...selection, margin: 0.05 } } },
  ],
  primaryArm: 'importance',
  differences: { reference: 'window', arms: ['importance', 'importance-margin'] },
  windows: [4],
  ns: [2 ** 8, 2 ** 9, 2 ** 10, 2 ** 11, 2 ** 12, 2 ** 13, 2 ** 14],
  reps: 5,
  estimators: ['oracle', 'erm-transformer', 'fixed-offset', 'trained-transformer', 'knn', 'mlp'],
  disjoint: true,
};
