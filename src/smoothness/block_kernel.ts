/**
 * The kernel of a dyadic block: k_s(y) = Σ_{l ∈ level s} ψ_l(x)ψ_l(x − y) = Σ_{l=2^{s−1}}^{2^s−1} 2cos(2πly) (k_0 = 1), and
 * its L^p norm. Centred at a point, it is the block member whose L² norm most exceeds its L^p norm for p < 2 (to a
 * constant for p > 1, a factor growing like s for p = 1): the shape of the hardest targets of F^γ_{p,θ}.
 */
import { invalidRange } from '../check';

/** The highest level whose kernel norm is computed: 2^22 quadrature points, 64 per period of the top frequency. */
export const MAX_KERNEL_LEVEL = 16;

const norms = new Map<string, number>();

/** k_s(y) by the Dirichlet closed form: [sin((2m − ½)θ) − sin((m − ½)θ)]/sin(θ/2), θ = 2πy, m = 2^{s−1}. */
export function blockKernel(s: number, y: number): number {
  if (s === 0) return 1;
  const m = 2 ** (s - 1), theta = 2 * Math.PI * y, half = Math.sin(theta / 2);
  if (Math.abs(half) < 1e-12) return 2 * m;
  return (Math.sin((2 * m - 0.5) * theta) - Math.sin((m - 0.5) * theta)) / half;
}

/**
 * ‖k_s‖_p on [0,1] by the midpoint rule on max(4096, 64·2^s) points (relative error below 1e-4 for p ≥ 1: |k_s|^p is
 * smooth but for kinks at its zeros), cached per (s, p).
 * @param fn the public function to name; @param s the level; @param p the norm, 1 ≤ p < ∞.
 * @throws {ArgumentRangeError} ERR_ATTNSIM_THEORY_RANGE above MAX_KERNEL_LEVEL.
 */
export function blockKernelNorm(fn: string, s: number, p: number): number {
  if (s === 0) return 1;
  checkKernelLevel(fn, s);
  const key = `${s}:${p}`, cached = norms.get(key);
  if (cached !== undefined) return cached;
  const points = Math.max(4096, 64 * 2 ** s);
  let sum = 0;
  for (let k = 0; k < points; k++) sum += Math.abs(blockKernel(s, (k + 0.5) / points)) ** p;
  const norm = (sum / points) ** (1 / p);
  norms.set(key, norm);
  return norm;
}

/**
 * Refuses a level above MAX_KERNEL_LEVEL, before any norm is computed.
 * @param fn the public function to name; @param s the highest level a target reaches.
 * @throws {ArgumentRangeError} ERR_ATTNSIM_THEORY_RANGE.
 */
export function checkKernelLevel(fn: string, s: number): void {
  if (s > MAX_KERNEL_LEVEL) {
    throw invalidRange(fn, `drawing a target for p < 2 needs the L^p norm of each block's kernel, computed up to level ` +
      `${MAX_KERNEL_LEVEL}, but a block reaches level ${s}; lower T or raise a`, 'ERR_ATTNSIM_THEORY_RANGE');
  }
}
