/**
 * The playground in a real browser (Debian's chromium via playwright-core): no console errors, the RASP panel's values
 * (typed and from a link), compiling as compile() in Node, a heatmap drawn, the coldness slider against the bound,
 * a dropped rate file plotted.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { Page } from 'playwright-core';
import { spawn } from 'child_process';
import { buildSimulator, compile, rasp } from '../../src/index';
import { servePlayground } from '../../src/cli/serve';
import { launchChromium, TestBrowser, watchedPage } from '../helpers/browser';
import { ensureWebBuild } from '../helpers/web_build';
import { cliMain, repoRoot } from '../cli/run_cli';

/** A link that opens the RASP panel with a program, an input and a chosen s-op. */
const link = (base: string, source: string, input: string, sop: string, extra = '') =>
  `${base}#rasp=${encodeURIComponent(source)}&input=${encodeURIComponent(input)}&sop=${sop}${extra}`;

/** The browser globals the callbacks below use when they run in the page (this file compiles without the DOM library). */
declare const document: { getElementById(id: string): any; querySelector(selector: string): any; createElement(tag: string): any };
declare const Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
declare const getComputedStyle: (e: unknown) => { color: string };
declare const DataTransfer: new () => { items: { add(file: unknown): void } };

const HIST = 'same = select(tokens, tokens, ==);\nhist = selector_width(same);\n';

/** The text of an element once it is there and not empty. */
async function textOf(page: Page, selector: string): Promise<string> {
  await page.waitForFunction((s) => (document.querySelector(s)?.textContent ?? '') !== '', selector, { timeout: 15_000 });
  return (await page.textContent(selector)) ?? '';
}

/** The stdout of `attnsim rate --json` on a small experiment (run beside the browser's start). */
function rateJson(): Promise<string> {
  const child = spawn(process.execPath, [cliMain, 'rate', '--n', '64:128', '--reps', '2', '--a', '1,2', '--T', '3', '--json']);
  let out = '', err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err)))));
}

/** Non-white pixels of a PNG, counted by decoding it in the page (the browser is the PNG decoder). */
function inkedPixels(page: Page, png: Buffer): Promise<{ width: number; height: number; inked: number }> {
  return page.evaluate(async (b64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${b64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const g = canvas.getContext('2d');
    g.drawImage(image, 0, 0);
    const data = g.getImageData(0, 0, image.width, image.height).data;
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 600) inked++;
    return { width: image.width, height: image.height, inked };
  }, png.toString('base64'));
}

