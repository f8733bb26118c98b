// A plain static file server for the release build, mounted under a sub-path
// (default /school/portfolio/) with no rewrite rules — like a school's hosting.
// It compresses nothing, like Debian's nginx for .wasm or python's
// http.server; with { gzip: true } it gzips every response the browser
// accepts gzipped, like a well-configured server (the benchmark compares).
// `setRoot(dir)` swaps the files it serves (a new release is published);
// `failNext(name, n)` fails the next n requests of a file with 504 Gateway
// Timeout (a poor link); `requests(name)` counts the requests of a file.
// `patchedCopy(dist, file, edit)` is the build with one file changed.
// Usage: node tests/serve.mjs [dist] [port] [prefix]
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
};

export function serve(dist, port = 0, prefix = '/school/portfolio/', { gzip = false } = {}) {
  let root = path.resolve(dist);
  // Files whose next requests fail (a poor link): name → how many.
  const failing = new Map();
  // How many times each file name was asked for.
  const asked = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const name = path.basename(url.pathname);
    asked.set(name, (asked.get(name) || 0) + 1);
    if (failing.get(name) > 0) {
      // As a gateway on a poor link answers when the file did not come.
      failing.set(name, failing.get(name) - 1);
      res.writeHead(504).end('gateway timeout');
      return;
    }
    if (!url.pathname.startsWith(prefix) || req.method !== 'GET') {
      res.writeHead(url.pathname.startsWith(prefix) ? 405 : 404).end('not found');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    const headers = { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' };
    if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' });
      fs.createReadStream(file).pipe(zlib.createGzip({ level: 6 })).pipe(res);
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      resolve({
        server,
        url: `http://127.0.0.1:${p}${prefix}`,
        setRoot: (dir) => {
          root = path.resolve(dir);
        },
        // The next `times` requests of the file named `name` fail.
        failNext: (name, times) => {
          failing.set(name, times);
        },
        requests: (name) => asked.get(name) || 0,
      });
    });
  });
}

/// A copy of the build in a temporary folder with one file changed by
/// `edit(text)` (which must change it: a patch that no longer applies fails
/// the test rather than testing the unchanged build). Returns the folder.
export function patchedCopy(dist, file, edit) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portfolio-patched-'));
  fs.cpSync(dist, dir, { recursive: true });
  const target = path.join(dir, file);
  const before = fs.readFileSync(target, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`${file}: the patch no longer applies (the build changed?)`);
  fs.writeFileSync(target, after);
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dist = 'dist', port = '8080', prefix = '/school/portfolio/'] = process.argv.slice(2);
  serve(dist, Number(port), prefix).then(({ url }) => console.log(`Портфолио: ${url}`));
}
