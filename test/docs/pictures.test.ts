/** Every picture the repository ships (bench/, docs/): it renders to PNG, is of sane size, and shows its titles and axis names. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkPicture, PictureExpectations } from '../helpers/picture';

const root = path.resolve(__dirname, '..', '..', '..');

/** A chart of the bench: 480×300 plus title, axes and legends; a few dozen texts, not hundreds of tick labels. */
const benchChart = (texts: (string | RegExp)[]): PictureExpectations => ({ texts, width: [480, 1000], height: [300, 600], maxTexts: 80 });

/** What each shipped picture must show; a new picture needs an entry here. */
const expected: Record<string, PictureExpectations> = {
  'bench/gemm.svg': benchChart(['GEMM throughput, n×n · n×n', 'n', 'GFLOP/s', 'peer', 'attnsim native', 'OpenBLAS from C', 'dtype',
    'float64']),
  'bench/soft_error_simulator.svg': benchChart(['Softmax at coldness c against hard attention',
    /^U \(n, d, heads\) = \(4, 4, 2\): m = 81 keys/, 'coldness c', 'largest absolute difference', 'bound (m−1)·e^(−cΔ)', 'output error']),
  'bench/soft_error_compiler.svg': benchChart(['Softmax at coldness c against hard attention', /^makeFracPrevs on "abaabbab": m = 9 keys/,
    'coldness c', 'weight off the hard selection', 'exactly 0 (drawn at the bottom)']),
  'bench/figure_dimension.svg': {
    texts: [/^Risk against n and against the estimator window W/, 'against n (each estimator at its widest W)', /^against W \(n = \d+\)$/,
      'labelled positions n', 'estimator window W (input 2W+1 tokens)', 'excess risk', 'oracle', 'erm-transformer', 'knn',
      /^black dashes: the theory's slope -0\.571 through the oracle$/],
    width: [600, 1200], height: [300, 700], maxTexts: 100,
  },
  'bench/figure_importance.svg': {
    texts: [/^Window and importance problems on one axis/, 'labelled positions n', 'excess risk', 'estimator', 'arm', 'oracle',
      'erm-transformer', 'fixed-offset', 'window', 'importance', 'importance-margin', /^black dashes: the theory's slope -0\.571/],
    width: [400, 1000], height: [300, 700], maxTexts: 100,
  },
  'docs/select_importance.svg': {
    texts: ['importance target: attention picks (squares) and the true tokens (dots)', 'query position t', 'key offset s − t',
      'weight', 'worst copy error against coldness c', 'coldness', 'error', '1e+0', '1e-8', '1000'],
    width: [400, 1200], height: [300, 900], maxTexts: 150,
  },
};

/** The .svg files in the repository's picture folders. */
function shipped(): string[] {
  return ['bench', 'docs'].flatMap((dir) => fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.svg')).map((f) => `${dir}/${f}`));
}

describe('docs/pictures', () => {
  it('knows every shipped picture', () => {
    assert.deepStrictEqual(shipped().sort(), Object.keys(expected).sort());
  });

  for (const [file, expect] of Object.entries(expected)) {
    it(`${file} renders inside a sane canvas with its titles and axis names, its ticks in one number format`, () => {
      const picture = checkPicture(fs.readFileSync(path.join(root, file), 'utf8'), expect);
      // A log axis reads 1e-6, not 0.000001 beside 1e-7; counts read 1024, not 1.024k.
      assert.deepStrictEqual(picture.texts.filter((t) => /^0\.0000|^\d+\.\d+k$/.test(t)), []);
    });
  }
});
