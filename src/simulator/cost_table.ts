/**
 * The cost table: what each elementary operation's stack and U itself are made of for one (n, d, heads), beside the
 * figures of Dutta et al. (arXiv 2506.18739) for their hand-unrolled programs.
 */
import { checkInteger, invalidType } from '../check';
import { buildSimulator } from './build';
import { costOf, SimulatorCost } from './cost';
import { opStack } from './simulate';
import { matmulProgram } from './programs/matmul';
import { MatrixSOp } from './programs/matrix';
import { maxminProgram } from './programs/maxmin';
import { reluProgram } from './programs/relu';
import { softmaxProgram } from './programs/softmax';
import { transposeProgram } from './programs/transpose';
import { addProgram, scaleProgram } from './programs/linear';
import { groupSortProgram, groupSortTokens } from './programs/group_sort';
import { inverseProgram, inverseTokens } from './programs/inverse';
import { linearAttentionProgram, linearAttentionTokens } from './programs/linear_attention';
import { linformerProgram, linformerTokens } from './programs/linformer';

/**
 * U's size as functions of (n, d, heads), checked against built stacks by the tests (causal adds 1 layer and 2
 * dimensions). T = max(n·d + 4d², heads·n²) tokens: the operands or the score matrix; every product is cut into
 * chunks of ⌊T / (its rows·cols)⌋ terms that run side by side, and each chunk beyond the first adds 10 dimensions.
 */
export const COST_FORMULAS = '13 + ⌈log₂ n⌉ layers and T = max(n·d + 4d², heads·n²) tokens (the operands, or the score matrix); ' +
  'products are cut into chunks of ⌊T / (rows·cols)⌋ terms run side by side, so the residual width is 96 + 4·⌈log₂ n⌉ + 10 per chunk ' +
  'beyond the first (E = 4·(⌈d / ⌊T/(n·d)⌋⌉ − 1) + (⌈dHead / ⌊T/(heads·n²)⌋⌉ − 1) + (⌈n / ⌊T/(n·d)⌋⌉ − 1) of them); 5 heads in the first layer';

/** One operation at one shape: attnsim's stack and the paper's figure for it. */
export interface CostRow {
  operation: string;
  shape: string;
  cost: SimulatorCost;
  paper: string;
}

/**
 * The stacks of the operations attention is built from, at the shapes attention (n, d, heads) uses them, the paper's
 * other operations (linear attention, Linformer with k = ⌊n/2⌋, a GroupSort network, the 3×3 and 4×4 inverse: its
 * layers grow with n), the whole encoder at L = 1 and 2, and U last.
 * @param n the sequence length; @param d the model width; @param heads the number of heads (divides d).
 * @returns one row per operation, U (attention) last.
 * @throws {ArgumentTypeError} / {ArgumentRangeError} for a non-integer or out-of-range argument (see buildSimulator).
 * @example costTable(8, 4, 2).map((r) => r.cost.layers);
 */
export function costTable(n: number, d: number, heads: number): CostRow[] {
  checkInteger('costTable', 'n', n, 1, 4096);
  checkInteger('costTable', 'd', d, 1, 4096);
  checkInteger('costTable', 'heads', heads, 1, d);
  const row = (operation: string, shape: string, shapes: [number, number][], build: (m: MatrixSOp[]) => MatrixSOp, paper: string, extra = 0): CostRow => {
    const stack = opStack(shapes.map(([rows, cols], i) => ({ name: `M${i}`, rows, cols })), build, extra);
    return { operation, shape, cost: costOf(stack.model, stack.tokens), paper };
  };
  const sim = buildSimulator({ seqLen: n, dModel: d, heads }), kp = Math.max(1, Math.floor(n / 2));
  return [
    row('transpose', `${n}×${d}`, [[n, d]], ([a]) => transposeProgram(a), '2 layers (3×3 only)'),
    row('matrix product', `${n}×${d} · ${d}×${n}`, [[n, d], [d, n]], ([a, b]) => matmulProgram(a, b),
      '3 layers: r + c heads, then r·c heads (3×3 only; wrong for inner size ≠ 3)', n * d * n),
    row('scaling', `${n}×${n}`, [[n, n]], ([a]) => scaleProgram(a, 1 / Math.sqrt(d / heads)), '–'),
    row('addition', `${n}×${d}`, [[n, d], [n, d]], ([a, b]) => addProgram(a, b), '–'),
    row('row softmax', `${n}×${n}`, [[n, n]], ([a]) => softmaxProgram(a), '2 layers with r heads (no max subtraction; e ≈ 2.718)'),
    row('ReLU', `${n}×${d}`, [[n, d]], ([a]) => reluProgram(a), '–'),
    row('MaxMin', `${n}×${d}`, [[n, d]], ([a]) => maxminProgram(a), '– (wrong for negative values at odd positions)'),
    row('linear attention (φ = elu + 1)', `Q, K ${n}×${d}, V ${n}×${d}`, [[n, d], [n, d], [n, d]], ([q, k, v]) => linearAttentionProgram(q, k, v),
      '– (exp and the division are marked blocks)', linearAttentionTokens(n, d, d)),
    row('Linformer', `Q, K, V ${n}×${d}, E, F ${kp}×${n}`, [[n, d], [n, d], [n, d], [kp, n], [kp, n]],
      ([q, k, v, e, f]) => linformerProgram(q, k, v, e, f), '– (exp and the division are marked blocks)', linformerTokens(n, d, kp)),
    row('GroupSort network (2 layers)', `${n} points, ${d} → ${d} → ${d}`, [[n, d], [d, d], [1, d], [d, d], [1, d]],
      ([x, w1, b1, w2, b2]) => groupSortProgram(x, [{ w: w1, b: b1 }, { w: w2, b: b2 }]), 'MaxMin only, no stack', groupSortTokens(n, [{ out: d, in: d }])),
    ...[3, 4].map((k) => row('inverse (Gauss–Jordan, partial pivoting)', `${k}×${k}`, [[k, k]], ([m]) => inverseProgram(m),
      '5 layers, 3×3 only, by adjugate (no pivoting; the comparisons and the division here are marked blocks)', inverseTokens(k))),
    ...[1, 2].map((layers) => ({
      operation: `encoder (U), L = ${layers}`, shape: `n=${n}, d=${d}, heads=${heads}, FFN ${2 * d}, pre-LN`,
      cost: buildSimulator({ seqLen: n, dModel: d, heads, layers, ffnHidden: 2 * d }).cost,
      paper: 'not built (the paper simulates one attention); √ and the divisions of LayerNorm are marked blocks',
    })),
    { operation: 'attention (U)', shape: `n=${n}, d=${d}, heads=${heads}`, cost: sim.cost, paper: 'six separate programs glued outside RASP; no single stack' },
  ];
}

/**
 * The table as markdown.
 * @param rows costTable's rows.
 * @returns a markdown table, one line per row.
 * @throws {ArgumentTypeError} when rows is not an array.
 * @example costTableMarkdown(costTable(2, 2, 1));
 */
export function costTableMarkdown(rows: CostRow[]): string {
  if (!Array.isArray(rows)) throw invalidType('costTableMarkdown', 'rows', 'an array of cost rows', rows);
  const lines = ['| operation | shape | layers | heads per layer | residual width | tokens | marked blocks | paper (Dutta et al.) |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(`| ${r.operation} | ${r.shape} | ${r.cost.layers} | ${r.cost.headsPerLayer.join(', ')} | ${r.cost.residualWidth} | ${r.cost.tokens} | ${r.cost.pointwiseBlocks} | ${r.paper} |`);
  }
  return lines.join('\n');
}