describe('the playground in chromium', function () {
  this.timeout(20_000);
  let server: http.Server, base: string, chromium: TestBrowser, rates: Promise<string>;
  before(async function () {
    this.timeout(60_000);
    await ensureWebBuild();
    const started = await servePlayground(0, '127.0.0.1');
    server = started.server;
    base = started.url;
    rates = rateJson();
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    server?.close();
  });

  it('loads with no console errors and shows the default program\'s values', async () => {
    const { page, errors } = await watchedPage(chromium.context);
    await page.goto(base);
    assert.strictEqual(await textOf(page, '#value-reverse'), '["c","b","a"]');
    await page.waitForFunction(() => document.getElementById('status-text')?.textContent === 'ready', null, { timeout: 15_000 });
    assert.deepStrictEqual(errors, []);
    await page.close();
  });

  it('the README\'s reverse program typed into the editor shows ["c","b","a"] for a b c', async () => {
    const { page, errors } = await watchedPage(chromium.context);
    await page.goto(link(base, 'x = indices;', 'x y', 'x'));
    assert.strictEqual(await textOf(page, '#value-x'), '[0,1]');
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(fs.readFileSync(path.join(repoRoot, 'examples', 'reverse.rasp'), 'utf8'));
    await page.fill('#rasp-input', 'a b c');
    assert.strictEqual(await textOf(page, '#value-reverse'), '["c","b","a"]');
    assert.match(await page.textContent('#rasp-rows') ?? '', /selector: flip/);
    // RASP highlighting: the primitive select is coloured as a built-in (web/src/rasp_language.ts).
    const colour = await page.locator('.cm-content span', { hasText: /^select$/ }).first().evaluate((e) => getComputedStyle(e).color);
    assert.strictEqual(colour, 'rgb(111, 66, 193)');
    assert.match(page.url(), /#rasp=%23%20Reverse.*&input=a%20b%20c/);
    assert.deepStrictEqual(errors, []);
    await page.close();
  });

  it('a link with the program, input and s-op in its hash reproduces the value rasp.run gives in Node', async () => {
    const { page } = await watchedPage(chromium.context);
    await page.goto(link(base, HIST, 'a b b c b', 'hist'));
    const expected = rasp.run(HIST).evaluate('hist', ['a', 'b', 'b', 'c', 'b']);
    assert.strictEqual(await textOf(page, '#value-hist'), JSON.stringify(expected));
    assert.strictEqual(await page.getAttribute('#rasp-rows tr.chosen', 'data-name'), 'hist');
    await page.close();
  });

  it('a syntax error is shown with its line and column and marked in the editor', async () => {
    const { page } = await watchedPage(chromium.context);
    await page.goto(link(base, 'x = indices;\ny = (x + ;', 'a b', 'x'));
    assert.match(await textOf(page, '#rasp-error'), /^<console>:2:\d+: /);
    assert.strictEqual(await page.locator('.cm-rasp-error').count(), 1);
    await page.close();
  });

  it('limits as the library\'s untrusted-source mode: a huge input and a huge list end in a limit error', async () => {
    const { page } = await watchedPage(chromium.context);
    await page.goto(link(base, 'x = indices;', Array(101).fill('a').join(' '), 'x'));
    assert.match(await textOf(page, '#rasp-error'), /an input of 101 tokens exceeds the session limit maxInputLength = 100/);
    await page.goto(link(base, 'x = range(1000000000);', 'a', 'x'));
    await page.waitForFunction(() => /maxListLength/.test(document.getElementById('rasp-error').textContent), null, { timeout: 15_000 });
    await page.close();
  });

  it('compiling shows the layer count and residual width of compile() in Node, and draws a heatmap', async () => {
    const { page, errors } = await watchedPage(chromium.context);
    await page.goto(link(base, HIST, 'a b b', 'hist', '&panel=compile'));
    await page.waitForFunction(() => document.getElementById('compile-sop').value === 'hist', null, { timeout: 15_000 });
    await page.click('#compile-run');
    const layers = await textOf(page, '#compile-layers'), width = await textOf(page, '#compile-width');
    const sop = rasp.run(HIST).value('hist') as rasp.SOp;
    const config = compile(sop, { vocab: ['a', 'b'], maxSeqLen: 8 }).config;
    assert.deepStrictEqual([Number(layers), Number(width)], [config.layers, config.residualWidth]);
    assert.strictEqual(await page.textContent('#compile-output'), '[1,2,2]');
    const heatmap = page.locator('#compile-heatmaps svg');
    await heatmap.waitFor({ timeout: 15_000 });
    assert.match(await page.textContent('#compile-heatmaps') ?? '', /attention weight/);
    const shot = await heatmap.screenshot();
    const { width: w, height: h, inked } = await inkedPixels(page, shot);
    assert.ok(w >= 150 && h >= 150, `heatmap ${w}×${h}`);
    // The weights' cells (a 4×4 grid, BOS included, dark where a query attends) and the labels: well over 2% of the pixels.
    assert.ok(inked > 0.02 * w * h, `${inked} of ${w * h} pixels are not white`);
    await page.locator('#compile-diagram svg').waitFor({ timeout: 15_000 });
    assert.deepStrictEqual(errors, []);
    await page.close();
  });

  it('the simulator builds U as buildSimulator does in Node and matches direct attention', async () => {
    const { page, errors } = await watchedPage(chromium.context);
    await page.goto(`${base}#panel=simulator`);
    await page.fill('#sim-n', '3');
    await page.click('#sim-run');
    const cost = buildSimulator({ seqLen: 3, dModel: 2, heads: 1 }).cost;
    assert.match(await textOf(page, '#sim-cost'), new RegExp(`^U: ${cost.layers} layers, .* residual width ${cost.residualWidth}, `));
    const abs = Number(/abs (\S+),/.exec(await textOf(page, '#sim-error'))?.[1]);
    assert.ok(abs <= 1e-9, `U's error against float64 attention (${abs}) is rounding only (1e-9, the CLI's threshold)`);
    assert.strictEqual(await page.locator('#sim-table tbody tr').count(), 15);
    assert.deepStrictEqual(errors, []);
    await page.close();
  });

  it('long work runs in the worker with progress: the page stays responsive, and Stop ends it', async () => {
    const { page, errors } = await watchedPage(chromium.context);
    await page.goto(`${base}#panel=simulator`);
    await page.fill('#sim-n', '64');
    await page.fill('#sim-d', '16');
    await page.fill('#sim-heads', '4');
    await page.click('#sim-run');
    await page.waitForFunction(() => /^building U for n=64 d=16 heads=4: .* \(\d+\/\d+\)$/.test(document.getElementById('status-text').textContent),
      null, { timeout: 15_000 });
    await page.click('#tab-rasp', { timeout: 2_000 });
    assert.strictEqual(await page.isVisible('#panel-rasp'), true);
    await page.click('#status-stop');
    assert.strictEqual(await page.textContent('#status-text'), 'ready');
    assert.strictEqual(await page.textContent('#sim-error-message'), 'stopped');
    await page.fill('#rasp-input', 'x y z');
    await page.waitForFunction(() => document.getElementById('value-reverse')?.textContent === '["z","y","x"]', null, { timeout: 15_000 });
    assert.deepStrictEqual(errors, []);
    await page.close();
  });

  it('the coldness slider moves the measured error, which stays under its bound', async () => {
    const { page, errors } = await watchedPage(chromium.context);
    await page.goto(`${base}#panel=select`);
    const read = async () => ({ error: Number(await textOf(page, '#select-error')), bound: Number(await textOf(page, '#select-bound')) });
    const warm = await read();
    await page.evaluate(() => {
      const slider = document.getElementById('select-coldness');
      slider.value = '0.5';
      slider.dispatchEvent(new Event('input'));
    });
    await page.waitForFunction((e) => document.getElementById('select-error')?.textContent !== e, String(warm.error.toExponential(2)), { timeout: 15_000 });
    const cold = await read();
    assert.strictEqual(await page.textContent('#select-coldness-value'), (10 ** 0.5).toPrecision(3));
    assert.ok(cold.error > warm.error, `error at c = 3.16 (${cold.error}) above the one at c = 100 (${warm.error})`);
    for (const r of [warm, cold]) assert.ok(r.error <= r.bound, `error ${r.error} ≤ bound ${r.bound}`);
    assert.deepStrictEqual(errors, []);
    await page.close();
  });

  it('an attnsim rate --json file dropped on the page is plotted with its slopes', async () => {
    const text = await rates;
    const result = JSON.parse(text) as { slopes: Record<string, { slope: number }> };
    const { page } = await watchedPage(chromium.context);
    await page.goto(`${base}#panel=select`);
    const transfer = await page.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'rates.json', { type: 'application/json' }));
      return data;
    }, text);
    await page.dispatchEvent('#rates-drop', 'drop', { dataTransfer: transfer });
    const caption = await textOf(page, '#rates-plots figcaption');
    assert.ok(caption.includes(`sieve ${result.slopes.sieve.slope.toFixed(3)}`), caption);
    assert.strictEqual(await page.locator('#rates-plots svg').count(), 1);
    await page.close();
  });
});
