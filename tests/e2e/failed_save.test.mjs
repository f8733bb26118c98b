// A save that fails — the disk is full, or the transaction is aborted half-way —
// changes nothing, on screen or in storage, and says why in Russian.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  withBrowser, newPage, setUpSchool, addClass, addStudent, fillFields, expectValue, expectText,
  listedAchievements,
} from './harness.mjs';
import { png, pdf, databaseContents } from './files.mjs';

const env = withBrowser();

/// Makes the browser's IndexedDB fail the next writes, the way a full disk does.
async function breakStorage(page, how) {
  await page.evaluate((how) => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (how === 'quota') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      // 'abort': the first write is queued, then the transaction dies.
      const req = put.apply(this, args);
      this.transaction.abort();
      return req;
    };
  }, how);
}

test('a failed save keeps the stored data and tells the user', async () => {
  const { page, errors } = await newPage(env.browser);
  await setUpSchool(page, env.url);
  await addClass(page, '3 А');
  await addStudent(page);
  const personal = page.url();

  // A full disk while saving «Личные данные».
  await breakStorage(page, 'quota');
  await page.getByLabel('Место рождения', { exact: true }).fill('г. Певек');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expectText(page.getByRole('alert'), 'Не хватает места на устройстве: изменения не сохранены. Освободите место и повторите.');

  // Storage still holds the old value: a reload shows it.
  await page.reload();
  await expectValue(page.getByLabel('Место рождения', { exact: true }), 'с. Биллингс, Чукотский АО');

  // An aborted transaction while adding an achievement.
  await page.getByRole('link', { name: 'Достижения', exact: true }).click();
  await page.getByText('Достижений пока нет.').waitFor();
  await breakStorage(page, 'abort');
  await page.getByRole('link', { name: 'Добавить достижение' }).click();
  await fillFields(page, {
    'Наименование': 'Турнир по шашкам',
    'Тип достижения': 'Турнир',
    'Уровень мероприятия': 'Школьный',
    'Дата проведения': '01.11.2026',
  });
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /^Не удалось сохранить изменения \(.+\)\. Ничего не изменено, повторите попытку\.$/);
  // Still on the form, with what was typed, so nothing is lost.
  await expectValue(page.getByLabel('Наименование', { exact: true }), 'Турнир по шашкам');

  await page.goto(personal.replace(/personal$/, 'achievements'));
  await page.reload();
  assert.deepEqual(await listedAchievements(page), []);
  await expectText(page.locator('p.summary'), 'Достижений пока нет.');
  assert.deepEqual(errors, []);
});

