/** Writes bench/RESULTS.md from one run's measurements, then its charts from the tables it wrote. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AsyncRow, asyncSection, asyncTargets } from './async';
import { AttentionRow } from './attention';
import { gemmPeers } from './charts';
import { GemmRow, gemmSizes } from './gemm';
import { drawResults } from './plots';
import { CompilerRow, compilerLengths, TracrRow, tracrSection } from './compiler';
import { EstimationResult, estimationSection } from './estimation';
import { SelectionRow, selectionSection } from './selection';
import { OnnxruntimeResult, onnxruntimeSection, onnxruntimeTargets } from './onnxruntime';
import { RaspRow, raspSizes } from './rasp';
import { LadderRow, SimulatorRow, StallRow } from './simulator';
import { SoftErrorRow } from './soft_error';

/** The suites `npm run bench` knows, in the order it runs them; `npm run bench -- attention gemm` runs some. */
export const suiteNames = [
  'gemm', 'overhead', 'attention', 'async', 'rasp', 'simulator', 'soft-error', 'compiler', 'tracr', 'selection', 'estimation',
  'onnxruntime',
] as const;
/** One suite's name. */
export type SuiteName = (typeof suiteNames)[number];

/** Everything one run measured, with the machine's state around it. */
export interface RunResults {
  /** The suites this run ran; the other sections of RESULTS.md are kept from the file as it was. */
  suites: readonly SuiteName[];
  started: Date;
  loadBefore: number[];
  loadAfter: number[];
  blas: string | null;
  threads: number;
  gemm: GemmRow[];
  overhead: { dtype: string; median: number }[];
  attention: AttentionRow[];
  async: AsyncRow[];
  rasp: RaspRow[];
  simulator: SimulatorRow[];
  ladder: LadderRow[];
  encoder: LadderRow[];
  stall?: StallRow;
  softError: SoftErrorRow[];
  compiler: CompilerRow[];
  tracr: TracrRow[];
  selection: SelectionRow[];
  estimation: EstimationResult | undefined;
  onnxruntime: OnnxruntimeResult | undefined;
}

const dir = path.resolve(__dirname, '..', '..', 'bench');

/** Writes RESULTS.md and the charts, refreshes the README's copy of the headline tables, and returns the markdown. */
export async function writeResults(r: RunResults): Promise<string> {
  const file = path.join(dir, 'RESULTS.md');
  const partial = r.suites.length < suiteNames.length && fs.existsSync(file);
  const md = partial ? mergeSections(fs.readFileSync(file, 'utf8'), markdown(r), r.suites) : markdown(r);
  fs.writeFileSync(file, md);
  updateReadme(md);
  await drawResults(md, dir);
  return md;
}

/** Which suite a row of the targets table belongs to, by its wording. */
function targetSuite(row: string): SuiteName | undefined {
  if (/^\| (sgemm|plain matmul|the same with a fresh output)/.test(row)) return 'gemm';
  if (row.startsWith('| 4×4')) return 'overhead';
  if (/^\| (matmulAsync|attentionAsync|UniversalSimulator\.runAsync|simulate\.\w+Async)/.test(row)) return 'async';
  if (row.startsWith('| attention')) return 'attention';
  if (row.startsWith('| RASP')) return 'rasp';
  if (row.startsWith('| onnxruntime-node')) return 'onnxruntime';
  return undefined;
}

/**
 * The header line saying which run each suite's sections come from: the old header's line (or its date for every
 * suite), with this run's date for the suites it ran.
 */
function runsBySuite(oldHead: string, newHead: string, suites: readonly SuiteName[]): string {
  const date = (head: string) => /- Date: (\S+)/.exec(head)?.[1] ?? 'an earlier run';
  const stated = /- Sections by run: (.*)/.exec(oldHead)?.[1];
  const from = new Map<string, string>(suiteNames.map((name) => [name, date(oldHead)]));
  for (const part of stated?.split('; ') ?? []) {
    const [name, when] = part.split(' from ');
    if (from.has(name) && when) from.set(name, when.replace(' (this run)', ''));
  }
  for (const name of suites) from.set(name, `${date(newHead)} (this run)`);
  return `- Sections by run: ${[...from].map(([name, when]) => `${name} from ${when}`).join('; ')}`;
}

/** Which suite a section of RESULTS.md belongs to, by its title. */
function sectionSuite(title: string): SuiteName | undefined {
  const prefixes: [string, SuiteName][] = [['GEMM', 'gemm'], ['Call overhead', 'overhead'], ['Attention', 'attention'], ['Async', 'async'],
    ['RASP', 'rasp'], ['Universal simulator', 'simulator'], ['Soft attention', 'soft-error'], ['Compiler against tracr', 'tracr'],
    ['Compiler', 'compiler'], ['Selection', 'selection'], ['Estimation', 'estimation'], ['onnxruntime-node', 'onnxruntime']];
  return prefixes.find(([prefix]) => title.startsWith(prefix))?.[1];
}

