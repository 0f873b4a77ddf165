/**
 * Reading a file whose name came from a user: regular files only (never a FIFO, device or folder, so reading cannot
 * block or run forever, as `/dev/zero` would), and never more than a given number of bytes, however large the file
 * grows or claims to be. RASP's `load` and the CLI's file arguments both read through it.
 */
import * as fs from 'fs';

/** Why a file could not be read. */
export type ReadProblem =
  | { kind: 'unreadable'; reason: string }
  | { kind: 'not-regular' }
  | { kind: 'too-large'; bytes: number };

/**
 * The text (UTF-8) of a regular file of at most `maxBytes` bytes, or why not.
 * @param file the path.
 * @param maxBytes the largest size read; a file found larger (by its size, or while reading) is refused.
 * @returns `{ text }`, or `{ problem }` for the caller to phrase in its own terms.
 * @example const read = readRegularFile('job.jsonl', 2 ** 26); if ('problem' in read) throw new Error('...');
 */
export function readRegularFile(file: string, maxBytes: number): { text: string } | { problem: ReadProblem } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { problem: { kind: 'unreadable', reason: (error as NodeJS.ErrnoException).code ?? String(error) } };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { problem: { kind: 'not-regular' } };
    if (stat.size > maxBytes) return { problem: { kind: 'too-large', bytes: stat.size } };
    // Read up to one byte past the limit: a file that grew, or reports a size of 0 (as /proc files do), is caught too.
    let length = 0, chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stat.size + 1, 65536)));
    for (;;) {
      if (length === chunk.length) {
        if (length > maxBytes) return { problem: { kind: 'too-large', bytes: length } };
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, 2 * length));
        chunk.copy(bigger, 0, 0, length);
        chunk = bigger;
      }
      const read = fs.readSync(fd, chunk, length, chunk.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) return { problem: { kind: 'too-large', bytes: length } };
    return { text: chunk.toString('utf8', 0, length) };
  } catch (error) {
    return { problem: { kind: 'unreadable', reason: (error as NodeJS.ErrnoException).code ?? String(error) } };
  } finally {
    fs.closeSync(fd);
  }
}
