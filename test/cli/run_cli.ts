/** Runs the built CLI (dist/src/cli/main.js) in a child process, as a user runs it. */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as path from 'path';

/** The CLI's entry point in the build. */
export const cliMain = path.resolve(__dirname, '..', '..', 'src', 'cli', 'main.js');

/** The repository's root (examples/, README.md). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Runs `attnsim ...args` with optional stdin and working directory; stdout and stderr as text. */
export function runCli(args: string[], opts: { input?: string; cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cliMain, ...args], { encoding: 'utf8', input: opts.input ?? '', cwd: opts.cwd });
}
