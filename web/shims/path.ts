/** The POSIX `path` functions attnsim's library uses at load time (the addon's candidate paths), for the browser bundle. */

export const sep = '/';

/** Whether a path starts at the root. */
export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

/** Joins segments and resolves `.` and `..` (never above the root). */
function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `${isAbsolute(p) ? '/' : ''}${out.join('/')}` || '.';
}

/** `path.join`. */
export function join(...parts: string[]): string {
  return normalize(parts.filter((p) => p !== '').join('/'));
}

/** `path.resolve` against the root (a page has no working directory). */
export function resolve(...parts: string[]): string {
  let p = '/';
  for (const part of parts) p = isAbsolute(part) ? part : `${p}/${part}`;
  return normalize(p);
}

/** `path.dirname`. */
export function dirname(p: string): string {
  const i = p.replace(/\/+$/, '').lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
}
