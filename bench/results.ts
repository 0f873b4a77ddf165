/** Writes bench/RESULTS.md from one run's measurements, then its charts from the tables it wrote. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AttentionRow } from './attention';
import { gemmPeers } from './charts';
import { GemmRow, gemmSizes } from './gemm';
import { drawResults } from './plots';
import { CompilerRow, compilerLengths, TracrRow, tracrSection } from './compiler';
import { RaspRow, raspSizes } from './rasp';
import { LadderRow, SimulatorRow, StallRow } from './simulator';
import { SoftErrorRow } from './soft_error';

/** Everything one run measured, with the machine's state around it. */
export interface RunResults {
  started: Date;
  loadBefore: number[];
  loadAfter: number[];
  blas: string | null;
  threads: number;
  gemm: GemmRow[];
  overhead: { dtype: string; median: number }[];
  attention: AttentionRow[];
  rasp: RaspRow[];
  simulator: SimulatorRow[];
  ladder: LadderRow[];
  encoder: LadderRow[];
  stall: StallRow;
  softError: SoftErrorRow[];
  compiler: CompilerRow[];
  tracr: TracrRow[];
}

const dir = path.resolve(__dirname, '..', '..', 'bench');

/** Writes RESULTS.md and the charts, refreshes the README's copy of the headline tables, and returns the markdown. */
export async function writeResults(r: RunResults): Promise<string> {
  const md = markdown(r);
  fs.writeFileSync(path.join(dir, 'RESULTS.md'), md);
  updateReadme(md);
  await drawResults(md, dir);
  return md;
}

function find(r: RunResults, peer: string, dtype: string, n: number): GemmRow | undefined {
  return r.gemm.find((g) => g.peer === peer && g.dtype === dtype && g.n === n);
}

const gf = (row: GemmRow | undefined) => (row ? row.gflops.toFixed(2) : '–');
const ratio = (x: GemmRow | undefined, y: GemmRow | undefined) => (x && y ? (x.gflops / y.gflops).toFixed(2) : '–');
const check = (ok: boolean) => (ok ? 'met' : 'NOT met');

