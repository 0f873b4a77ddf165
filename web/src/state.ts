/** The page's state in the URL hash, so that a link reproduces it: `#rasp=…&input=…&sop=…` (each value URI-encoded). */

/** What the hash holds; a missing field keeps the page's default. */
export interface HashState { rasp?: string; input?: string; sop?: string; panel?: string }

const fields = ['rasp', 'input', 'sop', 'panel'] as const;

/** Reads the hash: `#rasp=<encodeURIComponent(source)>&input=<encodeURIComponent(tokens)>&sop=<name>`. */
export function readHash(hash: string): HashState {
  const state: HashState = {};
  for (const part of hash.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq) as (typeof fields)[number];
    if (!fields.includes(key)) continue;
    try {
      state[key] = decodeURIComponent(part.slice(eq + 1));
    } catch {
      // A malformed escape leaves that field at its default.
    }
  }
  return state;
}

/** Writes the state into the hash without adding a history entry. */
export function writeHash(state: HashState): void {
  const hash = fields.filter((k) => state[k] !== undefined && state[k] !== '')
    .map((k) => `${k}=${encodeURIComponent(state[k] as string)}`).join('&');
  history.replaceState(null, '', `#${hash}`);
}

/** Input text as tokens: split at white space. */
export function tokensOf(text: string): string[] {
  return text.trim() === '' ? [] : text.trim().split(/\s+/);
}
