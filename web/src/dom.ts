/** Small DOM helpers for the panels: finding elements by id, building elements and tables, showing SVG and errors. */

/** The element with this id (the page's HTML defines every one the panels use). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no element #${id}`);
  return found as T;
}

/** A new element with text and attributes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text = '', attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** A table with a header row and rows of text cells. */
export function table(header: string[], rows: string[][]): HTMLTableElement {
  const t = el('table');
  const head = t.createTHead().insertRow();
  for (const h of header) head.append(el('th', h));
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) tr.append(el('td', cell));
  }
  return t;
}

/** Puts an SVG document (made by attnsim's drawing code from data the page computed) into a container. */
export function showSvg(container: HTMLElement, svg: string): void {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  container.replaceChildren(document.importNode(doc.documentElement, true));
}

/** Shows an error's message in an element (empty text hides it), or clears it. */
export function showError(container: HTMLElement, error: unknown): void {
  container.textContent = error === null ? '' : error instanceof Error ? error.message : String(error);
  container.hidden = error === null;
}

/** A number as the panels print errors and bounds: three significant digits, exponent form. */
export const sci = (v: number) => v.toExponential(2);