function markdown(r: RunResults): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmark results', '',
    'Written by `npm run bench` (benchmark.js medians; the C ceiling is the median of repeated calls).',
    'The machines are shared and noisy: compare the ratios, which come from one run, more than absolute times.', '',
    `- Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
    `- Node ${process.version}; BLAS: ${r.blas ?? 'none (fallback)'}; BLAS threads: ${r.threads}`,
    `- Date: ${r.started.toISOString()}`,
    `- Load average (1, 5, 15 min): before ${r.loadBefore.map((v) => v.toFixed(2)).join(', ')}; after ${r.loadAfter.map((v) => v.toFixed(2)).join(', ')}`, '',
  ];
  const s1024 = (peer: string) => find(r, peer, 'float32', 1024);
  const addon = s1024('attnsim native'), reused = s1024('attnsim native, out reused');
  const c = s1024('OpenBLAS from C'), wasm = s1024('tfjs wasm');
  const over = r.overhead.find((o) => o.dtype === 'float64');
  const att = r.attention.find((a) => a.n === 512);
  lines.push('## Targets', '', '| target | measured | |', '|---|---|---|');
  if (reused && c) lines.push(`| sgemm 1024 through the addon (matmul with out, as C reuses its output) ≥ 90% of OpenBLAS from C | ${(100 * reused.gflops / c.gflops).toFixed(1)}% | ${check(reused.gflops >= 0.9 * c.gflops)} |`);
  if (addon && c) lines.push(`| the same with a fresh output each call (plain matmul(), page faults included) | ${(100 * addon.gflops / c.gflops).toFixed(1)}% | for information |`);
  if (addon && wasm) lines.push(`| sgemm 1024 ≥ 5× tfjs wasm | ${(addon.gflops / wasm.gflops).toFixed(2)}× | ${check(addon.gflops >= 5 * wasm.gflops)} |`);
  if (over) lines.push(`| 4×4 matmul() call overhead ≤ 2 µs | ${(over.median * 1e6).toFixed(2)} µs | ${check(over.median <= 2e-6)} |`);
  if (att) lines.push(`| attention (512, 64, 8) ≥ 3× faster than the tfjs oracle | ${(att.tfjs / att.native32).toFixed(2)}× (float32) | ${check(att.tfjs >= 3 * att.native32)} |`);
  for (const program of ['sort (repeated keys)', 'histogram']) {
    const row = r.rasp.find((x) => x.program === program && x.n === 5000);
    if (row) lines.push(`| RASP ${program} on 5,000 tokens < 1 s | ${ms(row.median)} | ${check(row.median < 1)} |`);
  }
  for (const dtype of ['float32', 'float64'] as const) {
    const shown = gemmPeers.filter((p) => r.gemm.some((g) => g.peer === p && g.dtype === dtype));
    lines.push('', `## GEMM ${dtype}: GFLOP/s (median), n×n·n×n`, '', `| n | ${shown.join(' | ')} | addon / C | addon / tfjs wasm | addon / plain JS |`,
      `|---|${shown.map(() => '---').join('|')}|---|---|---|`);
    for (const n of gemmSizes) {
      const a = find(r, 'attnsim native', dtype, n);
      lines.push(`| ${n} | ${shown.map((p) => gf(find(r, p, dtype, n))).join(' | ')} | ${ratio(a, find(r, 'OpenBLAS from C', dtype, n))} | ${ratio(a, find(r, 'tfjs wasm', dtype, n))} | ${ratio(a, find(r, 'plain JS loop (attnsim fallback)', dtype, n))} |`);
    }
  }
  lines.push('', '![GEMM throughput](gemm.svg)', '', '## Call overhead', '', '| call | median per call |', '|---|---|');
  for (const o of r.overhead) lines.push(`| matmul() 4×4 ${o.dtype}, native | ${(o.median * 1e6).toFixed(2)} µs |`);
  lines.push('', '## Attention: direct (attnsim) against the tfjs oracle', '',
    '| (n, d, heads) | attnsim float32 | attnsim float64 | tfjs oracle (float32) | tfjs / attnsim float32 |', '|---|---|---|---|---|');
  for (const a of r.attention) {
    lines.push(`| (${a.n}, ${a.d}, ${a.heads}) | ${ms(a.native32)} | ${ms(a.native64)} | ${ms(a.tfjs)} (${a.tfjsBackend}) | ${(a.tfjs / a.native32).toFixed(2)}× |`);
  }
  const programs = [...new Set(r.rasp.map((x) => x.program))];
  lines.push('', '## RASP evaluator: rasp.evaluate on library programs (median)', '', `| program | ${raspSizes.map((n) => `n = ${n}`).join(' | ')} | 5,000 / 1,000 |`,
    `|---|${raspSizes.map(() => '---').join('|')}|---|`);
  for (const program of programs) {
    const at = (n: number) => r.rasp.find((x) => x.program === program && x.n === n);
    const big = at(5000), mid = at(1000);
    lines.push(`| ${program} | ${raspSizes.map((n) => { const row = at(n); return row ? ms(row.median) : '–'; }).join(' | ')} | ${big && mid ? `${(big.median / mid.median).toFixed(1)}×` : '–'} |`);
  }
  lines.push('', 'A 5× longer input costing about 5× (not 25×) shows the selections run without the n² matrix.');
  lines.push(...simulatorSection(r), ...softErrorSection(r), ...compilerSection(r), ...tracrSection(r.tracr));
  return lines.join('\n') + '\n';
}

