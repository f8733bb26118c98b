// Benchmarks (figures, not tests): run with `bash bench/run.sh`.
// (1. Sizes and delivery are in bench/delivery.mjs.)
// 2. A generated school (default 1,000 students × 50 achievements) written
//    into the app's IndexedDB, then: the app's start-up load, the first screen,
//    one class page, one student's achievements and a filter change — each
//    beside a baseline measured in the same page: raw IndexedDB getAll of the
//    same records plus JSON.parse.
// 3. Export and import of that school through «Резервная копия и обмен»,
//    beside JSON.stringify / JSON.parse of the same file; the import on the
//    device that wrote it and on a fresh one (beside a plain page's first
//    file: read as text and JSON.parse'd in a new browser context).
// 4. The same with «Зашифровать паролем», beside plain WebCrypto.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../tests/serve.mjs';
import { ARGS, CHROMIUM } from '../tests/e2e/harness.mjs';
import { storeSchool } from './seed.mjs';

const DIST = path.resolve(process.env.DIST || 'dist');
const DATA = path.resolve(process.env.BENCH_DATA || 'bench/data/school.json');
const RUNS = Number(process.env.RUNS || 5);

const ms = (n) => `${n.toFixed(1)} ms`;
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

// ---- 2. timings --------------------------------------------------------------
if (!fs.existsSync(DATA)) {
  console.log(`\n(no data at ${DATA}: timings skipped)`);
  process.exit(0);
}
const { server, url } = await serve(DIST, 0, '/school/portfolio/');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
// The timing helpers below build functions from text in the page, which the
// app's Content-Security-Policy forbids: this measuring context bypasses it.
const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
const page = await ctx.newPage();
page.setDefaultTimeout(120_000);
const loaded = await storeSchool(page, url, DATA);
console.log(`\n## ${loaded.students} students, ${loaded.achievements} achievements, ${(loaded.bytes / 1e6).toFixed(1)} MB of records`);

/// Time until `ready()` holds, checked every animation frame, from `start()`.
async function timeUntil(start, readyFn, arg) {
  return page.evaluate(async ({ start, ready, arg }) => {
    const ok = new Function('arg', `return (${ready})(arg)`);
    const t0 = performance.now();
    new Function('arg', `(${start})(arg)`)(arg);
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      if (ok(arg)) return performance.now() - t0;
    }
  }, { start: start.toString(), ready: readyFn.toString(), arg });
}

const rows = { load: [], firstScreen: [], rawGetAll: [], rawParse: [], classPage: [], student: [], filter: [] };
const classId = 'class-000';
let studentId;
for (let i = 0; i < RUNS; i++) {
  await page.goto(url + '#/');
  await page.reload(); // a fresh start of the app on the stored school
  // Once every record is read (the first screen shows before: bench/startup.mjs).
  await page.waitForFunction(() => document.body.dataset.recordsMs !== undefined);
  rows.load.push(Number(await page.evaluate(() => document.body.dataset.loadMs)));
  rows.firstScreen.push(Number(await page.evaluate(() => document.body.dataset.readyMs)));
  await page.getByRole('heading', { name: 'Классы', exact: true }).waitFor();
  // Baseline in the same page: raw IndexedDB getAll, then JSON.parse.
  const raw = await page.evaluate(async () => {
    const db = await new Promise((ok) => { const r = indexedDB.open('portfolio'); r.onsuccess = () => ok(r.result); });
    const t0 = performance.now();
    const all = await new Promise((ok) => {
      const r = db.transaction('students').objectStore('students').getAll();
      r.onsuccess = () => ok(r.result);
    });
    const t1 = performance.now();
    const parsed = all.map((s) => JSON.parse(s));
    const t2 = performance.now();
    db.close();
    return { getAll: t1 - t0, parse: t2 - t1, id: parsed[0].student.id };
  });
  rows.rawGetAll.push(raw.getAll);
  rows.rawParse.push(raw.parse);
  studentId = raw.id;
  rows.classPage.push(await timeUntil(
    (id) => { location.hash = `#/class/${id}`; },
    () => document.querySelectorAll('ol.cards li').length >= 25,
    classId,
  ));
  rows.student.push(await timeUntil(
    (id) => { location.hash = `#/student/${id}/achievements`; },
    () => document.querySelectorAll('ul.achievements li').length >= 50,
    studentId,
  ));
  rows.filter.push(await timeUntil(
    () => {
      const s = document.getElementById('filter-type');
      s.value = 'types-1';
      s.dispatchEvent(new Event('change', { bubbles: true }));
    },
    () => /^Найдено/.test(document.querySelector('p.summary')?.textContent || ''),
  ));
}
const base = median(rows.rawGetAll) + median(rows.rawParse);
console.log(`median of ${RUNS} runs (Chromium headless, 360 px):`);
console.log(`  app start-up load (open + getAll + serde)  ${ms(median(rows.load)).padStart(10)}   ${(median(rows.load) / base).toFixed(2)}× baseline`);
console.log(`  baseline: raw getAll                      ${ms(median(rows.rawGetAll)).padStart(10)}`);
console.log(`  baseline: JSON.parse of the same records  ${ms(median(rows.rawParse)).padStart(10)}`);
console.log(`  baseline total                            ${ms(base).padStart(10)}`);
console.log(`  navigation start → data shown             ${ms(median(rows.firstScreen)).padStart(10)}`);
console.log(`  class page (25 students) rendered         ${ms(median(rows.classPage)).padStart(10)}`);
console.log(`  student's 50 achievements rendered        ${ms(median(rows.student)).padStart(10)}`);
console.log(`  filter by type applied                    ${ms(median(rows.filter)).padStart(10)}`);

