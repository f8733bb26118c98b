// Benchmark (figures, not a test): a start of the app as a teacher makes it,
// on a device holding the generated school (bench/data/school.json, 1,000
// students × 50 achievements by default) beside one holding a single class
// (bench/data/one-class.json, 25 × 50), each in its own browser profile:
// from navigation start until «Классы» lists the classes, until every
// record is read (`data-records-ms`), and the wasm memory after that —
// then a class page and a student's «Достижения» opened from there.
// Run with `bash bench/run.sh`, or `node bench/startup.mjs` after it.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../tests/serve.mjs';
import { ARGS, CHROMIUM } from '../tests/e2e/harness.mjs';
import { storeSchool } from './seed.mjs';

const DIST = path.resolve(process.env.DIST || 'dist');
const RUNS = Number(process.env.RUNS || 5);
const ONE_STEP = process.env.ONE_STEP === '1';
const SETS = [
  ['school', path.resolve(process.env.BENCH_DATA || 'bench/data/school.json')],
  ['one class', path.resolve('bench/data/one-class.json')],
];
const ms = (n) => `${n.toFixed(0)} ms`.padStart(8);
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

for (const [, file] of SETS) {
  if (!fs.existsSync(file)) {
    console.log(`\n(no data at ${file}: start-up figures skipped)`);
    process.exit(0);
  }
}

// In every page: when the list of classes first shows a class, and the
// memory of the app's wasm instance.
function watch() {
  const seen = () => document.querySelector('ul[aria-label="Классы"] li a');
  new MutationObserver((_, obs) => {
    if (seen()) {
      window.__classesAt = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async (...args) => {
      const result = await original.apply(WebAssembly, args);
      const memory = (result.instance || result).exports?.memory;
      if (memory && !window.__memory) window.__memory = memory;
      return result;
    };
  }
}

const { server, url } = await serve(DIST, 0, '/school/portfolio/');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const results = {};
for (const [label, file] of SETS) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await ctx.addInitScript(watch);
  const setup = await ctx.newPage();
  setup.setDefaultTimeout(120_000);
  const held = await storeSchool(setup, url, file);
  await setup.close();
  const rows = { classes: [], records: [], memory: [], classPage: [], first: [], student: [] };
  for (let i = 0; i < RUNS; i++) {
    const page = await ctx.newPage();
    page.setDefaultTimeout(120_000);
    await page.goto(url);
    await page.getByRole('list', { name: 'Классы' }).getByRole('link').first().waitFor();
    // A build before the two-step start (ONE_STEP=1, for a before/after)
    // marks only `data-ready-ms`, once everything is read.
    const mark = ONE_STEP ? 'readyMs' : 'recordsMs';
    await page.waitForFunction((m) => document.body.dataset[m] !== undefined, mark);
    const got = await page.evaluate((m) => ({
      classes: window.__classesAt,
      records: Number(document.body.dataset[m]),
      memory: window.__memory?.buffer.byteLength ?? 0,
    }), mark);
    rows.classes.push(got.classes);
    rows.records.push(got.records);
    rows.memory.push(got.memory);
    // A class page, then a student's «Достижения», from the address change
    // until the list is drawn.
    const t = await page.evaluate(async () => {
      const until = async (ok) => {
        const t0 = performance.now();
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r));
          if (ok()) return performance.now() - t0;
        }
      };
      const open = async (n) => {
        location.hash = '#/class/class-000';
        const classPage = await until(() => document.querySelectorAll('ol.cards li').length >= 25);
        const href = document.querySelectorAll('ol.cards li a')[n].getAttribute('href');
        location.hash = href.replace(/\/personal$/, '/achievements');
        const student = await until(() => document.querySelectorAll('ul.achievements li').length >= 50);
        return { classPage, student };
      };
      // The first student's page also loads the screen's chunk.
      const first = await open(0);
      const next = await open(1);
      return { classPage: next.classPage, first: first.student, student: next.student };
    });
    rows.classPage.push(t.classPage);
    rows.first.push(t.first);
    rows.student.push(t.student);
    await page.close();
  }
  results[label] = { held, rows };
  await ctx.close();
}
await browser.close();
server.close();

const [big, small] = [results.school, results['one class']];
const m = (r, k) => median(r.rows[k]);
console.log(`\n## Start-up of ${DIST} (median of ${RUNS} starts, Chromium headless, 360 px; navigation start → …)`);
console.log(`                                        ${`${big.held.students} students`.padStart(14)} ${`${small.held.students} students`.padStart(14)}   ratio`);
const line = (name, k, fmt) => console.log(`  ${name.padEnd(38)}${fmt(m(big, k)).padStart(14)} ${fmt(m(small, k)).padStart(14)}   ${(m(big, k) / m(small, k)).toFixed(2)}×`);
line('«Классы» lists the classes', 'classes', ms);
line('every record read', 'records', ms);
line('wasm memory after start-up', 'memory', (b) => `${(b / 1048576).toFixed(1)} MiB`);
line('a class page (25 students) drawn', 'classPage', ms);
line('first student\'s «Достижения» (+ chunk)', 'first', ms);
line('next student\'s 50 achievements drawn', 'student', ms);
console.log(`  (records: ${(big.held.bytes / 1e6).toFixed(1)} MB against ${(small.held.bytes / 1e6).toFixed(2)} MB)`);
