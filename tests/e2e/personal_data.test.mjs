// «Личные данные»: set-up, a class, a student with every field, validation
// next to the field, and the data still there after a reload and after the
// browser is closed and opened again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  startServer, launchPersistent, tempProfile, setUpSchool, PHONE, addClass, fillFields,
  expectValue, expectText, selectedLabel, MINIMAL_STUDENT, classLink,
} from './harness.mjs';

let server, url;
before(async () => ({ server, url } = await startServer()));
after(() => server.close());

const FULL = {
  ...MINIMAL_STUDENT,
  'Отчество': 'Ивановна',
  'Гражданство': 'Российская Федерация',
  'Документ, подтверждающий проживание': 'Свидетельство о регистрации по месту жительства № 17',
  'Заметки': 'Любит рисовать.\nЗанимается в кружке «Умелые руки».',
  'Виза': 'не требуется',
  'Серия свидетельства': 'II-ЖД',
  'Номер свидетельства': '654321',
  'Кем выдано': 'Отдел ЗАГС Чаунского района',
  'Дата выдачи свидетельства': '15.03.2016',
  'Место выдачи свидетельства': 'г. Певек',
  'Номер актовой записи': '170',
  'Вид документа': 'Справка',
  'Серия документа': 'АБ',
  'Номер документа': '77',
  'Кем выдан документ': 'МФЦ',
  'Дата выдачи документа': '01.02.2020',
  'Место выдачи документа': 'г. Анадырь',
  'Адрес постоянной регистрации': 'с. Биллингс, ул. Полярная, д. 1',
  'Адрес временной регистрации': 'г. Певек, ул. Пугачёва, д. 5',
  'Дата окончания временной регистрации': '31.05.2027',
  'Фактический адрес проживания': 'с. Биллингс, ул. Полярная, д. 1',
  'E-mail': 'mama@mail.ru',
  'Рабочий телефон': '2-11-22',
  'Мобильный телефон': '+7 914 000 11 22',
  'Домашний телефон': '2-33-44',
  'Предпочтительный способ связи': 'Мобильный телефон',
};

async function expectAllFields(page) {
  for (const [label, value] of Object.entries(FULL)) {
    const field = page.getByLabel(label, { exact: true });
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') {
      assert.equal(await selectedLabel(page, label), value, label);
    } else {
      await expectValue(field, value);
    }
  }
  await expectValue(page.getByLabel('СНИЛС', { exact: true }), '112-447-369 32');
}

test('a teacher records every field of «Личные данные», and it survives a reload and a browser restart', async () => {
  const dir = tempProfile();
  let errors = [];
  let ctx = await launchPersistent(dir, PHONE, errors);
  let page = ctx.pages()[0] ?? (await ctx.newPage());

  await setUpSchool(page, url);
  await addClass(page, '3 А');
  await page.getByRole('link', { name: 'Добавить ученика' }).click();
  await page.getByRole('heading', { name: 'Новый ученик' }).waitFor();

  // Required fields are enforced, each message next to its field.
  await page.getByRole('button', { name: 'Добавить ученика' }).click();
  await page.getByText('Заполните поле «Фамилия».').waitFor();
  await page.getByText('Заполните поле «Имя».').waitFor();
  await page.getByText('Выберите значение поля «Пол».').waitFor();
  await page.getByText('Заполните поле «Дата рождения».').waitFor();
  await page.getByText('Заполните поле «Место рождения».').waitFor();
  await page.getByText('Проверьте отмеченные поля (6). Данные не сохранены.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-last_name', 'focus goes to the first wrong field');
  const described = await page.getByLabel('Фамилия', { exact: true }).getAttribute('aria-describedby');
  await expectText(page.locator(`#${described}`), 'Заполните поле «Фамилия».');
  assert.equal(await page.getByLabel('Отчество', { exact: true }).getAttribute('aria-invalid'), null,
    'an empty patronymic is allowed');

  // An invalid СНИЛС and an impossible date are rejected and nothing is saved.
  await fillFields(page, FULL);
  await page.getByLabel('СНИЛС', { exact: true }).fill('112-447-369 33');
  await page.getByLabel('Дата выдачи документа', { exact: true }).fill('29.02.2021');
  await page.getByRole('button', { name: 'Добавить ученика' }).click();
  await page.getByText('СНИЛС указан с ошибкой: контрольное число не сходится (должно быть 32, указано 33). Проверьте цифры.').waitFor();
  await page.getByText('Такой даты нет: 29.02.2021 — 2021 год не високосный.').waitFor();
  await page.getByText('Проверьте отмеченные поля (2). Данные не сохранены.').waitFor();
  await page.goto(url);
  await classLink(page, '3 А').waitFor();
  await expectText(classLink(page, '3 А').locator('.muted'), '0 учеников');

  // Corrected, it saves.
  await classLink(page, '3 А').click();
  await page.getByRole('link', { name: 'Добавить ученика' }).click();
  await fillFields(page, FULL);
  await page.getByLabel('СНИЛС', { exact: true }).fill('11244736932');
  await page.getByRole('button', { name: 'Добавить ученика' }).click();
  await page.getByRole('heading', { name: 'Рультынэ Айна Ивановна', level: 1 }).waitFor();
  await page.getByText('Ученик Рультынэ Айна Ивановна добавлен.').waitFor();
  await expectAllFields(page);

  // Editing and saving again.
  await page.getByLabel('Домашний телефон', { exact: true }).fill('2-33-45');
  FULL['Домашний телефон'] = '2-33-45';
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText('Личные данные сохранены.').waitFor();

  // Reload: the same screen with the same data.
  const studentUrl = page.url();
  assert.match(studentUrl, /\/school\/portfolio\/#\/student\/[0-9a-f-]{36}\/personal$/);
  await page.reload();
  await page.getByRole('heading', { name: 'Рультынэ Айна Ивановна', level: 1 }).waitFor();
  await expectAllFields(page);
  assert.deepEqual(errors, []);

  // Close the browser, open it again on the start page.
  await ctx.close();
  errors = [];
  ctx = await launchPersistent(dir, PHONE, errors);
  page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(url);
  await classLink(page, '3 А').click();
  await expectText(page.getByRole('link', { name: /Рультынэ/ }).locator('.card-title'), 'Рультынэ Айна Ивановна');
  await page.getByRole('link', { name: /Рультынэ/ }).click();
  await expectAllFields(page);
  assert.equal(page.url(), studentUrl);
  assert.deepEqual(errors, []);
  await ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
