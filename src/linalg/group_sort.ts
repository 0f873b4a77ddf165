/** groupSortNetwork: affine layers with MaxMin (GroupSort-2) between them, evaluated directly (BLAS products). */
import { assertRange, invalidType } from '../check';
import { checkMatrix, Matrix } from './matrix';
import { matmul } from './matmul';

/** One affine layer: h ↦ h·wᵀ + b, w out×in, b 1×out. */
export interface AffineLayer {
  w: Matrix;
  b: Matrix;
}

/**
 * MaxMin (GroupSort-2) along each row: columns (2m, 2m+1) become (max, min); an odd last column stays.
 * @param m any matrix. @returns a float64 matrix of m's shape.
 * @example maxMinRows(Matrix.from([[-5, 6, 3]])).toArray(); // [[6, -5, 3]]
 */
export function maxMinRows(m: Matrix): Matrix {
  checkMatrix('maxMinRows', 'm', m);
  const out = Float64Array.from(m.data);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c + 1 < m.cols; c += 2) {
      const a = out[r * m.cols + c], b = out[r * m.cols + c + 1];
      out[r * m.cols + c] = Math.max(a, b);
      out[r * m.cols + c + 1] = Math.min(a, b);
    }
  }
  return new Matrix(m.rows, m.cols, out);
}

/**
 * The network on each row of x: affine layers, MaxMin after every layer but the last.
 * @param layers one or more { w, b } whose shapes chain (w of layer l+1 has as many columns as w of layer l has rows).
 * @param x m×in, one input point per row.
 * @returns m×out of the last layer.
 * @throws {ArgumentTypeError} / {ArgumentRangeError} (ERR_ATTNSIM_SHAPE) for bad layers or shapes that do not chain.
 * @example
 * const abs = [{ w: Matrix.from([[1], [-1]]), b: Matrix.from([[0, 0]]) }, { w: Matrix.from([[1, 0]]), b: Matrix.from([[0]]) }];
 * groupSortNetwork(abs, Matrix.from([[-3]])).toArray(); // [[3]]: |x|
 */
export function groupSortNetwork(layers: AffineLayer[], x: Matrix): Matrix {
  const fn = 'groupSortNetwork', checked = readLayers(fn, layers, x);
  let h = checkMatrix(fn, 'x', x).toDType('float64');
  checked.forEach(({ w, b }, l) => {
    const p = matmul(h, w, { transB: true });
    h = new Matrix(p.rows, p.cols, p.data.map((v, i) => v + b.data[i % p.cols]));
    if (l < checked.length - 1) h = maxMinRows(h);
  });
  return h;
}

/** The layers checked against x's width, as float64. */
export function readLayers(fn: string, layers: AffineLayer[], x: Matrix): AffineLayer[] {
  if (!Array.isArray(layers) || layers.length === 0) throw invalidType(fn, 'layers', 'a non-empty array of { w, b }', layers);
  checkMatrix(fn, 'x', x);
  let width = x.cols;
  return layers.map((layer, l) => {
    if (typeof layer !== 'object' || layer === null) throw invalidType(fn, `layers[${l}]`, 'an object { w, b }', layer);
    const w = checkMatrix(fn, `layers[${l}].w`, layer.w).toDType('float64');
    const b = checkMatrix(fn, `layers[${l}].b`, layer.b).toDType('float64');
    assertRange(w.cols === width, fn, () => `expected layers[${l}].w with ${width} columns but received ${w.describe()}`,
      'ERR_ATTNSIM_SHAPE');
    assertRange(b.rows === 1 && b.cols === w.rows, fn, () => `expected layers[${l}].b to be 1×${w.rows} but received ${b.describe()}`,
      'ERR_ATTNSIM_SHAPE');
    width = w.rows;
    return { w, b };
  });
}
