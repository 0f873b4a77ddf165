/** `node dist/bench/plots.js`: redraws bench/*.svg from the numbers in bench/RESULTS.md, without running the bench. */
import * as fs from 'fs';
import * as path from 'path';
import { gemmChart, gemmPeers, softErrorChart } from './charts';
import { GemmRow } from './gemm';
import { SoftErrorRow } from './soft_error';

/** The measurements the charts need, as RESULTS.md states them. */
export interface PlottedResults {
  gemm: GemmRow[];
  softError: SoftErrorRow[];
}

/** The lines of a markdown table in a section, as trimmed cells (header and separator included). */
function tableLines(section: string): string[][] {
  return section.split('\n').filter((line) => line.startsWith('|')).map((line) => line.split('|').slice(1, -1).map((c) => c.trim()));
}

/** The body rows of the markdown table in a section. */
const tableRows = (section: string) => tableLines(section).slice(2);

/** GEMM rows from a `GEMM float32: ...` section: one per peer column and size with a number. */
function gemmRows(section: string): GemmRow[] {
  const dtype = section.startsWith('GEMM float32') ? 'float32' : 'float64';
  const [header] = tableLines(section);
  return tableRows(section).flatMap((cells) => header.flatMap((peer, i): GemmRow[] => {
    const n = Number(cells[0]), gflops = Number(cells[i]);
    if (!gemmPeers.includes(peer) || cells[i] === '–') return [];
    return [{ peer, dtype, n, gflops, median: (2 * n ** 3) / gflops / 1e9 }];
  }));
}

/** A soft-error row from a `Soft attention: MODEL` section. */
function softErrorRow(section: string): SoftErrorRow {
  const stated = /m = (\d+) keys, score gap Δ = (\d+(?:\.\d+)?(?:e[+-]?\d+)?)/.exec(section);
  const file = /!\[soft error\]\(([^)]+)\)/.exec(section);
  if (!stated || !file) throw new Error(`RESULTS.md: no m, Δ or picture in the section '${section.split('\n')[0]}'`);
  return {
    model: section.split('\n')[0].replace('Soft attention: ', ''),
    file: file[1],
    report: {
      keys: Number(stated[1]), gap: Number(stated[2]),
      points: tableRows(section).map(([c, weightOff, bound, outputError]) => ({
        coldness: Number(c), weightOff: Number(weightOff), bound: Number(bound), outputError: Number(outputError),
      })),
    },
  };
}

/**
 * Reads the GEMM and soft-error tables back from RESULTS.md.
 * @param md the text of bench/RESULTS.md.
 * @returns the measurements its tables state.
 * @throws {Error} when a soft-error section lacks its m, Δ or picture.
 */
export function readResults(md: string): PlottedResults {
  const sections = md.split('\n## ');
  return {
    gemm: sections.filter((s) => s.startsWith('GEMM ')).flatMap(gemmRows),
    softError: sections.filter((s) => s.startsWith('Soft attention: ')).map(softErrorRow),
  };
}

/**
 * Draws the bench's charts from the numbers RESULTS.md states (as printed, so a redraw gives the same file).
 * @param md the text of RESULTS.md.
 * @param dir the folder to write gemm.svg and the soft-error charts into.
 * @returns the names of the files written.
 */
export async function drawResults(md: string, dir: string): Promise<string[]> {
  const results = readResults(md);
  fs.writeFileSync(path.join(dir, 'gemm.svg'), await gemmChart(results.gemm));
  for (const row of results.softError) fs.writeFileSync(path.join(dir, row.file), await softErrorChart(row.model, row.report));
  return ['gemm.svg', ...results.softError.map((r) => r.file)];
}

async function main(): Promise<void> {
  const dir = path.resolve(__dirname, '..', '..', 'bench');
  const files = await drawResults(fs.readFileSync(path.join(dir, 'RESULTS.md'), 'utf8'), dir);
  console.log(`redrawn: ${files.join(', ')}`);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.stack);
    process.exitCode = 1;
  });
}
