/** Finds the addon (a local build, else the prebuilt binary) and loads it, or explains why not; honours ATTNSIM_BACKEND and ATTNSIM_ADDON. */
import * as fs from 'fs';
import * as path from 'path';
import { BackendError } from '../errors';
import { NativeBinding } from './binding';

/** The package root: this file is dist/src/native/load.js. */
const root = path.resolve(__dirname, '..', '..', '..');

/**
 * The prebuilt addon the package ships for this platform and Node: `prebuilds/<platform>-<arch>/node.abi<N>.<libc>.node`
 * (prebuildify's naming). The addon uses V8's C++ API (its output pool), so a binary fits one Node ABI
 * (`process.versions.modules`), not every Node-API version; on Linux it also names the C library.
 * @returns its absolute path, whether or not it exists.
 * @example prebuiltAddon(); // '…/attnsim/prebuilds/linux-x64/node.abi115.glibc.node' on Node 20, Debian
 */
export function prebuiltAddon(): string {
  const header = process.platform === 'linux' ? (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } }).header : undefined;
  const libc = process.platform !== 'linux' ? '' : header?.glibcVersionRuntime ? '.glibc' : '.musl';
  return path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, `node.abi${process.versions.modules}${libc}.node`);
}

/** Where the two builds from source put the addon: cmake-js first, then node-gyp (the prebuilt binary comes after them). */
export const candidates = [
  path.join(root, 'native', 'build', 'Release', 'attnsim.node'),
  path.join(root, 'build', 'Release', 'attnsim.node'),
];

/**
 * Where to look for the addon: the file `ATTNSIM_ADDON` names when it is set (e.g. the sanitizer build
 * `native/build-asan/Release/attnsim.node` that `npm run test:asan` makes), else the two build outputs, then the
 * prebuilt binary.
 * @returns absolute paths, in the order to try them.
 * @example ATTNSIM_ADDON=native/build-asan/Release/attnsim.node node app.js
 */
export function addonCandidates(): string[] {
  const chosen = process.env.ATTNSIM_ADDON;
  return chosen ? [path.resolve(chosen)] : [...candidates, prebuiltAddon()];
}

/** The outcome of looking for the addon. */
export type LoadResult =
  | { binding: NativeBinding; path: string }
  | { binding: null; explanation: string };

/** Which backend the environment asks for: `ATTNSIM_BACKEND` = `native`, `js`, or unset (auto). */
export function requestedBackend(): 'native' | 'js' | 'auto' {
  const value = process.env.ATTNSIM_BACKEND;
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'native' || value === 'js') return value;
  throw new BackendError(`ATTNSIM_BACKEND must be 'native', 'js' or unset, but is '${value}'`);
}

/** Tries each candidate in turn and returns the first that loads, or one message naming every failure. */
export function loadNative(paths: readonly string[] = addonCandidates()): LoadResult {
  const failures: string[] = [];
  for (const candidate of paths) {
    try {
      return { binding: require(candidate) as NativeBinding, path: candidate };
    } catch (error) {
      failures.push(`- ${candidate}: ${firstLine(error)}`);
    }
  }
  return { binding: null, explanation: explain(failures) };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}

/** How to build the addon from source: as an installed package, and inside a clone of attnsim. */
const REBUILD = 'npm install --no-save cmake-js@8.0.0 node-addon-api@8.9.2 node-api-headers@1.9.0 && '
  + 'npm explore attnsim -- npm run build:native (in a clone of attnsim: npm run build:native)';

function explain(failures: string[]): string {
  const text = failures.join('\n');
  const hints = ['Possible solutions:'];
  if (/cannot find module/i.test(text)) {
    if (!fs.existsSync(prebuiltAddon())) {
      hints.push(`- The package has no prebuilt addon for ${process.platform}-${process.arch} on Node ABI ${process.versions.modules} ` +
        '(it ships one for linux-x64 with glibc on Node 20, ABI 115).');
    }
    hints.push(`- Build the addon from source (needs cmake, g++, pkg-config and libopenblas-dev): ${REBUILD}.`);
  }
  if (/libopenblas|cannot open shared object/i.test(text)) {
    hints.push(`- Install OpenBLAS: apt-get install libopenblas-dev, then ${REBUILD}.`);
  }
  if (/NODE_MODULE_VERSION|invalid ELF|wrong ELF class/i.test(text)) {
    hints.push(`- The addon was built for another Node or platform: ${REBUILD}.`);
  }
  hints.push("- Or choose the pure-TypeScript fallback on purpose: ATTNSIM_BACKEND=js.");
  return `attnsim: the native addon could not be loaded (${process.platform}-${process.arch}, Node ${process.version}).\nTried:\n${text}\n${hints.join('\n')}`;
}
