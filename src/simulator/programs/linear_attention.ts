/**
 * Linear attention (Katharopoulos et al. 2020) as one RASP program: φ = elu + 1 entrywise (ReLU exact, e^x a marked
 * block), S = φ(K)ᵀ·V and z = φ(K)ᵀ·1, then out[i] = φ(Q)[i]·S / φ(Q)[i]·z (the division a marked block).
 */
import { divide, exp, linear, relu } from '../../rasp/index';
import { gather, MatrixSOp, positional } from './matrix';
import { matmulProgram, matmulTransAProgram } from './matmul';

/** elu(m) + 1 = ReLU(m) + e^(−ReLU(−m)), entrywise. */
export function eluPlusOneProgram(m: MatrixSOp, name = 'phi'): MatrixSOp {
  const negative = relu(linear([m.sop], [-1]).named(`${name}:neg`)).named(`${name}:negpart`);
  const tail = exp(linear([negative], [-1]).named(`${name}:min0`)).named(`${name}:exp`);
  return { ...m, sop: linear([relu(m.sop).named(`${name}:pospart`), tail], [1, 1]).named(name) };
}

/** The positions linearAttentionProgram needs for q, k (n×dk) and v (n×dv): its largest set of products. */
export function linearAttentionTokens(n: number, dk: number, dv: number): number {
  return Math.max(dk * dv * n, n * dv * dk, 2 * n * dk + n * dv);
}

/** φ(q)·(φ(k)ᵀ·v) / φ(q)·(φ(k)ᵀ·1), row by row. */
export function linearAttentionProgram(q: MatrixSOp, k: MatrixSOp, v: MatrixSOp): MatrixSOp {
  const fq = eluPlusOneProgram(q, 'phiQ'), fk = eluPlusOneProgram(k, 'phiK'), n = k.rows, dv = v.cols;
  const ones = { sop: positional('ones', () => 1), rows: n, cols: 1 };
  const kv = matmulTransAProgram(fk, v, 'KV'), z = matmulTransAProgram(fk, ones, 'Z');
  const num = matmulProgram(fq, kv, 'numerator'), den = matmulProgram(fq, z, 'denominator');
  const perEntry = gather(den.sop, 'denominator:row', (p) => (p < q.rows * dv ? Math.floor(p / dv) : -1));
  return { sop: divide(num.sop, perEntry).named('linearAttention'), rows: q.rows, cols: dv };
}
