// Phone first: at 360 px and on a laptop, every screen has one <h1>, no
// sideways scrolling, a visible label for every input, a name for every
// button and link, touch targets of at least 44 px — and axe-core finds no
// critical or serious problem on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  withBrowser, newPage, setUpSchool, addClass, addStudent, addAchievement, PHONE, LAPTOP,
} from './harness.mjs';
import { png, pdf } from './files.mjs';
import { auditAll } from './audit.mjs';

const env = withBrowser();

for (const [name, viewport] of [['phone 360 px', PHONE], ['laptop', LAPTOP]]) {
  test(`every screen passes the layout audit (${name})`, async () => {
    const { page, errors } = await newPage(env.browser, viewport);
    const screens = {};
    const check = async (label) => {
      screens[label] = await auditAll(page);
    };
    await page.goto(env.url);
    await page.getByRole('heading', { name: 'Начало работы' }).waitFor();
    await check('Начало работы');
    await setUpSchool(page, env.url);
    await check('Классы');
    await addClass(page, '3 А');
    await check('Класс');
    await page.getByRole('link', { name: 'Добавить ученика' }).click();
    await page.getByRole('button', { name: 'Добавить ученика' }).click();
    await page.getByText('Заполните поле «Фамилия».').waitFor();
    await check('Новый ученик с ошибками');
    await page.goBack();
    await addStudent(page);
    await check('Личные данные');
    await page.getByRole('link', { name: '← Класс 3 А' }).click();
    await page.getByRole('link', { name: /Рультынэ Айна/ }).waitFor();
    await check('Класс с учеником');
    await page.getByRole('link', { name: /Рультынэ Айна/ }).click();
    await page.getByRole('heading', { name: 'Рультынэ Айна', level: 1 }).waitFor();
    await addAchievement(page, {
      'Наименование': 'Конкурс чтецов «Живое слово» в рамках недели литературного чтения',
      'Тип достижения': 'Участие в добровольческой деятельности',
      'Уровень мероприятия': 'Межрегиональный',
      'Дата проведения': '01.10.2026',
    });
    await page.getByLabel('Учебный год').selectOption({ label: '2026/2027' });
    await page.getByLabel('Период').waitFor();
    await check('Достижения');
    await page.getByRole('link', { name: /^Изменить:/ }).click();
    await page.getByLabel('Добавить документ').setInputFiles([
      { name: 'диплом-победителя-конкурса-чтецов-живое-слово.png', mimeType: 'image/png', buffer: png(640, 480) },
      { name: 'grammota.pdf', mimeType: 'application/pdf', buffer: pdf() },
      { name: 'x.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg/>') },
    ]);
    await page.locator('fieldset.documents [role=alert]').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('ul.docs > li').length === 2);
    await check('Изменить достижение с документами');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await page.getByRole('link', { name: /^Открыть документ:/ }).first().click();
    await page.getByRole('button', { name: 'На весь экран' }).waitFor();
    await check('Документ');
    await page.getByRole('link', { name: 'Личные данные' }).waitFor({ state: 'detached' });
    await page.goBack();
    await page.getByRole('link', { name: 'Личные данные' }).click();
    await page.getByRole('button', { name: 'Удалить ученика' }).waitFor();
    await check('Личные данные с удалением');
    // The assessment screens, with data on them.
    await page.getByRole('link', { name: 'Рейтинг', exact: true }).click();
    await page.getByRole('heading', { name: 'Динамика' }).waitFor();
    await check('Рейтинг ученика');
    await page.getByRole('link', { name: 'Печать портфолио' }).click();
    await page.getByRole('heading', { name: 'Печать портфолио' }).waitFor();
    await check('Печать портфолио');
    // The second regulation's screens.
    await page.getByRole('link', { name: 'Классы', exact: true }).click();
    await page.getByRole('link', { name: /^3 А/ }).click();
    await page.getByRole('link', { name: /Рультынэ Айна/ }).click();
    await page.getByRole('link', { name: 'Поощрения', exact: true }).click();
    await page.getByRole('link', { name: 'Добавить поощрение' }).click();
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await page.getByText('Заполните поле «Кем вручено».').waitFor();
    await check('Новое поощрение с ошибками');
    await page.getByLabel('Вид поощрения').selectOption({ label: 'Благодарность' });
    await page.getByLabel('За успехи в').selectOption({ label: 'общественной деятельности' });
    await page.getByLabel('Кем вручено').fill('Глава администрации сельского поселения Биллингс');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await page.getByText('Поощрение «Благодарность» добавлено.').waitFor();
    await check('Поощрения');
    await page.getByRole('link', { name: 'Наблюдения', exact: true }).click();
    await page.getByRole('link', { name: 'Добавить наблюдение' }).click();
    await page.getByRole('heading', { name: 'Новое наблюдение' }).waitFor();
    await check('Новое наблюдение');
    await page.getByLabel(/^Коммуникативные —/).check();
    await page.getByLabel('Что наблюдали').fill('Договорилась с командой о распределении ролей, выслушала всех.');
    await page.getByLabel('Кто наблюдал').fill('Омрынаут Анна Петровна');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await page.getByText(/^Наблюдение от .* добавлено\.$/).waitFor();
    await check('Наблюдения');
    await page.getByRole('link', { name: /^← Класс 3 А/ }).click();
    await page.getByRole('navigation', { name: 'Разделы класса' }).getByRole('link', { name: 'Поощрения' }).click();
    await page.getByRole('region', { name: 'Поощрения класса' }).waitFor();
    await check('Класс: поощрения');
    await page.getByRole('link', { name: 'Классы', exact: true }).click();
    await page.getByRole('heading', { name: 'Классы', exact: true }).waitFor();
    await check('Классы с данными');
    await page.getByRole('link', { name: /^3 А/ }).click();
    await page.getByRole('navigation', { name: 'Разделы класса' }).getByRole('link', { name: 'Достижения' }).click();
    await page.getByRole('table', { name: /^Достижения учеников класса/ }).waitFor();
    await check('Класс: достижения');
    await page.getByRole('link', { name: 'Отчёты' }).click();
    await page.locator('#report-gifted').waitFor();
    await check('Отчёты');
    await page.getByRole('link', { name: 'Администрирование' }).click();
    await page.getByRole('heading', { name: 'Справочники' }).first().waitFor();
    await check('Справочники');
    await page.getByRole('button', { name: 'Переименовать: Олимпиада' }).click();
    await check('Справочники: переименование');
    await page.getByRole('link', { name: 'Баллы рейтинга' }).click();
    await page.getByRole('button', { name: 'Сохранить баллы' }).waitFor();
    await check('Баллы рейтинга');
    await page.getByRole('link', { name: 'Администрирование' }).click();
    await page.getByRole('link', { name: 'Школа и учебные годы' }).click();
    await page.getByRole('heading', { name: 'Учебный год 2026/2027' }).waitFor();
    await check('Школа и учебные годы');
    await page.getByRole('link', { name: 'Резервная копия и обмен' }).click();
    await page.getByRole('heading', { name: 'Сохранить в файл' }).waitFor();
    await check('Резервная копия и обмен');
    await page.getByLabel('Что сохранить').selectOption({ label: 'Для родителей: Рультынэ Айна (3 А)' });
    await page.getByLabel('Зашифровать паролем').check();
    await page.getByLabel('Пароль ещё раз', { exact: true }).waitFor();
    await check('Резервная копия и обмен: с паролем');
    await page.getByLabel('Зашифровать паролем').uncheck();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Сохранить файл' }).click(),
    ]);
    const pkg = { name: download.suggestedFilename(), mimeType: 'application/json', buffer: fs.readFileSync(await download.path()) };
    // A school year's archive, opened read-only.
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Сохранить архив учебного года' }).click(),
    ]);
    await page.getByLabel('Открыть файл').setInputFiles({ name: saved.suggestedFilename(), mimeType: 'application/json', buffer: fs.readFileSync(await saved.path()) });
    await page.locator('details.archive-student summary').click();
    await page.getByRole('heading', { name: 'Рультынэ Айна', level: 2 }).waitFor();
    await check('Архив учебного года');
    await page.getByRole('button', { name: 'Закрыть архив' }).click();
    // A family's phone.
    const family = await newPage(env.browser, viewport);
    const fp = family.page;
    await fp.goto(env.url);
    await fp.getByRole('button', { name: 'Я родитель' }).click();
    await fp.getByRole('heading', { name: 'Портфолио моего ребёнка' }).waitFor();
    const checkFamily = async (label) => {
      screens[label] = await auditAll(fp);
    };
    await checkFamily('Родители: начало');
    await fp.getByLabel('Открыть файл от учителя').setInputFiles(pkg);
    await fp.getByRole('button', { name: 'Применить' }).waitFor();
    await checkFamily('Родители: что изменится');
    await fp.getByRole('button', { name: 'Применить' }).click();
    await fp.getByRole('button', { name: /^Отправить учителю/ }).waitFor();
    await checkFamily('Мои дети');
    await fp.getByRole('link', { name: /Рультынэ Айна/ }).click();
    await fp.getByRole('link', { name: '← Мои дети' }).waitFor();
    await checkFamily('Родители: личные данные');
    assert.deepEqual(family.errors, []);
    for (const [screen, problems] of Object.entries(screens)) {
      assert.deepEqual(problems, [], `${screen}: ${problems.join('; ')}`);
    }
    assert.deepEqual(errors, []);
  });
}

