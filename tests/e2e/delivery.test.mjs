// The app itself on a phone with poor or no network: after one visit it
// starts offline (the start page, a saved address, the lazily loaded
// screens), also when downloads failed on the way; it can be installed; a
// new release waits for «Обновить» and never switches under unsaved input; a
// file shared from a messenger opens on its preview; a part of the app that
// cannot be loaded leaves the app running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, patchedCopy } from '../serve.mjs';
import { auditAll } from './audit.mjs';
import { png } from './files.mjs';
import {
  withBrowser, newPage, setUpSchool, addClass, addStudent, addAchievement, listedAchievements,
  launchPersistent, tempProfile, guard, PHONE,
} from './harness.mjs';

const env = withBrowser();
// A second release of the same code with another version label, built by
// scripts/test.sh (PORTFOLIO_RELEASE=next trunk build --release --dist …).
const NEXT = process.env.DIST_NEXT || path.resolve('target/dist-next');

const STORED = 'Приложение сохранено на этом устройстве: оно откроется и без интернета.';

/// Waits until the service worker controls the page and the start page says
/// the app is kept on the device.
async function storedForOffline(page, url, timeout = 15_000) {
  if (url) await page.goto(url);
  try {
    await page.getByText(STORED).waitFor({ timeout });
  } catch (e) {
    // What the worker was doing, for whoever reads the failure.
    const state = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      const w = (x) => x?.state ?? 'none';
      return `registration ${reg ? 'yes' : 'none'}: installing ${w(reg?.installing)}, waiting ${w(reg?.waiting)}, active ${w(reg?.active)}; controller ${navigator.serviceWorker.controller ? 'yes' : 'none'}; shown: ${document.querySelector('main')?.textContent.slice(0, 300)}`;
    });
    throw new Error(`${e.message}\n${state}`);
  }
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));
}

async function version(page) {
  const text = await page.getByText(/^Версия /).textContent();
  return text.replace('Версия ', '');
}

