// trunk post_build hook: turns trunk's single wasm into the app users get.
//
// trunk 0.21 compiles the crate but cannot split a wasm (trunk#1022), so this
// step takes cargo's raw module (linked with --emit-relocs) and
//  1. splits it at the app's #[wasm_split] points into a main module and
//     lazily loaded chunks (wasm-split-cli);
//  2. binds the main module (wasm-bindgen --target web);
//  3. optimises every module for size (wasm-opt -Oz, release only);
//  4. writes each wasm twice — plain and gzipped (`.wasmgz`, unpacked in the
//     page by src/js/load.js, for servers that compress nothing);
//  5. names every file by its content, writes the start script (boot.js),
//     the service worker with its precache list (sw.js), and index.html with
//     a strict Content-Security-Policy (hashes of any inline script).
// Environment (set by trunk): TRUNK_PROFILE, TRUNK_STAGING_DIR,
// TRUNK_SOURCE_DIR. PORTFOLIO_RELEASE adds a label to the version (tests use
// it for a "next release" build of the same code).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { minify } from 'terser';

const env = process.env;
const staging = env.TRUNK_STAGING_DIR;
const source = env.TRUNK_SOURCE_DIR || process.cwd();
const release = env.TRUNK_PROFILE === 'release';
if (!staging) throw new Error('post_build.mjs runs as a trunk hook (TRUNK_STAGING_DIR is not set)');

const BIN = 'portfolio';
const targetDir = env.CARGO_TARGET_DIR || path.join(source, 'target');
const raw = path.join(targetDir, 'wasm32-unknown-unknown', release ? 'release' : 'debug', `${BIN}.wasm`);
const jsDir = path.join(source, 'src', 'js');

const execFileAsync = promisify(execFile);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const hash = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
};
const started = Date.now();

// 1. Split.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'portfolio-split-'));
const splitDir = path.join(work, 'split');
fs.mkdirSync(splitDir);
run('wasm-split-cli', [raw, splitDir, '--out-name', BIN]);

// 2. Bind the main module; the chunks talk to it through __wasm_split.js.
const bindDir = path.join(work, 'bind');
run('wasm-bindgen', [
  '--target', 'web', '--keep-lld-exports', '--no-demangle', '--no-typescript',
  '--out-dir', bindDir, '--out-name', BIN, path.join(splitDir, `${BIN}.wasm`),
]);
if (fs.existsSync(path.join(bindDir, 'snippets'))) {
  throw new Error('wasm-bindgen wrote JS snippets; post_build.mjs does not copy them yet');
}

// 3. Optimise. Chunks and main are optimised one by one: the exports and
// imports that join them are kept by name.
const chunks = fs.readdirSync(splitDir).filter((f) => f.endsWith('.wasm') && f !== `${BIN}.wasm`).sort();
const modules = [
  { file: path.join(bindDir, `${BIN}_bg.wasm`), stem: BIN },
  ...chunks.map((f) => ({ file: path.join(splitDir, f), stem: f.replace(/\.wasm$/, ''), chunk: f })),
];
if (release) {
  // Two at a time: the machines have two cores.
  const queue = [...modules];
  const worker = async () => {
    for (let m = queue.shift(); m; m = queue.shift()) {
      await execFileAsync('wasm-opt', ['-Oz', '--low-memory-unused', '--zero-filled-memory', m.file, '-o', m.file]);
    }
  };
  await Promise.all([worker(), worker()]);
}

// 4 and 5. Content names, plain and gzipped copies.
for (const f of fs.readdirSync(staging)) {
  // trunk's own bindings of the unsplit module: replaced below.
  if (f.startsWith(`${BIN}-`) && (f.endsWith('.js') || f.endsWith('.wasm'))) fs.rmSync(path.join(staging, f));
}
const written = []; // [name, hashed]
const wasmFiles = []; // [plain, gzipped]
// Scripts are minified in release builds: servers that compress nothing
// send them as they are.
const script = async (text) =>
  release ? (await minify(text, { module: true, ecma: 2020, compress: { passes: 2 }, mangle: true })).code : text;
const write = async (name, text, hashed = true) => {
  fs.writeFileSync(path.join(staging, name), await script(text));
  written.push([name, hashed]);
};
const writeWasm = (name, bytes) => {
  fs.writeFileSync(path.join(staging, name), bytes);
  fs.writeFileSync(path.join(staging, `${name}gz`), zlib.gzipSync(bytes, { level: 9 }));
  wasmFiles.push([name, `${name}gz`]);
};
const names = {};
for (const m of modules) {
  const bytes = fs.readFileSync(m.file);
  const name = m.chunk ? `${m.stem}-${hash(bytes)}.wasm` : `${BIN}-${hash(bytes)}_bg.wasm`;
  names[m.chunk || 'main'] = name;
  writeWasm(name, bytes);
}

let splitJs = fs.readFileSync(path.join(splitDir, '__wasm_split.js'), 'utf8');
let glueJs = fs.readFileSync(path.join(bindDir, `${BIN}.js`), 'utf8');
const loadJs = fs.readFileSync(path.join(jsDir, 'load.js'), 'utf8');
// Chunks are fetched through the loader that unpacks the gzipped copy.
const fetchPattern = /fetch\(new URL\("\.\/([^"]+\.wasm)", import\.meta\.url\)\)/g;
let patched = 0;
splitJs = splitJs.replace(fetchPattern, (_, file) => {
  if (!names[file]) throw new Error(`__wasm_split.js fetches an unknown chunk ${file}`);
  patched += 1;
  return `wasmResponse(new URL("./${names[file]}", import.meta.url))`;
});
if (patched !== chunks.length) {
  throw new Error(`__wasm_split.js: patched ${patched} chunk fetches, expected ${chunks.length} (wasm-split-cli output changed?)`);
}
// A chunk that fails to load is logged — but not the background downloads
// a reload or a link cuts short (Firefox rejects them as the page goes; the
// app's cache is complete and the next start loads them again).
const logFailure = 'console.error(e);';
if (splitJs.split(logFailure).length !== 2) throw new Error('__wasm_split.js no longer logs a failed chunk as expected');
splitJs = splitJs.replace(logFailure, 'if (!leaving()) console.error(e);');