/** Copies the run's header, targets and attention table between the README's bench markers. */
function updateReadme(md: string): void {
  const readme = path.join(dir, '..', 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const sections = md.split('\n## ');
  const keep = sections.filter((s) => s.startsWith('Targets') || s.startsWith('Attention'));
  const header = sections[0].split('\n').filter((l) => l.startsWith('- ')).join('\n');
  const body = [header, ...keep.map((s) => `#### ${s.trim()}`)].join('\n\n');
  const start = '<!-- bench:start (written by npm run bench) -->', end = '<!-- bench:end -->';
  const [before, rest] = text.split(start);
  if (rest === undefined || !rest.includes(end)) return;
  fs.writeFileSync(readme, `${before}${start}\nFrom the latest run (all of it in bench/RESULTS.md):\n\n${body}\n${end}${rest.split(end)[1]}`);
}

const ms = (s: number) => `${(s * 1e3).toFixed(3)} ms`;

/** The simulator's section of RESULTS.md. */
export function simulatorSection(r: Pick<RunResults, 'simulator' | 'ladder' | 'encoder' | 'stall'>): string[] {
  const lines = ['', '## Universal simulator: U (structured executor) against direct attention', '',
    'Build once per shape (data-agnostic), then run per instance. Peers: attnsim\'s direct attention (native float64 and the plain-JS loop) and the tfjs oracle.', '',
    '| (n, d, heads) | tokens | layers | width | build | U run | U dense | direct native | direct plain JS | tfjs | U / direct native | U / plain JS | U / tfjs |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const s of r.simulator) {
    lines.push(`| (${s.n}, ${s.d}, ${s.heads}) | ${s.tokens} | ${s.layers} | ${s.residualWidth} | ${ms(s.build)} | ${ms(s.structured)} | ${s.dense === null ? '–' : ms(s.dense)} | ` +
      `${ms(s.direct)} | ${ms(s.plainJs)} | ${ms(s.tfjs)} (${s.tfjsBackend}) | ${fmt(s.structured / s.direct)}× | ${fmt(s.structured / s.plainJs)}× | ${fmt(s.structured / s.tfjs)}× |`);
  }
  lines.push('', '### Larger shapes and 2-layer encoders (one build and run each, in a fresh process)', '',
    'Peak memory per token: the process\'s peak resident size above one that only loaded attnsim, over the stack\'s tokens.', '',
    '| shape | tokens | build | run | build + run | CPU time of the process | peak memory per token |', '|---|---|---|---|---|---|---|');
  for (const l of [...r.ladder, ...r.encoder]) {
    const shape = `(${l.n}, ${l.d}, ${l.heads})${l.layers ? `, ${l.layers}-layer encoder` : ''}`;
    lines.push(l.refused !== undefined ? `| ${shape} | – | not built: ${l.refused} | | | | |`
      : `| ${shape} | ${l.tokens} | ${l.build.toFixed(1)} s | ${l.run.toFixed(1)} s | ${(l.build + l.run).toFixed(1)} s | ${l.cpu.toFixed(1)} s | ` +
        `${l.tokens < 10000 ? '– (too few tokens to measure)' : `${l.bytesPerToken.toFixed(0)} bytes`} |`);
  }
  const target = r.ladder.find((l) => l.n === 128 && l.d === 64 && l.heads === 8 && l.refused === undefined);
  if (target) lines.push('', `Target (128, 64, 8) build plus run under 10 s: ${(target.build + target.run).toFixed(1)} s: ${check(target.build + target.run < 10)}.`);
  const fits = r.ladder.filter((l) => l.refused === undefined && l.build + l.run < 10).pop();
  if (fits) lines.push('', `Largest shape tried whose build plus run took under 10 s: (${fits.n}, ${fits.d}, ${fits.heads}).`);
  const s = r.stall;
  lines.push('', `Event loop during buildSimulatorAsync and runAsync at (${s.n}, ${s.d}, ${s.heads}) (a 1 ms interval's longest gap): ` +
    `${s.build.toFixed(1)} ms and ${s.run.toFixed(1)} ms (target 20 ms: ${check(Math.max(s.build, s.run) < 20)}).`);
  return lines;
}

function softErrorSection(r: RunResults): string[] {
  const lines: string[] = [];
  for (const row of r.softError) {
    lines.push('', `## Soft attention: ${row.model}`, '',
      `Every head of the hard stack as softmax at coldness c; m = ${row.report.keys} keys, score gap Δ = ${row.report.gap}. ` +
      'The weight off the hard selection is measured per head on the hard stream; the output error is the soft stack run end to end.', '',
      '| c | weight off the hard selection | bound (m−1)·e^(−cΔ) | output error |', '|---|---|---|---|');
    for (const p of row.report.points) lines.push(`| ${p.coldness} | ${p.weightOff.toExponential(2)} | ${p.bound.toExponential(2)} | ${p.outputError.toExponential(2)} |`);
    lines.push('', `![soft error](${row.file})`);
  }
  return lines;
}

function compilerSection(r: RunResults): string[] {
  const lines = ['', '## Compiler: compile() and forward() of the compiled model, by maxSeqLen (median)', '',
    '| program | maxSeqLen | compile | forward (dense, input of maxSeqLen tokens) | layers | residual width | MLP width |', '|---|---|---|---|---|---|---|'];
  for (const c of r.compiler) {
    lines.push(c.refused !== undefined ? `| ${c.program} | ${c.maxSeqLen} | refused: ${c.refused} | | | | |`
      : `| ${c.program} | ${c.maxSeqLen} | ${ms(c.compile!)} | ${ms(c.forward!)} | ${c.config!.layers} | ${c.config!.residualWidth} | ${c.config!.mlpHidden} |`);
  }
  lines.push('', `Lengths ${compilerLengths.join(', ')}; a refused program is not tried at longer lengths, nor one whose compile took over 2 s.`);
  return lines;
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));
