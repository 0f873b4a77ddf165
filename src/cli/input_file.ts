/** The files named on the command line: read through one bounded reader, and refused in the user's terms. */
import { formatBytes } from '../index';
import { readRegularFile } from '../read_file';

/** The most the CLI reads from a job or results file (64 MiB). */
export const MAX_INPUT_BYTES = 64 * 2 ** 20;

/**
 * The text of a file named on the command line: a regular file of at most `maxBytes` bytes (so `/dev/zero`, a FIFO
 * or a folder is refused at once instead of read forever).
 * @param file the path as the user gave it.
 * @param maxBytes the largest size read (default 64 MiB).
 * @returns the file's text.
 * @throws {Error} saying what is wrong with the file (the CLI prints it and exits 1).
 * @example const text = readInputFile('jobs.jsonl');
 */
export function readInputFile(file: string, maxBytes = MAX_INPUT_BYTES): string {
  const read = readRegularFile(file, maxBytes);
  if ('text' in read) return read.text;
  const { problem } = read;
  if (problem.kind === 'not-regular') throw new Error(`${file} is not a regular file (a folder, device or FIFO)`);
  if (problem.kind === 'too-large') throw new Error(`${file} is larger than the ${formatBytes(maxBytes)} the command reads`);
  throw new Error(problem.reason === 'ENOENT' ? `${file}: no such file` : `cannot read ${file} (${problem.reason})`);
}
