/**
 * Estimation suite: the two named figures of "why attention works" (src/estimation/figures), each run from its preset
 * (in full by `npm run bench -- estimation`; reduced, or summarised from a points file, by `node dist/bench/estimation.js`),
 * written to bench/figure_<name>.json and .svg, and rendered as the Estimation section of RESULTS.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import { estimation } from '../src/index';

type FigureResult = estimation.FigureResult;

/** What the suite measured: one result per figure. */
export interface EstimationResult {
  figures: FigureResult[];
}

const dir = path.resolve(__dirname, '..', '..', 'bench');
const names = Object.keys(estimation.FIGURES) as (keyof typeof estimation.FIGURES)[];

/** Runs every figure preset in full on two worker threads, writing bench/figure_<name>.json and .svg. */
export async function estimationSuite(log: (line: string) => void): Promise<EstimationResult> {
  const figures: FigureResult[] = [];
  for (const name of names) {
    const started = Date.now();
    const result = await estimation.runFigure(estimation.FIGURES[name], { jobs: 2 });
    await writeFigure(result);
    log(`estimation: figure ${name}, ${result.points.length} cells, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    figures.push(result);
  }
  return { figures };
}

/** Writes a figure's JSON (summary and points) and its SVG into bench/. */
async function writeFigure(result: FigureResult): Promise<void> {
  fs.writeFileSync(path.join(dir, `figure_${result.figure}.json`), JSON.stringify(result, (_k, v) => (v === Infinity ? 'Infinity' : v), 1) + '\n');
  fs.writeFileSync(path.join(dir, `figure_${result.figure}.svg`), await estimation.plotFigure(result));
}

/** The suite's section of RESULTS.md (none when the suite did not run). */
export function estimationSection(r: EstimationResult | undefined): string[] {
  return r === undefined ? [] : ['', ...estimationMarkdown(r).trimEnd().split('\n')];
}

const ci = (s: { slope: number; ci: [number, number] } | undefined) =>
  (s === undefined ? '–' : `${s.slope.toFixed(3)} [${s.ci[0].toFixed(3)}, ${s.ci[1].toFixed(3)}]`);

/** The suite's section of RESULTS.md, as text. */
export function estimationMarkdown(r: EstimationResult): string {
  const lines = ['## Estimation: the two figures of "why attention works" (Takakura & Suzuki 2023)', '',
    'Each figure is a preset in `src/estimation/figures/`; `attnsim rate --figure NAME` runs it. Risk is the mean of (F̂ − F)²',
    'over 64 fresh test sequences of N = 64 per repetition; n counts labelled positions (every position of n/N sequences,',
    'or, where a figure spaces them, m per sequence in n/m sequences). Slopes are of',
    'log risk on log n with one intercept per window W, trends of log risk per doubling of W with one intercept per n, both',
    'over the windows that hold every token the target reads; intervals are 95 % percentile bootstraps over repetitions.'];
  for (const f of r.figures) {
    lines.push('', `### Figure "${f.figure}": ${f.title}`, '',
      `Run: n = ${f.run.ns.join(', ')}; repetitions ${f.run.ns.map((n) => `${f.run.repetitions?.[n] ?? f.run.reps} at ${n}`).join(', ')}; ` +
      `W = ${f.run.windows.join(', ')}; estimators ${f.run.estimators.join(', ')}` +
      `${f.run.skipped ? ` (${f.run.skipped.join('; ')})` : ''}. Theory: slope ${f.theory.slope.toFixed(3)}.` +
      (f.run.spacing === undefined ? '' : ` Labelled positions: 0, ${f.run.spacing}, ${2 * f.run.spacing}, … of each sequence ` +
        '(windows that never meet: independent draws), in every arm.'),
      `Cells measured per estimator (n: cells): ${Object.entries(f.run.cells ?? {}).map(([e, c]) =>
        `${e} ${Object.entries(c ?? {}).map(([n, k]) => `${n}: ${k}`).join(', ')}`).join('; ')}.`,
      `Plot: \`bench/figure_${f.figure}.svg\`.`, '');
    const rows = Object.entries(f.estimators);
    if (f.run.arms.length === 1) {
      lines.push('| estimator | rate slope [95 %] | trend per doubling of W [95 %] |', '|---|---|---|',
        ...rows.map(([name, s]) => `| ${name} | ${ci(s)} | ${ci(s?.trend)} |`));
    } else {
      const diffs = [...new Set(rows.flatMap(([, s]) => Object.keys(s?.differences ?? {})))];
      lines.push(`| estimator | ${f.run.arms.map((a) => `slope ${a}`).join(' | ')} | ${diffs.join(' | ')} |`,
        `|---|${f.run.arms.map(() => '---|').join('')}${diffs.map(() => '---|').join('')}`,
        ...rows.map(([name, s]) => `| ${name} | ${f.run.arms.map((a) => ci(s?.arms[a])).join(' | ')} | ` +
          `${diffs.map((d) => ci(s?.differences?.[d])).join(' | ')} |`));
      const fixed = rows.map(([, s]) => s?.fixedFraction).find((x) => x !== undefined);
      const share = ([a, v]: [string, number]) => `${(100 * v).toFixed(1)} % of the ${a} windows`;
      if (fixed) lines.push('', `The margin redrew tokens in ${Object.entries(fixed).map(share).join(', ')}.`);
    }
    lines.push('', `Mean risk at n = ${Math.max(...f.run.ns)}:`, '', riskTable(f));
  }
  return lines.join('\n') + '\n';
}

