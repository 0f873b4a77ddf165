/** RASP files on the command line: found by path or by the name of a bundled example, run, and their s-ops listed. */
import * as fs from 'fs';
import * as path from 'path';
import { rasp } from '../index';
import { UsageError } from './command';
import { readInputFile } from './input_file';

/** The examples the package ships (examples/*.rasp beside dist/). */
const examplesDir = path.resolve(__dirname, '..', '..', '..', 'examples');

/** The bundled examples' names (reverse, hist, sort, ...). */
function exampleNames(): string[] {
  return fs.existsSync(examplesDir) ? fs.readdirSync(examplesDir).filter((f) => f.endsWith('.rasp')).map((f) => f.slice(0, -5)).sort() : [];
}

/**
 * Finds a RASP file: the path as given, else a bundled example by name (`reverse`) or by its path inside the package
 * (`examples/reverse.rasp`), so the README's lines work where attnsim is installed as a dependency.
 * @param file the FILE.rasp argument.
 * @param usage the command's usage, shown with the error.
 * @returns the absolute path of an existing file (or folder or device, which reading then refuses).
 * @throws {UsageError} when there is no such file, listing the bundled examples.
 * @example findProgramFile('reverse', usage); // '…/node_modules/attnsim/examples/reverse.rasp'
 */
export function findProgramFile(file: string, usage: string): string {
  const bundled = /^[\w-]+$/.test(file) ? path.join(examplesDir, `${file}.rasp`)
    : /^examples[/\\][\w-]+\.rasp$/.test(file) ? path.join(examplesDir, path.basename(file)) : undefined;
  // A path that exists is used as given (reading refuses a folder or a device with its own message).
  for (const candidate of [path.resolve(file), bundled]) {
    if (candidate !== undefined && fs.existsSync(candidate)) return candidate;
  }
  throw new UsageError(`no RASP file '${file}' (nor a bundled example of that name: ${exampleNames().join(', ')})`, usage);
}

/**
 * Runs a RASP file in a session whose `load` is relative to the file.
 * @param file the absolute path findProgramFile gave.
 * @param options the session's options (baseDir is set here).
 * @param prelude statements to run before the file (e.g. `tokens = tokens_int;`).
 * @returns the session and the names of the s-ops the file names, in order, without repeats.
 * @example const { session, sops } = runProgramFile(findProgramFile('hist', usage));
 */
export function runProgramFile(file: string, options: ConstructorParameters<typeof rasp.RaspSession>[0] = {}, prelude?: string):
  { session: rasp.RaspSession; sops: string[] } {
  const session = new rasp.RaspSession({ ...options, baseDir: path.dirname(file) });
  if (prelude !== undefined) session.run(prelude);
  const outputs = session.run(readInputFile(file, rasp.defaultLimits.maxFileBytes), file);
  const sops = outputs.flatMap((o) => (o.kind === 'named' && o.value instanceof rasp.SOp && o.name !== 'out' ? [o.name] : []));
  return { session, sops: [...new Set(sops)] };
}

/**
 * Checks, before any work, that an output file can be written: its folder exists and it is not a folder.
 * @param file the path given to the flag.
 * @param flag the flag's name, e.g. '--draw'.
 * @param usage the command's usage, shown with the error.
 * @throws {UsageError} naming the flag and the missing folder.
 * @example checkOutputFile('out/model.svg', '--draw', usage);
 */
export function checkOutputFile(file: string, flag: string, usage: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`${flag} ${file}: no folder '${dir}' to write it in`, usage);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`${flag} ${file}: is a folder, not a file`, usage);
}

/**
 * The warnings a session collected while loading (statements it skipped), where the session keeps them.
 * @param session the session that ran the files.
 * @returns the warnings in the order they arose (none when the session keeps no warnings).
 * @example for (const w of warningsOf(session)) console.error(w);
 */
export function warningsOf(session: rasp.RaspSession): readonly string[] {
  const warnings = (session as { warnings?: unknown }).warnings;
  return Array.isArray(warnings) ? warnings.map(String) : [];
}
