/**
 * LayerNorm of each row as a RASP program: the row mean by a mean over the row's positions, the centred square
 * (a marked product), its row mean, √(variance + ε) and the division (marked blocks), then γ·x + β with γ and β read
 * from their input tokens (one row of a 2×d matrix each).
 */
import { aggregate, Comparison, divide, linear, numerical, product, select, SOp } from '../../rasp/index';
import { MapSOp } from '../../rasp/dsl';
import { Value } from '../../rasp/values';
import { gather, MatrixSOp, positional } from './matrix';

/** √x, a marked position-wise block. */
function sqrt(x: SOp, name: string): SOp {
  return numerical(new MapSOp((...v: Value[]) => Math.sqrt(v[0] as number), [x], { pointwise: 'sqrt' })).named(name);
}

/** LayerNorm of m's rows with row `which` of gamma and beta (2×d), and ε. */
export function layerNormProgram(m: MatrixSOp, gamma: MatrixSOp, beta: MatrixSOp, which: number, eps: number, name: string): MatrixSOp {
  const { rows: r, cols: d } = m, size = r * d;
  const row = positional(`${name}:row`, (p) => (p < size ? Math.floor(p / d) : -1));
  const sameRow = select(row, row, Comparison.EQ);
  const mean = numerical(aggregate(sameRow, m.sop).named(`${name}:mean`));
  const centred = linear([m.sop, mean], [1, -1]).named(`${name}:centred`);
  const variance = numerical(aggregate(sameRow, product(centred, centred).named(`${name}:square`)).named(`${name}:variance`));
  const std = sqrt(linear([variance], [1], eps).named(`${name}:variance+eps`), `${name}:std`);
  const normed = divide(centred, std).named(`${name}:normed`);
  const column = (p: number) => (p < size ? which * d + (p % d) : -1);
  const g = gather(gamma.sop, `${name}:gamma`, column), b = gather(beta.sop, `${name}:beta`, column);
  return { ...m, sop: linear([product(normed, g).named(`${name}:scaled`), b], [1, 1]).named(name) };
}
