// Benchmark (figures, not a test): storing and showing 200 phone photos.
// Run with `bash bench/run.sh` (or `node bench/photos.mjs` after a release
// build). PHOTOS (default 200) photos of 12 MP are attached through the form,
// 10 per achievement, the way a teacher does it; then the student's list with
// every thumbnail is opened. Baselines, measured in the same page: the same
// browser work in plain JavaScript (decode, shrink to 2000 px, JPEG, thumbnail)
// and plain IndexedDB reads + object URLs + <img> loads for the thumbnails.
import { chromium } from 'playwright-core';
import { serve } from '../tests/serve.mjs';
import { ARGS, CHROMIUM, setUpSchool, addClass, addStudent, fillFields } from '../tests/e2e/harness.mjs';
import { cameraJpeg } from '../tests/e2e/files.mjs';
import path from 'node:path';

const DIST = path.resolve(process.env.DIST || 'dist');
const PHOTOS = Number(process.env.PHOTOS || 200);
const PER = 10;
const ms = (n) => `${n.toFixed(0)} ms`;
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

const { server, url } = await serve(DIST, 0, '/school/portfolio/');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
const page = await ctx.newPage();
page.setDefaultTimeout(300_000);
page.on('dialog', (d) => d.accept());
await setUpSchool(page, url);
await addClass(page, '3 А');
await addStudent(page);
const studentUrl = page.url();
const photo = await cameraJpeg(page);
console.log(`\n## ${PHOTOS} photos of 4000×3000 (${(photo.length / 1e6).toFixed(1)} MB each, synthetic), ${PER} per achievement`);

// Baseline: the browser's own work for one photo, in plain JS.
const baseline = await page.evaluate(async (b64) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }), { imageOrientation: 'from-image' });
    for (const [w, h, q] of [[2000, 1500, 0.85], [240, 180, 0.7]]) {
      const c = document.createElement('canvas');
      c.width = w; c.height = h;
      const g = c.getContext('2d');
      g.imageSmoothingQuality = 'high';
      g.drawImage(bmp, 0, 0, w, h);
      const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', q));
      await blob.arrayBuffer();
    }
    bmp.close();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[2];
}, photo.toString('base64'));

const processing = [];
const saving = [];
for (let k = 0; k < PHOTOS / PER; k++) {
  await page.goto(studentUrl.replace(/personal$/, 'achievements/new'));
  await page.getByRole('heading', { name: 'Новое достижение' }).waitFor();
  await fillFields(page, {
    'Наименование': `Конкурс рисунков №${k + 1}`,
    'Тип достижения': 'Конкурс',
    'Уровень мероприятия': 'Школьный',
  });
  const files = Array.from({ length: PER }, (_, i) => ({ name: `IMG_${k}_${i}.jpg`, mimeType: 'image/jpeg', buffer: photo }));
  // Timed in the page from the input's change event, so the time Playwright
  // takes to hand the files to the browser is not counted.
  await page.evaluate(() => document.addEventListener('change', (e) => {
    if (e.target.id === 'a-doc-file') window.__picked = performance.now();
  }, { capture: true, once: true }));
  await page.getByLabel('Добавить документ').setInputFiles(files);
  await page.waitForFunction((n) => {
    const done = document.querySelectorAll('ul.docs > li').length === n
      && !document.querySelector('p.progress')?.textContent;
    if (done) window.__done = performance.now();
    return done;
  }, PER, { polling: 'raf' });
  processing.push(await page.evaluate(() => window.__done - window.__picked) / PER);
  const t1 = Date.now();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByText(`Достижение «Конкурс рисунков №${k + 1}» добавлено.`).waitFor();
  saving.push(Date.now() - t1);
}
const stored = await page.evaluate(() => new Promise((ok) => {
  const r = indexedDB.open('portfolio');
  r.onsuccess = () => {
    const all = r.result.transaction('files').objectStore('files').getAll();
    all.onsuccess = () => ok({ n: all.result.length, bytes: all.result.reduce((s, b) => s + b.byteLength, 0) });
  };
}));

// Showing every thumbnail of the student: the app, then plain JS.
const render = [];
const raw = [];
for (let i = 0; i < 5; i++) {
  await page.goto(studentUrl.replace(/achievements.*|personal$/, 'personal'));
  await page.getByRole('heading', { name: 'Рультынэ Айна', level: 1 }).waitFor();
  render.push(await page.evaluate(async ([href, n]) => {
    const t0 = performance.now();
    location.hash = href;
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      const imgs = [...document.querySelectorAll('ul.thumbs img')];
      if (imgs.length === n && imgs.every((im) => im.complete && im.naturalWidth > 0)) return performance.now() - t0;
    }
  }, [new URL(studentUrl).hash.replace(/personal$/, 'achievements'), PHOTOS]));
  raw.push(await page.evaluate(async (n) => {
    const t0 = performance.now();
    const db = await new Promise((ok) => { const r = indexedDB.open('portfolio'); r.onsuccess = () => ok(r.result); });
    const keys = await new Promise((ok) => {
      const r = db.transaction('files').objectStore('files').getAllKeys();
      r.onsuccess = () => ok(r.result.filter((k) => k.endsWith('/thumb')));
    });
    const box = document.createElement('div');
    document.body.append(box);
    const urls = [];
    await Promise.all(keys.slice(0, n).map((k) => new Promise((ok) => {
      const r = db.transaction('files').objectStore('files').get(k);
      r.onsuccess = () => {
        const u = URL.createObjectURL(new Blob([r.result], { type: 'image/jpeg' }));
        urls.push(u);
        const img = new Image(72, 72);
        img.onload = ok;
        img.src = u;
        box.append(img);
      };
    })));
    const t = performance.now() - t0;
    box.remove();
    urls.forEach((u) => URL.revokeObjectURL(u));
    db.close();
    return t;
  }, PHOTOS));
}
const live = await page.evaluate(() => document.querySelectorAll('ul.thumbs img').length);

console.log(`photo processed in the form (read, sniff, decode, shrink, thumbnail, SHA-256), per photo:`);
console.log(`  app                                        ${ms(median(processing)).padStart(8)}   ${(median(processing) / baseline).toFixed(2)}× baseline`);
console.log(`  baseline: decode + 2000 px JPEG + thumbnail in plain JS  ${ms(baseline)}`);
console.log(`save of one achievement with ${PER} photos (one transaction) ${ms(median(saving)).padStart(8)} median, ${ms(Math.max(...saving))} max`);
console.log(`stored: ${stored.n} entries (photos + thumbnails), ${(stored.bytes / 1e6).toFixed(1)} MB; ${(stored.bytes / PHOTOS / 1e3).toFixed(0)} KB per photo with its thumbnail`);
console.log(`list of ${PER * (PHOTOS / PER) / PER} achievements with ${live} thumbnails shown, median of 5:`);
console.log(`  app                                        ${ms(median(render)).padStart(8)}   ${(median(render) / median(raw)).toFixed(2)}× baseline`);
console.log(`  baseline: IndexedDB get + object URL + <img> load, plain JS  ${ms(median(raw))}`);
await browser.close();
server.close();