test('after one visit the app starts with no network: the start page, a saved address and every screen', async () => {
  const { ctx, page, errors } = await newPage(env.browser);
  await setUpSchool(page, env.url);
  await addClass(page, '3 А');
  await addStudent(page);
  const student = page.url().replace(/\/personal$/, '');
  await addAchievement(page, {
    'Наименование': 'Олимпиада «Кенгуру»', 'Тип достижения': 'Олимпиада', 'Уровень мероприятия': 'Международный', 'Дата проведения': '15.10.2026',
  });
  await storedForOffline(page, env.url);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, env.url);
  // A hard reload (Ctrl+Shift+R) bypasses the worker; the app is stored all
  // the same, and the page says so.
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Page.reload', { ignoreCache: true });
  await page.getByText(STORED).waitFor();
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
  await cdp.detach();

  // Airplane mode: nothing reaches the server any more. What counts is what
  // the pages started offline ask for: the hard-reloaded page may still be
  // loading its lazily loaded parts in the background (it is not run by the
  // worker), and those downloads fail here without being part of a start.
  let generation = 0;
  page.on('framenavigated', (f) => f === page.mainFrame() && generation++);
  const bornIn = new WeakMap();
  const ofThisPage = (r) => {
    try {
      return r.frame().page() === page;
    } catch {
      return false; // the service worker's own request
    }
  };
  ctx.on('request', (r) => bornIn.set(r, generation));
  const before = generation;
  await ctx.setOffline(true);
  // (A download the reload cut short is not a request that went out.)
  const failed = [];
  ctx.on('requestfailed', (r) => {
    const startedOffline = !ofThisPage(r) || r.isNavigationRequest() || bornIn.get(r) > before;
    if (startedOffline && r.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(r.url());
  });
  await page.reload();
  await page.getByRole('link', { name: /^3 А/ }).waitFor();
  await page.goto(`${student}/achievements`);
  assert.deepEqual(await listedAchievements(page), ['Олимпиада «Кенгуру»']);
  await page.reload();
  assert.deepEqual(await listedAchievements(page), ['Олимпиада «Кенгуру»']);
  // Screens that load as their own part of the app open offline too.
  await page.getByRole('link', { name: 'Личные данные' }).click();
  await page.getByLabel('Фамилия', { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Фамилия', { exact: true }).inputValue(), 'Рультынэ');
  await page.getByRole('link', { name: 'Изменить: Олимпиада «Кенгуру»' }).waitFor({ state: 'detached' });
  await page.goto(`${student}/achievements/new`);
  await page.getByRole('heading', { name: 'Новое достижение' }).waitFor();
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('heading', { name: 'Справочники' }).first().waitFor();
  await page.getByRole('link', { name: 'Резервная копия и обмен' }).click();
  await page.getByRole('heading', { name: 'Сохранить в файл' }).waitFor();
  await page.getByRole('link', { name: 'Отчёты' }).click();
  const participation = await page.locator('#report-participation table tbody tr').first().textContent();
  assert.equal(participation, 'Учеников1');
  await page.goto(`${student}/rating`);
  await page.getByRole('heading', { name: 'Динамика' }).waitFor();
  await page.getByRole('link', { name: 'Печать портфолио' }).click();
  await page.getByText('Портфолио обучающегося').waitFor();
  // The second regulation's screens, and a year's archive saved offline.
  await page.goto(`${student}/rewards/new`);
  await page.getByRole('heading', { name: 'Новое поощрение' }).waitFor();
  await page.goto(`${student}/observations`);
  await page.getByText('Наблюдений пока нет.').waitFor();
  await page.goto(`${student}/observations/new`);
  await page.getByRole('heading', { name: 'Новое наблюдение' }).waitFor();
  await page.goto(`${env.url}#/archive`);
  await page.getByRole('heading', { name: 'Архив не открыт' }).waitFor();
  // A fresh tab, offline, on a saved address.
  const tab = await ctx.newPage();
  await tab.goto(`${student}/achievements`);
  assert.deepEqual(await listedAchievements(tab), ['Олимпиада «Кенгуру»']);
  assert.deepEqual(failed, [], 'starting offline asked the network for something');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('over a poor link a download that fails is tried again until the app is stored for offline use', async () => {
  // A gateway on the way fails one file of the app five times in a row: more
  // than the worker's own three tries, so its first install fails and the
  // page tries it again, without a reload.
  const ICON = 'icon-maskable-512.png';
  env.failNext(ICON, 5);
  // A part of the app the first install did store: not downloaded again.
  const dist = process.env.DIST || path.resolve('dist');
  const part = fs.readdirSync(dist).find((f) => /^split_exchange-.*\.wasmgz$/.test(f));
  const before = env.requests(ICON);
  const partBefore = env.requests(part);
  const { ctx, page, errors } = await newPage(env.browser);
  try {
    await setUpSchool(page, env.url);
    await page.getByText('Приложение сохраняется на этом устройстве, чтобы открываться без интернета…').waitFor();
    await storedForOffline(page, null, 40_000);
    assert.ok(env.requests(ICON) - before >= 6, `the file was asked for ${env.requests(ICON) - before} times`);
    assert.equal(env.requests(part) - partBefore, 1, `${part} was downloaded more than once`);
    // What was stored starts the app with no network.
    await ctx.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Классы', exact: true }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    env.failNext(ICON, 0);
    await ctx.close();
  }
});

test('the app is said to be stored only once the worker runs the page, however late it takes it over', async () => {
  // A loaded machine can deliver the worker's take-over (clients.claim)
  // long after the worker is active. Here a copy of the release whose worker
  // claims the page 2.5 s after activating: the page says «сохранено» only
  // when the worker does run it.
  const slow = patchedCopy(process.env.DIST || path.resolve('dist'), 'sw.js', (sw) =>
    sw.replace('await self.clients.claim()', 'setTimeout(() => self.clients.claim(), 2500)'),
  );
  const { url, server } = await serve(slow, 0, '/school/portfolio/');
  const { ctx, page, errors } = await newPage(env.browser);
  try {
    await setUpSchool(page, url);
    await page.getByText(STORED).waitFor({ timeout: 20_000 });
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'said stored before the worker ran the page');
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
    server.close();
    fs.rmSync(slow, { recursive: true, force: true });
  }
});

test('a new release waits for «Обновить», not while a form holds unsaved input, and keeps the data', async () => {
  assert.ok(fs.existsSync(path.join(NEXT, 'sw.js')), `no second build in ${NEXT}: scripts/test.sh builds it`);
  const { ctx, page, errors } = await newPage(env.browser);
  try {
    await setUpSchool(page, env.url);
    await addClass(page, '3 А');
    await storedForOffline(page, env.url);
    const before = await version(page);
    assert.doesNotMatch(before, /next/);

    // The teacher starts typing a new student; meanwhile a release is published.
    await page.getByRole('link', { name: /^3 А/ }).click();
    await page.getByRole('link', { name: 'Добавить ученика' }).click();
    await page.getByLabel('Фамилия', { exact: true }).fill('Тынэвири');
    env.setRoot(NEXT);
    // The app looks for a new version whenever it comes back on screen.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.getByText('Доступна новая версия «Портфолио». Ваши данные сохранятся.').waitFor();
    assert.deepEqual(await auditAll(page), []);
    // It does not switch by itself: the typed name stays.
    await page.waitForTimeout(1500);
    assert.equal(await page.getByLabel('Фамилия', { exact: true }).inputValue(), 'Тынэвири');
    // Nor on «Обновить» while the form holds unsaved input.
    await page.getByRole('button', { name: 'Обновить' }).click();
    await page.getByText(/В форме на экране есть несохранённые изменения/).waitFor();
    await page.waitForTimeout(500);
    assert.equal(await page.getByLabel('Фамилия', { exact: true }).inputValue(), 'Тынэвири');

    // The form is left; now «Обновить» switches, and the data is intact.
    await page.getByRole('link', { name: '← Класс 3 А' }).click();
    await page.getByRole('heading', { name: 'Класс 3 А' }).waitFor();
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Обновить' }).click()]);
    await page.getByRole('heading', { name: 'Класс 3 А' }).waitFor();
    await page.goto(env.url);
    await page.getByRole('link', { name: /^3 А/ }).waitFor();
    const after = await version(page);
    assert.match(after, /\(next\)$/);
    assert.notEqual(after, before);
    await page.getByText(STORED).waitFor();
    // Only the new version's cache is left.
    const caches = await page.evaluate(async () => (await globalThis.caches.keys()).filter((k) => k.startsWith('portfolio-')));
    assert.equal(caches.length, 1, caches.join(', '));
    assert.match(caches[0], /-next$/);
    // The new version works offline too.
    await ctx.setOffline(true);
    await page.reload();
    await page.getByRole('link', { name: /^3 А/ }).waitFor();
    assert.equal(await version(page), after);
    assert.deepEqual(errors, []);
  } finally {
    env.setRoot(process.env.DIST || path.resolve('dist'));
    await ctx.close();
  }
});

test('the app can be installed: manifest, icons and service worker satisfy Chromium', async () => {
  const dir = tempProfile();
  const errors = [];
  const ctx = await launchPersistent(dir, PHONE, errors);
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await setUpSchool(page, env.url);
    await storedForOffline(page, env.url);
    const cdp = await ctx.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, []);
    const { errors: manifestErrors, data } = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifestErrors, []);
    const manifest = JSON.parse(data);
    assert.equal(manifest.name, 'Портфолио');
    assert.equal(manifest.display, 'standalone');
    const icons = manifest.icons.map((i) => `${i.sizes} ${i.purpose}`);
    assert.deepEqual(icons, ['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of [...manifest.icons.map((i) => i.src), 'icons/apple-touch-icon.png']) {
      const res = await page.request.get(new URL(icon, env.url).href);
      assert.equal(res.headers()['content-type'], 'image/png', icon);
    }
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file shared from a messenger opens on the family phone at its preview', async () => {
  // The teacher's file for the family.
  const teacher = await newPage(env.browser);
  await setUpSchool(teacher.page, env.url);
  await addClass(teacher.page, '3 А');
  await addStudent(teacher.page);
  await teacher.page.getByRole('link', { name: 'Администрирование' }).click();
  await teacher.page.getByRole('link', { name: 'Резервная копия и обмен' }).click();
  await teacher.page.getByLabel('Что сохранить').selectOption({ label: 'Для родителей: Рультынэ Айна (3 А)' });
  const [download] = await Promise.all([
    teacher.page.waitForEvent('download'),
    teacher.page.getByRole('button', { name: 'Сохранить файл' }).click(),
  ]);
  const file = { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
  await teacher.ctx.close();

  // The family's phone has the app (installed); the messenger shares the
  // file to it: Android posts it to the share target as multipart form data.
  const family = await newPage(env.browser);
  const { page } = family;
  await page.goto(env.url);
  await page.getByRole('button', { name: 'Я родитель' }).click();
  await storedForOffline(page, env.url);
  const messenger = await family.ctx.newPage();
  await messenger.setContent(`<form method="post" enctype="multipart/form-data" action="${env.url}share-target">
    <input type="file" name="file" aria-label="Файл"><button>Поделиться</button></form>`);
  await messenger.getByLabel('Файл').setInputFiles({ name: file.name, mimeType: 'application/json', buffer: file.bytes });
  await messenger.getByRole('button', { name: 'Поделиться' }).click();
  const preview = messenger.getByRole('region', { name: `Что изменится: файл «${file.name}»` });
  await preview.waitFor();
  assert.match(await preview.textContent(), /Новое: 4.*ученик Рультынэ Айна/);
  assert.equal(new URL(messenger.url()).hash, '#/');
  await preview.getByRole('button', { name: 'Применить' }).click();
  await messenger.getByRole('link', { name: /Рультынэ Айна/ }).waitFor();
  // The file is handed over once: a reload does not bring the preview back.
  await messenger.reload();
  await messenger.getByRole('link', { name: /Рультынэ Айна/ }).waitFor();
  assert.equal(await messenger.getByRole('button', { name: 'Применить' }).count(), 0);
  assert.deepEqual(family.errors, []);
  await family.ctx.close();
});

test('a part of the app that cannot be loaded leaves the app running and says so; «Повторить» loads it', async () => {
  // No service worker and no network for the administration's part.
  const ctx = await env.browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
  ctx.setDefaultTimeout(10_000);
  const errors = [];
  await guard(ctx, errors);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await ctx.route(/split_admin-[0-9a-f]+\.wasm/, (r) => r.abort('internetdisconnected'));
  await setUpSchool(page, env.url);
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('heading', { name: 'Раздел не загружен' }).waitFor();
  await page.getByText(/Не удалось загрузить эту часть приложения: нет связи с сервером/).waitFor();
  assert.deepEqual(await auditAll(page), []);
  // The rest of the app still works.
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await addClass(page, '2 Б');
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('button', { name: 'Повторить' }).waitFor();
  // The network is back.
  await ctx.unroute(/split_admin-[0-9a-f]+\.wasm/);
  await page.getByRole('button', { name: 'Повторить' }).click();
  await page.getByRole('heading', { name: 'Справочники' }).first().waitFor();
  await page.getByRole('button', { name: 'Переименовать: Олимпиада' }).click();
  await page.getByLabel('Новое название для «Олимпиада»').waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('every control of the lazily loaded screens works in the split build', async () => {
  const { page, errors } = await newPage(env.browser);
  await setUpSchool(page, env.url);
  // «Школа и учебные годы»: rename the school, add a year, add a period.
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('link', { name: 'Школа и учебные годы' }).click();
  await page.getByLabel('Название школы').fill('МБОУ «Начальная школа с. Биллингс»');
  await page.getByRole('button', { name: 'Сохранить название' }).click();
  await page.getByText('Название школы сохранено.').waitFor();
  await page.getByLabel('Новый учебный год').selectOption({ label: '2027/2028' });
  await page.getByRole('button', { name: 'Добавить учебный год' }).click();
  await page.getByText('Учебный год добавлен.').waitFor();
  const year = page.getByRole('form', { name: 'Учебный год 2027/2028' });
  await year.getByRole('button', { name: 'Добавить период' }).click();
  assert.equal(await year.getByLabel('Название периода').count(), 5);
  await year.getByLabel('Название периода').nth(4).fill('Летние каникулы');
  await year.getByLabel('Начало').nth(4).fill('01.06.2028');
  await year.getByLabel('Окончание').nth(4).fill('31.08.2028');
  await year.getByLabel('Окончание').nth(3).fill('31.05.2028');
  await year.getByRole('button', { name: 'Сохранить периоды' }).click();
  await year.getByText('Периоды сохранены.').waitFor();
  await page.reload();
  await page.getByRole('form', { name: 'Учебный год 2027/2028' }).getByLabel('Название периода').nth(4).waitFor();
  assert.equal(await page.getByRole('form', { name: 'Учебный год 2027/2028' }).getByLabel('Название периода').nth(4).inputValue(), 'Летние каникулы');
  assert.equal(await page.getByLabel('Название школы').inputValue(), 'МБОУ «Начальная школа с. Биллингс»');

  // The document page: «На весь экран» shows the scan full screen.
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await addClass(page, '3 А');
  await addStudent(page);
  await addAchievement(page, {
    'Наименование': 'Выставка рисунков', 'Тип достижения': 'Выставка', 'Уровень мероприятия': 'Школьный', 'Дата проведения': '02.10.2026',
  }, [{ name: 'рисунок.png', mimeType: 'image/png', buffer: png(320, 240) }]);
  await page.getByRole('link', { name: /^Открыть документ:/ }).first().click();
  await page.getByRole('button', { name: 'На весь экран' }).click();
  await page.waitForFunction(() => document.fullscreenElement?.id === 'document-image');
  assert.deepEqual(errors, []);
});

test('the records are decoded by a part loaded after the first screen: none on a new device; a failed download is tried again by itself', async () => {
  // No service worker: every part comes from the server.
  const ctx = await env.browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
  ctx.setDefaultTimeout(10_000);
  const errors = [];
  await guard(ctx, errors);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  const STORED_PART = /split_stored-[0-9a-f]+\.wasm/;
  const asked = [];
  ctx.on('request', (r) => STORED_PART.test(r.url()) && asked.push(r.url()));
  // A new device: the set-up, a class and a student need no decoder.
  await setUpSchool(page, env.url);
  await addClass(page, '3 А');
  await addStudent(page);
  assert.deepEqual(asked, [], 'a device with no record never downloads the records\' decoder');

  // The network breaks for that part; the device now holds a record.
  await ctx.route(STORED_PART, (r) => r.abort('internetdisconnected'));
  await page.goto(env.url);
  // The first screen stands on the students' summaries alone.
  await page.getByRole('link', { name: /3 А\s*1 ученик/ }).waitFor();
  const failed = page.getByText(/Не удалось загрузить эту часть приложения: нет связи с сервером/);
  await failed.waitFor();
  assert.ok(asked.length >= 1);
  await page.getByRole('link', { name: /3 А\s*1 ученик/ }).click();
  await page.getByRole('link', { name: /Рультынэ Айна/ }).click();
  // The student's page needs the record: it waits for it.
  await page.getByText('Загрузка раздела…').waitFor();
  assert.deepEqual(await auditAll(page), []);
  // The network is back: the app loads the part by itself (no reload, no
  // button), reads the record and the message goes.
  const tries = asked.length;
  await ctx.unroute(STORED_PART);
  await page.getByRole('heading', { name: 'Рультынэ Айна', level: 1 }).waitFor({ timeout: 20_000 });
  await failed.waitFor({ state: 'detached' });
  assert.ok(asked.length > tries, 'tried again');
  assert.deepEqual(errors, []);
  await ctx.close();
});
