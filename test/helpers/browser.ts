/** Debian's chromium driven by playwright-core for the playground's tests: one fresh profile per launch, console errors collected. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BrowserContext, chromium, Page } from 'playwright-core';

/** The browser CI installs with apt (.ci/run); tests fail, not skip, without it. */
export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** A launched browser with its throwaway profile folder. */
export interface TestBrowser { context: BrowserContext; close(): Promise<void> }

/**
 * Launches chromium headless with a fresh profile (--user-data-dir).
 * @throws {Error} naming the missing binary and how to install it.
 */
export async function launchChromium(): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the playground's browser tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it)`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-chromium-'));
  // Playwright passes the profile as --user-data-dir itself.
  // The browser is not attnsim's code: npm run test:asan preloads the ASan runtime into node, which chromium must not
  // inherit (it then fails to start).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LD_PRELOAD|ASAN_OPTIONS|UBSAN_OPTIONS)$/.test(k)));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 15_000, viewport: { width: 1200, height: 900 },
    env: env as Record<string, string>,
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new page whose console errors and uncaught exceptions are collected in `errors`. */
export async function watchedPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}
