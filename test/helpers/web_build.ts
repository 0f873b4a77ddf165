/** Makes sure dist/web exists (npm test's pretest builds it; a lone mocha run after tsc may not have). */
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');

/** Builds the playground's bundle with scripts/build_web.js when dist/web has no index.html. */
export async function ensureWebBuild(): Promise<void> {
  if (fs.existsSync(path.join(root, 'dist', 'web', 'index.html'))) return;
  const { buildWeb } = require(path.join(root, 'scripts', 'build_web.js')) as { buildWeb(): Promise<unknown> };
  await buildWeb();
}
