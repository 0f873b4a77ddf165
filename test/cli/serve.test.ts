/** attnsim serve: only the playground's own files over HTTP (raw requests), the URL printed, and --export as static files. */
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { servePlayground, siteFiles } from '../../src/cli/serve';
import { ensureWebBuild } from '../helpers/web_build';
import { cliMain, runCli } from './run_cli';

/** Sends one request line as written (no client-side normalisation of the path) and returns the status code. */
function rawStatus(port: number, method: string, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1])));
    socket.on('error', reject);
  });
}

describe('attnsim serve', () => {
  let server: http.Server, port: number;
  before(async function () {
    this.timeout(60_000);
    await ensureWebBuild();
    const started = await servePlayground(0, '127.0.0.1');
    server = started.server;
    port = Number(new URL(started.url).port);
    assert.strictEqual(started.url, `http://127.0.0.1:${port}/`);
  });
  after(() => server.close());

  it('serves the page and its bundle, with their content types', async () => {
    for (const [target, type] of [['/', 'text/html'], ['/index.html', 'text/html'], ['/main.js', 'text/javascript'], ['/worker.js', 'text/javascript']]) {
      const res = await fetch(`http://127.0.0.1:${port}${target}`);
      assert.strictEqual(res.status, 200, target);
      assert.match(res.headers.get('content-type') ?? '', new RegExp(`^${type}`), target);
      assert.ok((await res.arrayBuffer()).byteLength > 0, target);
    }
  });
  it('refuses every path outside its own files: traversal, encoded traversal, absolute paths, sources (404)', async () => {
    for (const target of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/chunks/../../package.json',
      '//etc/passwd', '/dist/web/index.html', '/../src/index.ts', '/index.html/..', 'http://127.0.0.1/../package.json']) {
      assert.strictEqual(await rawStatus(port, 'GET', target), 404, target);
    }
  });
  it('answers only GET and HEAD (405 otherwise)', async () => {
    assert.strictEqual(await rawStatus(port, 'HEAD', '/index.html'), 200);
    assert.strictEqual(await rawStatus(port, 'POST', '/index.html'), 405);
    assert.strictEqual(await rawStatus(port, 'PUT', '/x'), 405);
  });
  it('the CLI binds 127.0.0.1 by default and prints the URL it serves', async function () {
    this.timeout(15_000);
    const child = spawn(process.execPath, [cliMain, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c) => { out += c; if (out.includes('\n')) resolve(out.split('\n')[0]); });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const url = /^attnsim playground at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)$/.exec(line)?.[1];
      assert.ok(url, line);
      assert.match(await (await fetch(url)).text(), /<title>attnsim playground<\/title>/);
    } finally {
      child.kill('SIGINT');
    }
  });
  it('--export writes the same files as a static site', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attnsim-serve-'));
    try {
      const r = runCli(['serve', '--export', dir]);
      assert.strictEqual(r.status, 0, r.stderr);
      const files = siteFiles();
      assert.strictEqual(r.stdout, `wrote ${files.size} files of the playground to ${dir}\n`);
      for (const [urlPath, file] of files) assert.deepStrictEqual(fs.readFileSync(path.join(dir, urlPath)), fs.readFileSync(file), urlPath);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('the bundle is small and holds no TensorFlow.js: the page and worker under 1 MiB, the whole site under 3 MiB', () => {
    const size = (file: string) => fs.statSync(file).size, files = siteFiles();
    const eager = ['/index.html', '/style.css', '/main.js', '/worker.js'].reduce((sum, f) => sum + size(files.get(f) as string), 0);
    const total = [...files.values()].reduce((sum, f) => sum + size(f), 0);
    assert.ok(eager < 1 << 20, `page and worker: ${eager} bytes`);
    assert.ok(total < 3 << 20, `whole site: ${total} bytes`);
    // registerKernel and registerBackend are tfjs-core's own API: present in any build that bundles TensorFlow.js.
    for (const file of files.values()) assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /registerKernel|registerBackend/, file);
  });
  it('bad flags are usage errors (exit 2) that name the flag', () => {
    const cases: [string[], string][] = [
      [['--port', '70000'], "--port expects an integer from 0 to 65535 but received '70000'"],
      [['--export', 'x', '--port', '1'], '--export writes files; it takes no --port or --host'],
      [['--host', ''], '--host expects an address but received an empty one'],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['serve', ...args]);
      assert.strictEqual(r.status, 2, message);
      assert.strictEqual(r.stderr.split('\n')[0], `attnsim serve: ${message}`);
    }
  });
});