/**
 * A partial run's markdown over the previous file: its header and the sections of the suites it ran replace the
 * old ones; the other sections (and their target rows) stay, with a line saying from which run they are.
 */
export function mergeSections(old: string, fresh: string, suites: readonly SuiteName[]): string {
  const split = (md: string) => md.trimEnd().split('\n## ');
  const title = (section: string) => section.split('\n')[0];
  const [oldHead, ...oldSections] = split(old), [newHead, ...all] = split(fresh);
  const newSections = all.filter((x) => title(x) === 'Targets' || suites.includes(sectionSuite(title(x))!));
  const head = `${newHead.trimEnd()}\n${runsBySuite(oldHead, newHead, suites)}\n`;
  const targets = (section: string | undefined) => (section ?? '').split('\n').filter((l) => targetSuite(l) !== undefined);
  const oldTargets = targets(oldSections.find((x) => title(x) === 'Targets'));
  const newTargets = targets(newSections.find((x) => title(x) === 'Targets'));
  const targetSection = ['Targets', '', '| target | measured | |', '|---|---|---|', ...inPlace(oldTargets, newTargets, suites)].join('\n');
  const ofSuite = (suite: SuiteName) => newSections.filter((x) => sectionSuite(title(x)) === suite);
  const merged: string[] = [], placed = new Set<SuiteName>();
  for (const x of oldSections) {
    const suite = sectionSuite(title(x));
    if (title(x) === 'Targets') merged.push(targetSection);
    else if (suite === undefined || !suites.includes(suite)) merged.push(x);
    else if (!placed.has(suite)) merged.push(...ofSuite(suite));
    if (suite !== undefined) placed.add(suite);
  }
  const added = suites.filter((suite) => !placed.has(suite)).flatMap(ofSuite);
  return [head, ...merged, ...added].map((x) => x.trimEnd()).join('\n\n## ') + '\n';
}