/// Clicks «Сохранить файл» and times, in the page, until the app says the
/// file is saved; gives the download and the milliseconds.
function timedExport(page) {
  return Promise.all([
    page.waitForEvent('download'),
    page.evaluate(async () => {
      const t0 = performance.now();
      [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Сохранить файл').click();
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r));
        if ([...document.querySelectorAll('[role=status]')].some((e) => /сохранён в папку загрузок/.test(e.textContent))) {
          return performance.now() - t0;
        }
      }
    }),
  ]);
}

// ---- 2b. the assessment screens on the same school ----------------------------
// Each from the address change until its table is on screen, beside the same
// table built by plain DOM calls in the same page (the cells copied from the
// app's table): what the app costs on top of putting the rows on screen.
/// Rebuilds `selector`'s table with createElement and returns the ms.
async function plainDom(selector) {
  return page.evaluate((sel) => {
    const rows = [...document.querySelector(sel).querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    const t0 = performance.now();
    const table = document.createElement('table');
    for (const r of rows) {
      const tr = document.createElement('tr');
      for (const c of r) {
        const td = document.createElement('td');
        td.textContent = c;
        tr.append(td);
      }
      table.append(tr);
    }
    document.body.append(table);
    table.getBoundingClientRect();
    const ms = performance.now() - t0;
    table.remove();
    return ms;
  }, selector);
}
const assess = { classTable: [], classPlain: [], reports: [], reportsPlain: [], rating: [], rows: 0, reportRows: 0 };
for (let i = 0; i < RUNS; i++) {
  await page.goto(url + '#/');
  await page.getByRole('heading', { name: 'Классы', exact: true }).waitFor();
  // Load the chunks first: the figures are about computing and drawing.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
  assess.classTable.push(await timeUntil(
    (id) => { location.hash = `#/class/${id}/achievements?year=2025&sort=points&desc=1`; },
    () => document.querySelectorAll('table.class-table tbody tr').length >= 25,
    classId,
  ));
  assess.rows = await page.locator('table.class-table tbody tr').count();
  assess.classPlain.push(await plainDom('table.class-table'));
  assess.reports.push(await timeUntil(
    () => { location.hash = '#/reports?year=2025'; },
    () => !!document.querySelector('#report-gifted table'),
  ));
  assess.reportRows = await page.locator('main table tr').count();
  assess.reportsPlain.push(await page.evaluate(async () => {
    // Every report table of the page, rebuilt.
    let total = 0;
    for (const t of document.querySelectorAll('main table')) {
      const rows = [...t.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent));
      const t0 = performance.now();
      const table = document.createElement('table');
      for (const r of rows) {
        const tr = document.createElement('tr');
        for (const c of r) { const td = document.createElement('td'); td.textContent = c; tr.append(td); }
        table.append(tr);
      }
      document.body.append(table);
      table.getBoundingClientRect();
      total += performance.now() - t0;
      table.remove();
    }
    return total;
  }));
  assess.rating.push(await timeUntil(
    (id) => { location.hash = `#/student/${id}/rating?year=2025`; },
    () => /место в классе из/.test(document.querySelector('p.standing')?.textContent || ''),
    studentId,
  ));
}
console.log(`\n## assessment on the same school (median of ${RUNS}; the first run also loads the chunks)`);
console.log(`  class «Достижения» table, ${assess.rows} rows, sorted by points   ${ms(median(assess.classTable)).padStart(10)}   ${(median(assess.classTable) / median(assess.classPlain)).toFixed(1)}× plain DOM (${ms(median(assess.classPlain))})`);
console.log(`  «Отчёты» for the school (6 reports, ${assess.reportRows} table rows) ${ms(median(assess.reports)).padStart(10)}   ${(median(assess.reports) / median(assess.reportsPlain)).toFixed(1)}× plain DOM (${ms(median(assess.reportsPlain))})`);
console.log(`  a student's «Рейтинг» (the standing among 1,000 students)    ${ms(median(assess.rating)).padStart(10)}`);

