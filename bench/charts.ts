/** The bench's charts: GEMM throughput by size, and the soft-attention error against coldness. */
import { lineChart } from '../src/draw/line_chart';
import { SoftErrorReport } from '../src/index';
import { GemmRow } from './gemm';

/** The GEMM peers in legend order. */
export const gemmPeers = ['attnsim native', 'attnsim native, out reused', 'OpenBLAS from C', 'tfjs wasm', 'tfjs cpu',
  'plain JS loop (attnsim fallback)'];

/**
 * GFLOP/s against n, log-log: one colour per peer, solid float32 and dashed float64.
 * @param rows the GEMM suite's measurements.
 * @returns the SVG text.
 */
export function gemmChart(rows: GemmRow[]): Promise<string> {
  return lineChart({
    title: 'GEMM throughput, n×n · n×n', subtitle: 'median of one run (bench/RESULTS.md)',
    xLabel: 'n', yLabel: 'GFLOP/s', logX: true, logY: true, labelTitle: 'peer', styleTitle: 'dtype',
    series: (['float32', 'float64'] as const).flatMap((dtype) => gemmPeers.map((peer) => ({
      label: peer, style: dtype,
      points: rows.filter((g) => g.peer === peer && g.dtype === dtype).map((g): [number, number] => [g.n, g.gflops]),
    }))).filter((s) => s.points.length > 0),
  });
}

/**
 * The weight off the hard selection, its bound and the output error against c, log-log; zeros cannot show on a log axis.
 * @param model the model's name, shown in the subtitle.
 * @param report its soft-error measurements.
 * @returns the SVG text.
 */
export function softErrorChart(model: string, report: SoftErrorReport): Promise<string> {
  const series = (label: string, style: string, pick: (p: SoftErrorReport['points'][number]) => number) => ({
    label, style, points: report.points.map((p): [number, number] => [p.coldness, pick(p)]),
  });
  return lineChart({
    title: 'Softmax at coldness c against hard attention',
    subtitle: `${model}: m = ${report.keys} keys, score gap Δ = ${Number(report.gap.toPrecision(3))}`,
    xLabel: 'coldness c', yLabel: 'largest absolute difference', logX: true, logY: true, styleTitle: 'kind',
    series: [series('weight off the hard selection', 'measured', (p) => p.weightOff),
      series('bound (m−1)·e^(−cΔ)', 'bound', (p) => p.bound), series('output error', 'measured', (p) => p.outputError)],
  });
}