/** Mean risk per estimator (rows) and window or arm (columns) at the largest n. */
function riskTable(f: FigureResult): string {
  const n = Math.max(...f.run.ns), byArm = f.run.arms.length > 1;
  const cols = byArm ? f.run.arms : f.run.windows.map(String);
  const mean = (e: string, c: string) => {
    const ps = f.points.filter((p) => p.estimator === e && p.n === n && (byArm ? p.arm === c : String(p.W) === c));
    return ps.length === 0 ? '–' : (ps.reduce((s, p) => s + p.risk, 0) / ps.length).toExponential(2);
  };
  return [`| estimator | ${cols.map((c) => (byArm ? c : `W = ${c}`)).join(' | ')} |`, `|---|${cols.map(() => '---|').join('')}`,
    ...f.run.estimators.map((e) => `| ${e} | ${cols.map((c) => mean(e, c)).join(' | ')} |`)].join('\n');
}

/**
 * `node dist/bench/estimation.js --points NAME=FILE[,FILE…] …`: summarises each named figure from the point lines of its
 * files (one JSON line per cell, as runFigureTrial returns them and `attnsim run-job` prints them: a job-file run, whole
 * or cut short, possibly from several helpers), writes its JSON and SVG into bench/, and prints the section. Without
 * arguments: the whole suite, in full.
 */
async function main(args: string[]): Promise<void> {
  if (args.length === 0) {
    console.log(`\n${estimationMarkdown(await estimationSuite(console.log))}`);
    return;
  }
  const usage = 'usage: node dist/bench/estimation.js [--points dimension=FILE[,FILE…] importance=FILE[,FILE…]]';
  if (args[0] !== '--points' || args.length < 2) throw new Error(usage);
  const figures: FigureResult[] = [];
  for (const spec of args.slice(1)) {
    const [name, list] = spec.split('=') as [keyof typeof estimation.FIGURES, string | undefined];
    if (!names.includes(name) || list === undefined) throw new Error(usage);
    const points = list.split(',').flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l)));
    const result = estimation.summarizePoints(estimation.FIGURES[name], points);
    await writeFigure(result);
    figures.push(result);
  }
  console.log(estimationMarkdown({ figures }));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.stack);
    process.exitCode = 1;
  });
}