// ---- 3. export and import of the whole school --------------------------------
// Timed in the page: from the click (or the file input's change event) until
// the app says it is done; baselines on the same file in the same page.
await page.goto(url + '#/admin/exchange');
await page.getByRole('heading', { name: 'Сохранить в файл' }).waitFor();
await page.getByLabel('С документами (сканы и фотографии)').uncheck();
// The longest task on the main thread (PerformanceObserver «longtask»:
// every task over 50 ms) from here on, read and reset by `longest()`.
// Only tasks that start after `since` (the click, the file picked) count:
// handing a 23 MB file to the page is the test driver's work, not the app's.
await page.evaluate(() => {
  window.__tasks = [];
  new PerformanceObserver((list) => window.__tasks.push(...list.getEntries().map((e) => [e.startTime, e.duration])))
    .observe({ type: 'longtask' });
});
const longest = (since = 0) => page.evaluate(async (from) => {
  await new Promise((r) => setTimeout(r, 100));
  const v = Math.max(0, ...window.__tasks.filter(([t]) => t >= (from ?? window.__picked ?? 0)).map(([, d]) => d));
  window.__tasks = [];
  return v;
}, since);
await longest();
const exportFrom = await page.evaluate(() => performance.now());
const [download, exportMs] = await timedExport(page);
const exportLongest = await longest(exportFrom);
const exported = fs.readFileSync(await download.path());
// Picked as a user picks it: a file on disk (the browser reads it from
// there). Handing Playwright the bytes instead builds the file in the page
// (atob + new File), and the first read then waits for those 23 MB to reach
// the browser process — a cost of the test driver, not of opening a file.
const exportedPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'portfolio-bench-')), 'school.json');
fs.writeFileSync(exportedPath, exported);
// Opening is timed from the file input's change event until the preview (or
// «нет ничего нового») shows; TRIES times, the median printed.
const TRIES = 3;
const pick = (p) => p.evaluate(() => document.addEventListener('change', (e) => {
  if (e.target.id === 'import-file') {
    window.__picked = performance.now();
    window.__file = e.target.files[0];
  }
}, { capture: true, once: true }));
// (The last opening's answer goes when a file is picked: waited for first.)
const opened = (p) => p.evaluate(async () => {
  const answered = () => /нет ничего нового|Что изменится/.test(document.body.textContent);
  let cleared = !answered();
  for (;;) {
    await new Promise((r) => requestAnimationFrame(r));
    if (!cleared) cleared = !answered();
    else if (answered()) return performance.now() - window.__picked;
  }
});
async function openTimed(p) {
  await pick(p);
  await p.getByLabel('Открыть файл').setInputFiles(exportedPath);
  return opened(p);
}
// A plain page's whole opening: the file picked in its own input
// (#plain-file) read as text and JSON.parse'd, timed from the change event.
async function plainOpen(p) {
  const done = p.evaluate(() => new Promise((resolve) => {
    document.getElementById('plain-file').addEventListener('change', async (e) => {
      const t0 = performance.now();
      JSON.parse(await e.target.files[0].text());
      resolve(performance.now() - t0);
      e.target.value = ''; // the same file picked again is a change (as in the app)
    }, { once: true });
  }));
  await p.locator('#plain-file').setInputFiles(exportedPath);
  return done;
}
// Baselines in the same page: JSON.parse (and JSON.stringify) of the file's
// text; and a plain page's whole opening — a picked file read as text and
// JSON.parse'd (from its own file input's change event).
const baseline = async (p) => {
  const b64 = exported.toString('base64');
  const runs = [];
  for (let i = 0; i < TRIES; i++) {
    runs.push(await p.evaluate(async (b) => {
      const text = new TextDecoder().decode(Uint8Array.from(atob(b), (c) => c.charCodeAt(0)));
      const t0 = performance.now();
      const obj = JSON.parse(text);
      const t1 = performance.now();
      JSON.stringify(obj);
      const t2 = performance.now();
      return { parse: t1 - t0, stringify: t2 - t1 };
    }, b64));
  }
  await p.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { type: 'file', id: 'plain-file' });
    input.setAttribute('aria-label', 'plain');
    document.body.append(input);
  });
  const plain = [];
  for (let i = 0; i < TRIES; i++) plain.push(await plainOpen(p));
  await p.evaluate(() => document.getElementById('plain-file').remove());
  return { parse: median(runs.map((r) => r.parse)), stringify: median(runs.map((r) => r.stringify)), plain: median(plain) };
};
const sameRuns = [];
let importLongest = 0;
for (let i = 0; i < TRIES; i++) {
  await longest();
  sameRuns.push(await openTimed(page));
  importLongest = Math.max(importLongest, await longest(null));
}
const importMs = median(sameRuns);
// The browser's own share of opening: reading the picked file's bytes again.
const readMs = await page.evaluate(async () => {
  const t0 = performance.now();
  await window.__file.arrayBuffer();
  return performance.now() - t0;
});
const json = await baseline(page);
// The same file on a fresh device (a new laptop restoring the backup):
// no stored text to recognise, every student read and added.
const freshRuns = [];
const warmRuns = [];
const plainFirstRuns = [];
let freshJson;
// The floor of a first opening: a plain page in a new browser context that
// only reads the picked file as text and calls JSON.parse — the browser's
// first read of the file and its first parse into a fresh heap.
async function plainFirst() {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.setContent('<input type="file" id="plain-file" aria-label="plain">');
  const took = await plainOpen(p);
  await ctx.close();
  return took;
}
for (let i = 0; i < TRIES; i++) {
  const freshCtx = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
  const fresh = await freshCtx.newPage();
  fresh.setDefaultTimeout(120_000);
  await fresh.goto(url + '#/admin/exchange');
  await fresh.getByRole('heading', { name: 'Сохранить в файл' }).waitFor();
  freshRuns.push(await openTimed(fresh));
  // The same file again in the same page (nothing was applied: the device
  // is still fresh), now that the browser has optimised the reader's code
  // (the first time it runs what it compiled quickly at load) and the
  // page's memory is in place.
  warmRuns.push(await openTimed(fresh));
  if (i === 0) freshJson = await baseline(fresh);
  await freshCtx.close();
  plainFirstRuns.push(await plainFirst());
}
const freshMs = median(freshRuns);
const warmMs = median(warmRuns);
const plainFirstMs = median(plainFirstRuns);
const runs = (a) => a.map((x) => x.toFixed(0)).join(', ');
console.log(`\n## export and import of the whole school (${(exported.length / 1e6).toFixed(1)} MB file, no documents); import: median of ${TRIES}`);
console.log(`  export: build the file and hand it to the browser  ${ms(exportMs).padStart(10)}   ${(exportMs / json.stringify).toFixed(1)}× JSON.stringify (${ms(json.stringify)})`);
console.log(`  import on the device that wrote it (its students recognised by the text storage holds)`);
console.log(`    file picked → preview                          ${ms(importMs).padStart(10)}   ${(importMs / json.parse).toFixed(1)}× JSON.parse (${ms(json.parse)}); ${(importMs / json.plain).toFixed(1)}× a plain page's file.text() + JSON.parse (${ms(json.plain)}); runs ${runs(sameRuns)}`);
console.log(`    reading the picked file again (arrayBuffer)   ${ms(readMs).padStart(10)}`);
console.log(`  import on a fresh device (every student read)`);
console.log(`    the first file after the app started           ${ms(freshMs).padStart(10)}   ${(freshMs / freshJson.parse).toFixed(1)}× JSON.parse (${ms(freshJson.parse)}); ${(freshMs / freshJson.plain).toFixed(1)}× file.text() + JSON.parse (${ms(freshJson.plain)}); runs ${runs(freshRuns)}`);
console.log(`    a plain page's first file (file.text() + JSON.parse in a new context) ${ms(plainFirstMs)} = ${(plainFirstMs / freshJson.parse).toFixed(1)}× JSON.parse; the app's first file is ${(freshMs / plainFirstMs).toFixed(1)}× that; runs ${runs(plainFirstRuns)}`);
console.log(`    the same file again (the browser's code warm)  ${ms(warmMs).padStart(10)}   ${(warmMs / freshJson.parse).toFixed(1)}× JSON.parse; ${(warmMs / freshJson.plain).toFixed(1)}× file.text() + JSON.parse; runs ${runs(warmRuns)}`);
console.log(`  longest main-thread task: export ${ms(exportLongest)}, import ${ms(importLongest)} (0: none over 50 ms)`);

