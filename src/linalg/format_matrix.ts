/** formatMatrix: a matrix as aligned text, eliding the middle rows and columns of large ones (Matrix.toString). */

/** Rows and columns shown at each end before the middle is elided with `…`. */
const edge = 3;

/** The shortest decimal that reads back as the same float32 (so 1/3 shows as 0.33333334, not 0.3333333432674408). */
function float32Text(v: number): string {
  for (let p = 1; p < 9; p++) {
    const text = String(Number(v.toPrecision(p)));
    if (Math.fround(Number(text)) === v) return text;
  }
  return String(Number(v.toPrecision(9)));
}

/** The indices shown along one axis of length n: all of them, or `edge` at each end with -1 for the elision. */
function shown(n: number): number[] {
  if (n <= 2 * edge) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: edge }, (_, i) => i), -1, ...Array.from({ length: edge }, (_, i) => n - edge + i)];
}

/**
 * `Matrix 2×2 float64` then the rows, each column right-aligned: `[[ 1, -2.5],\n [30,    4]]`.
 * @param rows the row count; @param cols the column count; @param dtype shown, and float32 values print shortest.
 * @param get reads the entry at (i, j).
 * @returns the text, without a trailing newline.
 * @example formatMatrix(1, 2, 'float64', (i, j) => j); // 'Matrix 1×2 float64\n[[0, 1]]'
 */
export function formatMatrix(rows: number, cols: number, dtype: 'float32' | 'float64',
  get: (i: number, j: number) => number): string {
  const text = dtype === 'float32' ? float32Text : String;
  const rowIds = shown(rows), colIds = shown(cols);
  const cells = rowIds.map((i) => (i < 0 ? [] : colIds.map((j) => (j < 0 ? '…' : text(get(i, j))))));
  const widths = colIds.map((_, c) => Math.max(...cells.map((row) => (row.length ? row[c].length : 0))));
  const lines = cells.map((row, r) => {
    if (rowIds[r] < 0) return ' …';
    const body = `[${row.map((cell, c) => cell.padStart(widths[c])).join(', ')}]`;
    return `${r === 0 ? '[' : ' '}${body}${r === cells.length - 1 ? ']' : ','}`;
  });
  return `Matrix ${rows}×${cols} ${dtype}\n${rows === 0 ? '[]' : lines.join('\n')}`;
}
