/**
 * Writes docs/playground.png, the README's picture of the playground: the Compile panel after compiling hist, with its
 * attention heatmaps. Run it with `npm run screenshot:playground` (after a build); review the image before committing it.
 */
import * as path from 'path';
import { servePlayground } from '../../src/cli/serve';
import { launchChromium, watchedPage } from '../helpers/browser';

const HIST = '# How often each token occurs.\nsame = select(tokens, tokens, ==);\nhist = selector_width(same);\n';

async function main(): Promise<void> {
  const { server, url } = await servePlayground(0, '127.0.0.1');
  const chromium = await launchChromium();
  try {
    const { page, errors } = await watchedPage(chromium.context);
    await page.setViewportSize({ width: 1100, height: 760 });
    await page.goto(`${url}#rasp=${encodeURIComponent(HIST)}&input=${encodeURIComponent('a b b c')}&sop=hist&panel=compile`);
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { value: string } } })
      .document.getElementById('compile-sop').value === 'hist', null, { timeout: 30_000 });
    await page.click('#compile-run');
    await page.locator('#compile-diagram svg').waitFor({ timeout: 60_000 });
    if (errors.length > 0) throw new Error(`the page logged errors: ${errors.join('\n')}`);
    const file = path.resolve(__dirname, '..', '..', '..', 'docs', 'playground.png');
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  } finally {
    await chromium.close();
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
