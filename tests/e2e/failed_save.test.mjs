// A save that fails — the disk is full, or the transaction is aborted half-way —
// changes nothing, on screen or in storage, and says why in Russian.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  withBrowser, newPage, setUpSchool, addClass, addStudent, fillFields, expectValue, expectText,
  listedAchievements,
} from './harness.mjs';

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
