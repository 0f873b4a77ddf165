/** Finding and reading the files `load` names: anywhere (the CLI), or only regular files under a load root (untrusted source). */
import * as fs from 'fs';
import * as path from 'path';
import { RaspError } from '../../errors';
import { readRegularFile } from '../../read_file';
import { limitError } from './limits';

/** A RaspError with the load code. */
function loadError(message: string): RaspError {
  return new RaspError(message, 'ERR_ATTNSIM_RASP_LOAD');
}

/**
 * The file `load "name";` reads from the file labelled `from`, and its label for messages. Unrestricted (no root):
 * relative to the loading file, or to `baseDir` from the console. Under a root: a relative name without `..`, resolved
 * within the root (labels are root-relative), whose real path (symbolic links followed) stays inside the root.
 * @param name the name as written after `load` (`.rasp` is added when missing).
 * @param from the label of the loading file (`<console>` and the like for the session itself).
 * @param baseDir where unrestricted loads from the console look.
 * @param root the load root, or null for unrestricted loads.
 * @returns the path to read, and the label for messages (root-relative under a root).
 * @throws {RaspError} (ERR_ATTNSIM_RASP_LOAD) for a name that leaves the root, or a file that cannot be found.
 * @example resolveLoad('lib/a', '<console>', process.cwd(), '/srv/rasp').label; // 'lib/a.rasp'
 */
export function resolveLoad(name: string, from: string, baseDir: string, root: string | null): { file: string; label: string } {
  const fileName = name.endsWith('.rasp') ? name : `${name}.rasp`;
  if (root === null) {
    const file = path.resolve(from.startsWith('<') ? baseDir : path.dirname(from), fileName);
    return { file, label: file };
  }
  if (path.isAbsolute(fileName) || /^[a-zA-Z]:/.test(fileName) || fileName.includes('\0') || fileName.split(/[\\/]/).includes('..')) {
    throw loadError(`load "${name}": only relative names without '..' are allowed (load is restricted to a root folder)`);
  }
  const fromDir = from.startsWith('<') || path.isAbsolute(from) || from.split(/[\\/]/).includes('..') ? '' : path.dirname(from);
  const label = path.join(fromDir, fileName).split(path.sep).join('/');
  let real: string, realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
    real = fs.realpathSync(path.join(root, label));
  } catch {
    throw loadError(`load "${name}": cannot read '${label}'`);
  }
  if (!real.startsWith(realRoot + path.sep)) throw loadError(`load "${name}": '${label}' leads outside the load root`);
  return { file: real, label };
}

/**
 * The text of a file `load` reads: a regular file (never a FIFO, device or folder, so reading cannot block) of at
 * most `maxBytes` bytes. `shown` is the path messages may show (null: only the name as written).
 * @param file the path to read.
 * @param name the name as written after `load`, for messages.
 * @param shown the path messages may show, or null.
 * @param maxBytes the largest size allowed.
 * @returns the file's text.
 * @throws {RaspError} ERR_ATTNSIM_RASP_LOAD when it cannot be read, ERR_ATTNSIM_RASP_LIMIT when it is too large.
 * @example readLoadFile('/srv/rasp/a.rasp', 'a', null, 1e6);
 */
export function readLoadFile(file: string, name: string, shown: string | null, maxBytes: number): string {
  const where = shown === null ? '' : ` (looked for ${shown})`;
  const read = readRegularFile(file, maxBytes);
  if ('text' in read) return read.text;
  const { problem } = read;
  if (problem.kind === 'not-regular') throw loadError(`load: '${name}' is not a regular file${where}`);
  if (problem.kind === 'too-large') throw limitError(`load: '${name}' (${problem.bytes} bytes)`, 'maxFileBytes', maxBytes);
  throw loadError(`load: cannot read '${name}'${where}`);
}