/** The old target rows with each rerun suite's rows replaced, in place, by its new rows (a new suite's rows last). */
function inPlace(oldRows: string[], newRows: string[], suites: readonly SuiteName[]): string[] {
  const ofSuite = (suite: SuiteName) => newRows.filter((l) => targetSuite(l) === suite);
  const out: string[] = [], placed = new Set<SuiteName>();
  for (const row of oldRows) {
    const suite = targetSuite(row)!;
    if (!suites.includes(suite)) out.push(row);
    else if (!placed.has(suite)) out.push(...ofSuite(suite));
    placed.add(suite);
  }
  return [...out, ...suites.filter((suite) => !placed.has(suite)).flatMap(ofSuite)];
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
    'Written by `npm run bench` (benchmark.js medians; the C ceiling is the median of repeated calls; ' +
      'the addon and C GEMM timings take three turns in rotation, each the median of its turns).',
    'The machines are shared and noisy: compare the ratios, which come from one run, more than absolute times.', '',
    `- Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
    `- Node ${process.version}; BLAS: ${r.blas ?? 'none (fallback)'}; BLAS threads: ${r.threads}`,
    `- Date: ${r.started.toISOString()}`,
    `- Load average (1, 5, 15 min): before ${r.loadBefore.map((v) => v.toFixed(2)).join(', ')}; after ${r.loadAfter.map((v) => v.toFixed(2)).join(', ')}`,
    ...(Math.max(r.loadBefore[0], r.loadAfter[0]) >= 1
      ? [`- Run under load: other work kept the 1-minute load average at ${Math.max(r.loadBefore[0], r.loadAfter[0]).toFixed(1)} on ${os.cpus().length} cores, so absolute times are inflated and noisy; the ratios compare peers timed in the same run.`]
      : []), '',
  ];
  const s1024 = (peer: string) => find(r, peer, 'float32', 1024);
  const addon = s1024('attnsim native'), reused = s1024('attnsim native, out reused');
  const c = s1024('OpenBLAS from C'), wasm = s1024('tfjs wasm');
  const over = r.overhead.find((o) => o.dtype === 'float64');
  lines.push('## Targets', '', '| target | measured | |', '|---|---|---|');
  if (reused && c) lines.push(`| sgemm 1024 through the addon (matmul with out, as C reuses its output) ≥ 90% of OpenBLAS from C | ${(100 * reused.gflops / c.gflops).toFixed(1)}% | ${check(reused.gflops >= 0.9 * c.gflops)} |`);
  if (addon && c) lines.push(`| plain matmul() at 1024 float32 (a fresh output each call) ≥ 90% of OpenBLAS from C | ${(100 * addon.gflops / c.gflops).toFixed(1)}% | ${check(addon.gflops >= 0.9 * c.gflops)} |`);
  if (addon && wasm) lines.push(`| sgemm 1024 ≥ 5× tfjs wasm | ${(addon.gflops / wasm.gflops).toFixed(2)}× | ${check(addon.gflops >= 5 * wasm.gflops)} |`);
  if (over) lines.push(`| 4×4 matmul() call overhead ≤ 2 µs | ${(over.median * 1e6).toFixed(2)} µs | ${check(over.median <= 2e-6)} |`);
  lines.push(...attentionTargets(r), ...asyncTargets(r.async), ...onnxruntimeTargets(r.onnxruntime));
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
  lines.push(...attentionSection(r), ...asyncSection(r.async));
  const programs = [...new Set(r.rasp.map((x) => x.program))];
  lines.push('', '## RASP evaluator: rasp.evaluate on library programs (median)', '', `| program | ${raspSizes.map((n) => `n = ${n}`).join(' | ')} | 5,000 / 1,000 |`,
    `|---|${raspSizes.map(() => '---').join('|')}|---|`);
  for (const program of programs) {
    const at = (n: number) => r.rasp.find((x) => x.program === program && x.n === n);
    const big = at(5000), mid = at(1000);
    lines.push(`| ${program} | ${raspSizes.map((n) => { const row = at(n); return row ? ms(row.median) : '–'; }).join(' | ')} | ${big && mid ? `${(big.median / mid.median).toFixed(1)}×` : '–'} |`);
  }
  lines.push('', 'A 5× longer input costing about 5× (not 25×) shows the selections run without the n² matrix.');
  lines.push(...simulatorSection(r), ...softErrorSection(r), ...compilerSection(r), ...tracrSection(r.tracr),
    ...selectionSection(r.selection), ...estimationSection(r.estimation), ...onnxruntimeSection(r.onnxruntime));
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
const tfjsOf = (a: AttentionRow, backend: string) => a.tfjs.find((t) => t.backend === backend);

function attentionTargets(r: RunResults): string[] {
  const lines: string[] = [];
  const att = r.attention.find((a) => a.n === 512 && a.d === 64 && a.heads === 8);
  if (att) {
    lines.push(`| attention (512, 64, 8) float32 within 4× of a float32 GEMM of the same FLOPs (512×${att.gemmK}·${att.gemmK}×512) | ` +
      `${(att.native32 / att.gemm32).toFixed(2)}× the GEMM's time | ${check(att.native32 <= 4 * att.gemm32)} |`);
    for (const [backend, label, times] of [['tensorflow', 'tfjs-node', 5], ['wasm', 'tfjs wasm', 10]] as const) {
      const t = tfjsOf(att, backend);
      if (t) lines.push(`| attention (512, 64, 8) float32 ≥ ${times}× faster than ${label} | ${(t.median / att.native32).toFixed(2)}× | ${check(t.median >= times * att.native32)} |`);
    }
  }
  if (r.attention.length > 0) {
    const slower = r.attention.filter((a) => a.native32 > a.native64);
    lines.push(`| attention float32 never slower than float64 (${r.attention.length} shapes) | ` +
      `${slower.length === 0 ? 'faster at every shape' : `slower at ${slower.map((a) => `(${a.n}, ${a.d}, ${a.heads})`).join(', ')}`} | ${check(slower.length === 0)} |`);
  }
  const big = r.attention.find((a) => a.n === 4096);
  if (big) lines.push(`| attention (4096, 64, 8) runs without an n×n matrix per head (fused kernel) | ${ms(big.native32)} float32, ${ms(big.native64)} float64 | met |`);
  return lines;
}

function attentionSection(r: RunResults): string[] {
  const lines = ['', '## Attention: direct (attnsim) against the tfjs oracle and a GEMM of the same FLOPs', '',
    'attnsim runs a fused kernel (scores, running max, AVX-512 or AVX2 exp, weighted V per head and row tile); the GEMM is float32 n×k·k×n with',
    'the attention\'s FLOP count (8nd² + 4n²d). tfjs-node is timed up to n = 4096, wasm up to 1024.', '',
    '| (n, d, heads) | attnsim float32 | attnsim float64 | GEMM of the same FLOPs (float32) | tfjs-node | tfjs wasm | attnsim f32 / GEMM | tfjs-node / attnsim f32 | tfjs wasm / attnsim f32 |',
    '|---|---|---|---|---|---|---|---|---|'];
  for (const a of r.attention) {
    const node = tfjsOf(a, 'tensorflow'), wasm = tfjsOf(a, 'wasm');
    const cell = (t: { median: number } | undefined) => (t ? ms(t.median) : '–');
    const ratio = (t: { median: number } | undefined) => (t ? `${(t.median / a.native32).toFixed(2)}×` : '–');
    lines.push(`| (${a.n}, ${a.d}, ${a.heads}) | ${ms(a.native32)} | ${ms(a.native64)} | ${ms(a.gemm32)} (k = ${a.gemmK}) | ${cell(node)} | ${cell(wasm)} | ` +
      `${(a.native32 / a.gemm32).toFixed(2)}× | ${ratio(node)} | ${ratio(wasm)} |`);
  }
  return lines;
}


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
  if (s) lines.push('', `Event loop during buildSimulatorAsync and runAsync at (${s.n}, ${s.d}, ${s.heads}) (a 1 ms interval's longest gap): ` +
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
