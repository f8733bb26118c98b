// Benchmark of delivery (figures, not tests): run with `bash bench/run.sh`
// or `node bench/delivery.mjs` after `trunk build --release`.
// 1. The size of the main module and of every chunk, raw and gzip.
// 2. Bytes over the network before the first screen is usable, on a first
//    visit, from a server that compresses nothing and from one that gzips
//    (ratio against the gzipping server, measured in the same run).
// 3. The second visit: bytes over the network (expected: 0 before the first
//    screen; the worker's update check may follow), and the time to the first
//    screen with no network at all.
// 4. Lighthouse 13, mobile, on both servers: performance, accessibility,
//    best practices, LCP and bytes transferred.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { serve } from '../tests/serve.mjs';
import { ARGS, CHROMIUM } from '../tests/e2e/harness.mjs';

const DIST = path.resolve(process.env.DIST || 'dist');
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

// ---- 1. sizes ---------------------------------------------------------------
console.log(`\n## Modules of the release build (${DIST}); KB = 1000 bytes`);
const files = fs.readdirSync(DIST).filter((f) => f.endsWith('.wasm')).sort();
const row = (name, raw, zipped, note = '') => console.log(`${name.padEnd(34)} ${kb(raw).padStart(10)} ${kb(zipped).padStart(10)} gzip  ${note}`);
let chunksRaw = 0, chunksGz = 0;
for (const f of files) {
  const buf = fs.readFileSync(path.join(DIST, f));
  const shipped = fs.statSync(path.join(DIST, `${f}gz`)).size;
  const name = f.replace(/-[0-9a-f]{16}/, '');
  if (!f.startsWith('portfolio-')) {
    chunksRaw += buf.length;
    chunksGz += shipped;
  }
  row(name, buf.length, shipped, f.startsWith('portfolio-') ? '(main module: the first screen)' : f.startsWith('split_') ? '(screen)' : '(shared by screens)');
}
row(`all ${files.length - 1} chunks`, chunksRaw, chunksGz);
for (const f of fs.readdirSync(DIST).filter((f) => /\.(js|css|html|webmanifest)$/.test(f)).sort()) {
  const buf = fs.readFileSync(path.join(DIST, f));
  row(f.replace(/-[0-9a-f]{16}/, ''), buf.length, gz(buf));
}

// What the first screen needs: index.html and what it links, the bindings'
// chunk loader, the gzipped main module — against the 250 KB gzip budget.
const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
// (The main module is named in the inline script that starts its download.)
const linked = [...html.matchAll(/(?:href|src)="\.?\/?([^"#?]+)"|"\.\/([^"]+\.wasmgz)"/g)]
  .map((m) => m[1] || m[2])
  .filter((f) => fs.existsSync(path.join(DIST, f)));
let needed = gz(Buffer.from(html));
for (const f of new Set(linked)) {
  const buf = fs.readFileSync(path.join(DIST, f));
  needed += f.endsWith('.wasmgz') ? buf.length : gz(buf);
}
console.log(`first screen's assets, gzipped (index.html and the ${new Set(linked).size} files it links): ${kb(needed)}, ${(needed / 2500).toFixed(1)} % of the 250 KB budget`);

// ---- 2 and 3. bytes over the network --------------------------------------------
/// Bytes received (headers and bodies, as the network saw them) from the
/// navigation until the app's first screen is usable (`data-ready-ms` set
/// by the app once its data is shown), and the milliseconds that took.
async function firstScreen(page, url, { offline = false } = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  let fromNetwork = 0;
  const viaWorker = new Set();
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.fromServiceWorker) viaWorker.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (viaWorker.has(e.requestId)) return;
    bytes += e.encodedDataLength;
    fromNetwork += 1;
  });
  if (offline) await page.context().setOffline(true);
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.readyMs !== undefined);
  const result = { bytes, requests: fromNetwork };
  result.ms = Number(await page.evaluate(() => document.body.dataset.readyMs));
  await cdp.detach();
  if (offline) await page.context().setOffline(false);
  return result;
}