// ---- 4. the same file encrypted with a passphrase ------------------------------
// The app's export with «Зашифровать паролем» and its import with the
// passphrase, beside plain WebCrypto in the same page: PBKDF2-SHA256 × 600,000
// plus AES-256-GCM over the same plaintext.
const PASS = 'северное сияние над Биллингсом';
await page.goto(url + '#/admin/exchange');
await page.getByRole('heading', { name: 'Сохранить в файл' }).waitFor();
await page.getByLabel('С документами (сканы и фотографии)').uncheck();
await page.getByLabel('Зашифровать паролем').check();
await page.getByLabel('Пароль для файла', { exact: true }).fill(PASS);
await page.getByLabel('Пароль ещё раз', { exact: true }).fill(PASS);
const [sealedDownload, sealedExportMs] = await timedExport(page);
const sealedFile = fs.readFileSync(await sealedDownload.path());
await page.getByLabel('Открыть файл').setInputFiles({ name: 'school-encrypted.json', mimeType: 'application/json', buffer: sealedFile });
await page.getByLabel('Пароль файла', { exact: true }).fill(PASS);
const sealedImportMs = await page.evaluate(async () => {
  const t0 = performance.now();
  [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Расшифровать').click();
  for (;;) {
    await new Promise((r) => requestAnimationFrame(r));
    if (/нет ничего нового|Что изменится/.test(document.body.textContent)) return performance.now() - t0;
  }
});
const crypto = await page.evaluate(async ([b64, pass]) => {
  const plain = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const enc = new TextEncoder();
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const t0 = performance.now();
  const base = await crypto.subtle.importKey('raw', enc.encode(pass), 'PBKDF2', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 600000 }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const t1 = performance.now();
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain);
  const t2 = performance.now();
  await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, sealed);
  const t3 = performance.now();
  return { kdf: t1 - t0, encrypt: t2 - t1, decrypt: t3 - t2 };
}, [exported.toString('base64'), PASS]);
const baseSeal = json.stringify + crypto.kdf + crypto.encrypt;
const baseOpen = crypto.kdf + crypto.decrypt + json.parse;
console.log(`\n## the same school encrypted (${(sealedFile.length / 1e6).toFixed(1)} MB file), one run`);
console.log(`  baseline: PBKDF2-SHA256 × 600,000            ${ms(crypto.kdf).padStart(10)}`);
console.log(`  baseline: AES-256-GCM encrypt / decrypt      ${ms(crypto.encrypt).padStart(10)} / ${ms(crypto.decrypt)}`);
console.log(`  export with a passphrase                     ${ms(sealedExportMs).padStart(10)}   ${(sealedExportMs / baseSeal).toFixed(1)}× (JSON.stringify + key + encrypt: ${ms(baseSeal)})`);
console.log(`  import: decrypt, read, check, merge, preview ${ms(sealedImportMs).padStart(10)}   ${(sealedImportMs / baseOpen).toFixed(1)}× (key + decrypt + JSON.parse: ${ms(baseOpen)})`);
await browser.close();
fs.rmSync(path.dirname(exportedPath), { recursive: true, force: true });
server.close();