test('periods can be changed to trimesters and bad periods are refused', async () => {
  const { page, errors } = await newPage(env.browser, PHONE);
  await setUpSchool(page, env.url);
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('link', { name: 'Школа и учебные годы' }).click();
  const year = page.getByRole('form', { name: 'Учебный год 2026/2027' });
  await year.getByRole('button', { name: 'Убрать период №4' }).click();
  await year.getByLabel('Название периода').nth(0).fill('I триместр');
  await year.getByLabel('Окончание').nth(0).fill('30.11.2026');
  await year.getByLabel('Название периода').nth(1).fill('II триместр');
  await year.getByLabel('Начало').nth(1).fill('01.12.2026');
  await year.getByLabel('Окончание').nth(1).fill('28.02.2027');
  await year.getByLabel('Название периода').nth(2).fill('III триместр');
  await year.getByLabel('Начало').nth(2).fill('28.02.2027');
  await year.getByLabel('Окончание').nth(2).fill('31.08.2027');
  await year.getByRole('button', { name: 'Сохранить периоды' }).click();
  await year.getByText('Период №3 начинается раньше, чем закончился период №2.').waitFor();
  await year.getByLabel('Начало').nth(2).fill('01.03.2027');
  await year.getByRole('button', { name: 'Сохранить периоды' }).click();
  await year.getByText('Периоды сохранены.').waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Учебный год 2026/2027' }).waitFor();
  const names = await page.getByRole('form', { name: 'Учебный год 2026/2027' }).getByLabel('Название периода').evaluateAll((els) => els.map((e) => e.value));
  assert.deepEqual(names, ['I триместр', 'II триместр', 'III триместр']);

  // The achievement filter offers the new periods.
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await addClass(page, '2 А');
  await addStudent(page);
  await page.getByRole('link', { name: 'Достижения', exact: true }).click();
  await page.getByLabel('Учебный год').selectOption({ label: '2026/2027' });
  const periods = await page.getByLabel('Период').evaluate((s) => [...s.options].map((o) => o.text));
  assert.deepEqual(periods, ['Весь год', 'I триместр', 'II триместр', 'III триместр']);
  assert.deepEqual(errors, []);
});