const plain = await serve(DIST, 0, '/school/portfolio/');
const gzipped = await serve(DIST, 0, '/school/portfolio/', { gzip: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const visits = {};
for (const [label, server] of [['compresses nothing', plain], ['gzips', gzipped]]) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await ctx.newPage();
  const first = await firstScreen(page, server.url);
  // The worker stores the app once the first screen is there.
  await page.waitForFunction(() => globalThis.portfolioShell?.offlineReady === true, null, { timeout: 60_000 });
  const second = await firstScreen(await ctx.newPage(), server.url);
  const offline = await firstScreen(await ctx.newPage(), server.url, { offline: true });
  visits[label] = { first, second, offline };
  await ctx.close();
}
const base = visits.gzips.first.bytes;
console.log('\n## First screen (Chromium headless, 360 px, local server)');
for (const [label, v] of Object.entries(visits)) {
  console.log(`server ${label}:`);
  console.log(`  first visit, before the first screen is usable  ${kb(v.first.bytes).padStart(10)} in ${v.first.requests} requests, ${v.first.ms} ms   ${(v.first.bytes / base).toFixed(2)}× the gzipping server`);
  console.log(`  second visit, over the network                   ${kb(v.second.bytes).padStart(10)} in ${v.second.requests} requests, ${v.second.ms} ms`);
  console.log(`  second visit with no network: first screen in    ${`${v.offline.ms} ms`.padStart(10)} (${v.offline.requests} requests went out)`);
}
await browser.close();

// ---- 4. Lighthouse -------------------------------------------------------------
if (process.env.LIGHTHOUSE === '0') {
  console.log('\n(LIGHTHOUSE=0: Lighthouse skipped)');
} else {
  const { default: lighthouse } = await import('lighthouse');
  const { launch } = await import('chrome-launcher');
  console.log('\n## Lighthouse, mobile (simulated slow 4G, 4× CPU), start page, first visit');
  for (const [label, server] of [['compresses nothing', plain], ['gzips', gzipped]]) {
    const scores = [];
    for (let i = 0; i < Number(process.env.LH_RUNS || 3); i++) {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'portfolio-lh-'));
      const chrome = await launch({
        chromePath: CHROMIUM, userDataDir: profile,
        chromeFlags: ['--headless=new', ...ARGS],
      });
      const result = await lighthouse(server.url, {
        port: chrome.port, output: 'json', logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
      });
      await chrome.kill();
      fs.rmSync(profile, { recursive: true, force: true });
      const lhr = result.lhr;
      scores.push({
        performance: Math.round(lhr.categories.performance.score * 100),
        accessibility: Math.round(lhr.categories.accessibility.score * 100),
        best: Math.round(lhr.categories['best-practices'].score * 100),
        lcp: lhr.audits['largest-contentful-paint'].numericValue,
        fcp: lhr.audits['first-contentful-paint'].numericValue,
        tbt: lhr.audits['total-blocking-time'].numericValue,
        si: lhr.audits['speed-index'].numericValue,
        cls: lhr.audits['cumulative-layout-shift'].numericValue,
        bytes: lhr.audits['total-byte-weight'].numericValue,
        failed: Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && ['accessibility', 'best-practices'].some((c) => lhr.categories[c].auditRefs.some((r) => r.id === a.id && r.weight > 0))).map((a) => a.id),
      });
    }
    const med = (k) => [...scores.map((s) => s[k])].sort((a, b) => a - b)[Math.floor(scores.length / 2)];
    console.log(`server ${label} (median of ${scores.length}): performance ${med('performance')}, accessibility ${med('accessibility')}, best practices ${med('best')}, LCP ${(med('lcp') / 1000).toFixed(2)} s, ${kb(med('bytes'))} transferred`);
    console.log(`  what makes the score (medians): FCP ${(med('fcp') / 1000).toFixed(2)} s, LCP ${(med('lcp') / 1000).toFixed(2)} s, total blocking time ${med('tbt').toFixed(0)} ms, speed index ${(med('si') / 1000).toFixed(2)} s, layout shift ${med('cls').toFixed(3)}`);
    console.log(`  runs: ${scores.map((s) => `${s.performance}/${s.accessibility}/${s.best}`).join(', ')}${scores.some((s) => s.failed.length) ? `; audits below 100: ${[...new Set(scores.flatMap((s) => s.failed))].join(', ')}` : ''}`);
  }
}
plain.server.close();
gzipped.server.close();
