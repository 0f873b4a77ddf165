/** `attnsim serve`: the browser playground (dist/web) over Node's own http on 127.0.0.1, or written out as static files. */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { Command, integerFlag, stringFlag, UsageError } from './command';

const usage = `Usage: attnsim serve [--port 8080] [--host 127.0.0.1]
       attnsim serve --export DIR

Serves the playground, a page that runs RASP programs, compiles them, and shows the universal
simulator and the token-selecting constructions, all computed in the browser. Prints its URL;
Ctrl-C stops it. It serves only the playground's own files.

Options:
  --port N        the port, 0 to 65535 (default 8080; 0 picks a free one)
  --host H        the address to listen on (default 127.0.0.1: this machine only)
  --export DIR    write the playground's files to DIR (for any static host) instead of serving
  -h, --help      print this help`;

/** Where the build puts the bundled playground: this file is dist/src/cli/serve.js. */
const WEB_ROOT = path.resolve(__dirname, '..', '..', 'web');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json',
};

/**
 * The playground's files (dist/web) by URL path (`/index.html`, `/chunks/x.js`, …): the only paths the server answers.
 * @returns URL path to absolute file path.
 * @throws {Error} when the site has not been built.
 */
export function siteFiles(): Map<string, string> {
  if (!fs.existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error(`the playground's files are missing (${WEB_ROOT}); build them with npm run build`);
  }
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile() && TYPES[path.extname(entry.name)] !== undefined) files.set(`/${path.relative(WEB_ROOT, file).split(path.sep).join('/')}`, file);
    }
  };
  walk(WEB_ROOT);
  return files;
}

/** Answers one request from the fixed set of files: any other path (`/../package.json` among them) is 404, any other method 405. */
function answer(files: Map<string, string>, req: http.IncomingMessage, res: http.ServerResponse): void {
  const headers = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n');
    return;
  }
  const urlPath = (req.url ?? '/').split(/[?#]/)[0];
  const file = files.get(urlPath === '/' ? '/index.html' : urlPath);
  if (file === undefined) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found\n');
    return;
  }
  const body = fs.readFileSync(file);
  res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)], 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Starts the playground's server.
 * @param port the port (0: a free one); @param host the address to listen on.
 * @returns the listening server and its URL.
 * @throws {Error} when the site is missing or the address cannot be used.
 * @example const { server, url } = await servePlayground(0, '127.0.0.1');
 */
export function servePlayground(port: number, host: string): Promise<{ server: http.Server; url: string }> {
  const files = siteFiles();
  const server = http.createServer((req, res) => answer(files, req, res));
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use (choose another --port)' : error.message;
      reject(new Error(`cannot listen on ${host}:${port}: ${why}`));
    });
    server.listen(port, host, () => {
      const address = server.address() as { port: number };
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({ server, url: `http://${shown}:${address.port}/` });
    });
  });
}

/**
 * Writes the playground's files under a folder, as a static site.
 * @returns how many files were written.
 */
function exportPlayground(dir: string): number {
  const files = siteFiles();
  for (const [urlPath, file] of files) {
    const target = path.join(dir, ...urlPath.slice(1).split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
  return files.size;
}

/** `attnsim serve`. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the browser playground on 127.0.0.1 (or --export it as static files)',
  usage,
  flags: { port: { type: 'string' }, host: { type: 'string' }, export: { type: 'string' } },
  positionals: [],
  run: async (args) => {
    const dir = stringFlag(args, 'export');
    if (dir !== undefined) {
      if (args.values.port !== undefined || args.values.host !== undefined) throw new UsageError('--export writes files; it takes no --port or --host', usage);
      console.log(`wrote ${exportPlayground(dir)} files of the playground to ${dir}`);
      return;
    }
    const host = stringFlag(args, 'host') ?? '127.0.0.1';
    if (host.trim() === '') throw new UsageError('--host expects an address but received an empty one', usage);
    const { server, url } = await servePlayground(integerFlag(args, 'port', 8080, { min: 0, max: 65535, usage }), host);
    console.log(`attnsim playground at ${url} (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    });
  },
};
