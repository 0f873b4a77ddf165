/** Builds bench/ceiling.c against OpenBLAS in this run and times GEMM from C. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const source = path.resolve(__dirname, '..', '..', 'bench', 'ceiling.c');
const binary = path.resolve(__dirname, '..', '..', 'bench', 'out', 'ceiling');

/** Compiles the C ceiling; returns null (and says why) when there is no compiler or OpenBLAS. */
export function buildCeiling(): string | null {
  try {
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'openblas'], { encoding: 'utf8' }).trim().split(/\s+/);
    execFileSync('cc', ['-O2', source, ...flags, '-o', binary], { stdio: 'inherit' });
    return binary;
  } catch (error) {
    console.warn(`bench: the C ceiling could not be built (${(error as Error).message}); its column stays empty`);
    return null;
  }
}

/** Median seconds of one n×n GEMM from C. */
export function ceilingSeconds(bin: string, dtype: 'float32' | 'float64', n: number): number {
  const reps = n >= 1024 ? 15 : n >= 256 ? 41 : 201;
  return Number(execFileSync(bin, [dtype === 'float32' ? 's' : 'd', String(n), String(reps)], { encoding: 'utf8' }));
}
