/**
 * MaxMin (GroupSort-2) as a RASP program: within each row, the pair (2m, 2m+1) becomes (max, min), right for every sign
 * (the pair (−5, 6) gives (6, −5)). An odd last column stays as it is.
 */
import { ReluForm } from '../../rasp/dsl';
import { MapSOp, numerical } from '../../rasp/dsl';
import { Value } from '../../rasp/values';
import { gather, MatrixSOp, positional } from './matrix';

/** Gates the ReLU units by position: a unit with −GATE·[other parity] is 0 whatever the values (|values| < GATE / 2). */
export const GATE = 1e30;

/** Pairs (x, partner): x + ReLU(partner − x) at even columns, x − ReLU(x − partner) at odd ones. */
export function maxminProgram(m: MatrixSOp, name = 'maxmin'): MatrixSOp {
  const { rows: r, cols: c } = m;
  const partner = gather(m.sop, `${name}:partner`, (p) => {
    if (p >= r * c) return -1;
    const j = p % c, q = j % 2 === 0 ? p + 1 : p - 1;
    return j % 2 === 0 && j + 1 >= c ? p : q;
  });
  const odd = positional(`${name}:odd`, (p) => (p % c) % 2);
  const even = positional(`${name}:even`, (p) => 1 - ((p % c) % 2));
  const form: ReluForm = {
    units: [{ weights: [-1, 1, -GATE, 0], bias: 0, scale: 1 }, { weights: [1, -1, 0, -GATE], bias: 0, scale: -1 }],
    linear: [1, 0, 0, 0], bias: 0,
  };
  const f = (x: number, y: number, o: number) => (o === 1 ? Math.min(x, y) : Math.max(x, y));
  const sop = numerical(new MapSOp((...v: Value[]) => f(v[0] as number, v[1] as number, v[2] as number), [m.sop, partner, odd, even], { form })).named(name);
  return { ...m, sop };
}