// One version for the files that import each other (glue ↔ __wasm_split.js).
const build = hash(loadJs, splitJs, glueJs, ...Object.values(names), env.PORTFOLIO_RELEASE || '');
const loaderName = `load-${hash(loadJs)}.js`;
const splitName = `split-${build}.js`;
const glueName = `${BIN}-${build}.js`;
splitJs = `import { wasmResponse, leaving } from "./${loaderName}";\n` + splitJs.replace(`from "./${BIN}.js"`, `from "./${glueName}"`);
if (!splitJs.includes(glueName)) throw new Error('__wasm_split.js does not import the bindings as expected');
// Only the import path changes: wasm-bindgen's import-object keys keep the
// module name the wasm asks for.
const splitImport = /from (["'])\.\/__wasm_split\.js\1/g;
if (!splitImport.test(glueJs)) throw new Error('the bindings do not import __wasm_split.js as expected');
glueJs = glueJs.replace(splitImport, `from "./${splitName}"`);
await write(loaderName, loadJs);
await write(splitName, splitJs);
await write(glueName, glueJs);

const cargoVersion = /^version\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(path.join(source, 'Cargo.toml'), 'utf8'))[1];
// The service worker's cache is named by it (src/js/sw.js).
const version = build + (env.PORTFOLIO_RELEASE ? `-${env.PORTFOLIO_RELEASE}` : '');
const label = `${cargoVersion} · сборка ${build.slice(0, 8)}${env.PORTFOLIO_RELEASE ? ` (${env.PORTFOLIO_RELEASE})` : ''}`;
const bootJs = fs
  .readFileSync(path.join(jsDir, 'boot.js'), 'utf8')
  .replace('./__GLUE__', `./${glueName}`)
  .replace('./__LOADER__', `./${loaderName}`)
  .replace('./__WASM__', `./${names.main}`)
  .replace('__BUILD__', label)
  .replace('__CACHE__', `portfolio-${version}`);
const bootName = `boot-${hash(bootJs)}.js`;
await write(bootName, bootJs);

// index.html: the start script instead of trunk's inline one, preloads, CSP.
const htmlPath = path.join(staging, 'index.html');
let html = fs.readFileSync(htmlPath, 'utf8');
html = html.replace(/<link[^>]*data-trunk[^>]*>\s*/g, '');
// The main module's download starts as the page is parsed, from a one-line
// inline script: not a <link rel="preload" as="fetch">, whose response
// WebKit (every iPhone browser) never hands to fetch(), so it downloaded
// the module twice. boot.js takes the response (src/js/load.js).
const early =
  `self.portfolioWasm=fetch(typeof DecompressionStream=="function"?"./${names.main}gz":"./${names.main}");` +
  'self.portfolioWasm.catch(function(){});';
const head = [
  `<script>${early}</script>`,
  `<link rel="modulepreload" href="./${glueName}">`,
  `<link rel="modulepreload" href="./${splitName}">`,
  `<link rel="modulepreload" href="./${loaderName}">`,
  `<script type="module" src="./${bootName}"></script>`,
].join('\n    ');
html = html.replace('</head>', `    ${head}\n  </head>`);
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  (m) => `'sha256-${crypto.createHash('sha256').update(m[1]).digest('base64')}'`,
);
const csp = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval'${inline.map((h) => ` ${h}`).join('')}`,
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  // The app reads its own object URLs (documents it shows) — no host.
  "connect-src 'self' blob:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace(/<meta charset="utf-8"\s*\/?>/, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`);
if (!html.includes('Content-Security-Policy')) throw new Error('index.html has no <meta charset="utf-8" />');
fs.writeFileSync(htmlPath, html);

// The service worker: everything the app may need offline.
const files = [];
const walk = (dir, rel = '') => {
  for (const f of fs.readdirSync(dir)) {
    const full = path.join(dir, f);
    const r = rel ? `${rel}/${f}` : f;
    if (fs.statSync(full).isDirectory()) walk(full, r);
    else files.push(r);
  }
};
walk(staging);
const hashedNames = new Set(written.filter(([, h]) => h).map(([n]) => n));
const wasmNames = new Set(wasmFiles.flat());
const precache = files
  .filter((f) => !wasmNames.has(f) && f !== 'sw.js')
  .sort()
  // trunk names copied CSS with a hash too (main-<hash>.css).
  .map((f) => [f, hashedNames.has(f) || /-[0-9a-f]{16}\.(css|js)$/.test(f)]);
const swJs = fs
  .readFileSync(path.join(jsDir, 'sw.js'), 'utf8')
  .replace('__VERSION__', version)
  .replace('__FILES__', JSON.stringify(precache))
  .replace('__WASM__', JSON.stringify(wasmFiles));
fs.writeFileSync(path.join(staging, 'sw.js'), await script(swJs));

fs.rmSync(work, { recursive: true, force: true });
const size = (n) => fs.statSync(path.join(staging, n)).size;
const kb = (b) => `${(b / 1000).toFixed(1)} KB`;
console.log(
  `post_build: ${chunks.length} chunks; main ${kb(size(names.main))} (gzip ${kb(size(`${names.main}gz`))}); ` +
    `version ${label}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