/// Counts every write (put, delete) the page makes from now on; the write
/// number `window.__failAt` fails the way a full disk does.
async function countWrites(page) {
  await page.evaluate(() => {
    window.__writes = 0;
    window.__failAt = 0;
    for (const m of ['put', 'delete']) {
      const original = IDBObjectStore.prototype[m];
      IDBObjectStore.prototype[m] = function (...args) {
        window.__writes += 1;
        if (window.__writes === window.__failAt) {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return original.apply(this, args);
      };
    }
  });
}

/// Presses `button` with the write number k failing, for k = 1, 2, … until the
/// save goes through; after each failure storage must be exactly `before`.
/// Returns how many writes the successful save made.
async function failAtEveryWrite(page, press, before, success) {
  for (let k = 1; ; k += 1) {
    await page.evaluate((k) => { window.__writes = 0; window.__failAt = k; }, k);
    await press();
    // Either the save goes through (fewer than k writes), or write k fails.
    const outcome = await Promise.race([
      success().then(() => 'saved'),
      page.waitForFunction(() => window.__writes >= window.__failAt).then(() => 'failed'),
    ]);
    if (outcome === 'saved') {
      const n = await page.evaluate(() => window.__writes);
      assert.ok(n < k, `the save went through although write ${k} failed`);
      assert.equal(k, n + 1, `write ${k - 1} should have failed the save`);
      await page.evaluate(() => { window.__failAt = 0; });
      return n;
    }
    if (outcome === 'failed') {
      await page.getByText('Не хватает места на устройстве: изменения не сохранены. Освободите место и повторите.').waitFor();
      // The save's end (its button enabled again) before the next attempt.
      await page.waitForFunction(() => ![...document.querySelectorAll('button')].some((b) => b.disabled));
    }
    assert.deepEqual(await databaseContents(page), before, `write ${k} failed: storage changed`);
  }
}

test('a full disk at any write of a save with documents or of an import leaves nothing half-written', async (t) => {
  const fs = await import('node:fs');
  const { page, errors } = await newPage(env.browser);
  await setUpSchool(page, env.url);
  await addClass(page, '3 А');
  await addStudent(page);
  await countWrites(page);
  await page.getByRole('link', { name: 'Поощрения', exact: true }).click();
  await page.getByRole('link', { name: 'Добавить поощрение' }).click();
  await fillFields(page, {
    'Вид поощрения': 'Грамота', 'Дата вручения': '20.11.2026', 'За успехи в': 'учебной деятельности', 'Кем вручено': 'Администрация школы',
  });
  await page.getByLabel('Добавить документ').setInputFiles([
    { name: 'gramota.png', mimeType: 'image/png', buffer: png(800, 600) },
    { name: 'gramota.pdf', mimeType: 'application/pdf', buffer: pdf('Gramota') },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('ul.docs > li').length === 2);
  const before = await databaseContents(page);
  const saved = await failAtEveryWrite(
    page,
    () => page.getByRole('button', { name: 'Сохранить', exact: true }).click(),
    before,
    () => page.getByText('Поощрение «Грамота» добавлено.').waitFor(),
  );
  assert.ok(saved >= 4, `the record, the picture, its thumbnail and the PDF: ${saved} writes`);
  const after = await databaseContents(page);
  assert.equal(after.files.length, 3);

  // The school's backup opened on a new device, failing at every write of «Применить».
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('link', { name: 'Резервная копия и обмен' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Сохранить файл' }).click(),
  ]);
  const backup = { name: download.suggestedFilename(), mimeType: 'application/json', buffer: fs.readFileSync(await download.path()) };
  const other = await newPage(env.browser);
  const o = other.page;
  await o.goto(env.url);
  await o.getByRole('heading', { name: 'Начало работы' }).waitFor();
  await o.getByRole('link', { name: 'Администрирование' }).click().catch(() => {});
  await o.goto(`${env.url}#/admin/exchange`);
  await o.getByLabel('Открыть файл').setInputFiles(backup);
  const preview = o.getByRole('region', { name: `Что изменится: файл «${backup.name}»` });
  await preview.waitFor();
  await countWrites(o);
  const empty = await databaseContents(o);
  const imported = await failAtEveryWrite(
    o,
    () => preview.getByRole('button', { name: 'Применить' }).click(),
    empty,
    () => o.getByText(`Данные из файла «${backup.name}» добавлены.`).waitFor(),
  );
  assert.ok(imported >= 7, `school, years, classes, the student, three files (the catalogues are the defaults here too): ${imported} writes`);
  t.diagnostic(`failed at every write: save ${saved} writes, import ${imported} writes`);
  const landed = await databaseContents(o);
  assert.deepEqual(landed.files, after.files, 'every file, byte for byte');
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
});

test('a tab of an older release gives way when a newer one opens the data, and saves nothing after it', async () => {
  const { ctx, page, errors } = await newPage(env.browser);
  await setUpSchool(page, env.url);
  await addClass(page, '3 А');
  const before = await databaseContents(page);
  // A newer release starts in a second tab: it opens the database at a
  // higher version (to change its layout). Its upgrade is cut short here,
  // so the data stays as this release knows it.
  const newer = await ctx.newPage();
  await newer.goto(`${env.url}manifest.webmanifest`);
  const blocked = await newer.evaluate((version) => new Promise((resolve) => {
    let wasBlocked = false;
    const open = indexedDB.open('portfolio', version + 1);
    open.onblocked = () => { wasBlocked = true; };
    open.onupgradeneeded = () => open.transaction.abort();
    open.onerror = () => resolve(wasBlocked);
    open.onsuccess = () => { open.result.close(); resolve(wasBlocked); };
  }), before.version);
  assert.equal(blocked, false, 'the older tab kept the database open and blocked the newer release');
  const outdated = 'В другой вкладке открыта новая версия «Портфолио»: чтобы не испортить данные, эта вкладка больше ничего не сохраняет. Обновите страницу.';
  await page.getByText(outdated).first().waitFor();
  // The older tab writes nothing from now on, and says why.
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await page.getByLabel('Название класса').fill('3 Б');
  await page.getByRole('button', { name: 'Добавить класс' }).click();
  await page.getByRole('alert').filter({ hasText: outdated }).nth(1).waitFor();
  assert.deepEqual(await databaseContents(page), before);
  // Reloaded, the tab runs again with what was stored.
  await page.reload();
  await page.getByRole('heading', { name: 'Классы', exact: true }).waitFor();
  assert.equal(await page.getByText(outdated).count(), 0);
  await page.getByRole('link', { name: /^3 А/ }).waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});
