// «Достижения»: add from the student's profile, edit, delete, filter by type,
// school year and period; reload and the back button on a static server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  withBrowser, newPage, setUpSchool, addClass, addStudent, addAchievement, listedAchievements,
  expectText, expectValue, selectedLabel,
} from './harness.mjs';

const env = withBrowser();

// The machine's date is the school's «today»; these dates are in the past of
// 2026-11-23 and span two school years and three quarters.
const MATH = {
  'Наименование': 'Олимпиада «Юный математик»',
  'Тип достижения': 'Олимпиада',
  'Уровень мероприятия': 'Муниципальный',
  'Результат': 'Решила 5 задач из 6',
  'Дата проведения': '10.10.2026',
  'Предмет': 'Математика',
  'Призовое место': 'Победитель (1 место)',
};
const DRAWING = {
  'Наименование': 'Конкурс рисунков «Моя Чукотка»',
  'Тип достижения': 'Конкурс',
  'Уровень мероприятия': 'Региональный',
  'Дата проведения': '20.11.2026',
  'Предмет': 'Изобразительное искусство',
  'Призовое место': 'Призёр (2 место)',
};
const QUIZ = {
  'Наименование': 'Викторина «Знатоки природы»',
  'Тип достижения': 'Викторина',
  'Уровень мероприятия': 'Школьный',
  'Дата проведения': '15.03.2026',
  'Предмет': 'Окружающий мир',
};

test('achievements are added, edited, deleted and filtered; filters survive a reload', async () => {
  const { page, errors } = await newPage(env.browser);
  await setUpSchool(page, env.url);
  await addClass(page, '3 А');
  await addStudent(page);

  await page.getByRole('link', { name: 'Достижения', exact: true }).click();
  await page.getByText('Достижений пока нет.').waitFor();

  // The form refuses a future date and missing choices.
  await page.getByRole('link', { name: 'Добавить достижение' }).click();
  assert.equal(await selectedLabel(page, 'Предмет'), 'Нет предмета');
  assert.equal(await selectedLabel(page, 'Призовое место'), 'Участник');
  await page.getByLabel('Дата проведения', { exact: true }).fill('01.01.2030');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText('Заполните поле «Наименование».').waitFor();
  await page.getByText('Выберите значение поля «Тип достижения».').waitFor();
  await page.getByText('Дата проведения не может быть позже сегодняшнего дня.').waitFor();
  await page.getByText('Проверьте отмеченные поля (4). Данные не сохранены.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'a-title');
  await page.getByRole('link', { name: 'Отмена' }).click();

  await addAchievement(page, MATH);
  await addAchievement(page, DRAWING);
  await addAchievement(page, QUIZ);
  assert.deepEqual(await listedAchievements(page), [DRAWING, MATH, QUIZ].map((a) => a['Наименование']));
  await expectText(page.locator('p.summary'), 'Всего достижений: 3.');
  const math = page.getByRole('article', { name: MATH['Наименование'] });
  await math.getByText('Решила 5 задач из 6').waitFor();
  await math.getByText('10.10.2026 · Олимпиада').waitFor();
  await math.getByText('Победитель (1 место)').waitFor();

  // Edit.
  await page.getByRole('link', { name: `Изменить: ${MATH['Наименование']}` }).click();
  await page.getByRole('heading', { name: 'Изменить достижение' }).waitFor();
  await expectValue(page.getByLabel('Результат', { exact: true }), 'Решила 5 задач из 6');
  await page.getByLabel('Результат', { exact: true }).fill('Решила все 6 задач');
  await page.getByLabel('Уровень мероприятия', { exact: true }).selectOption({ label: 'Региональный' });
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText(`Достижение «${MATH['Наименование']}» сохранено.`).waitFor();
  await math.getByText('Решила все 6 задач').waitFor();

  // Filter by type.
  await page.getByLabel('Тип достижения').selectOption({ label: 'Конкурс' });
  await expectText(page.locator('p.summary'), 'Найдено: 1 из 3.');
  assert.deepEqual(await listedAchievements(page), [DRAWING['Наименование']]);
  await page.getByLabel('Тип достижения').selectOption({ label: 'Все типы' });

  // By school year, then by quarter.
  await page.getByLabel('Учебный год').selectOption({ label: '2026/2027' });
  await expectText(page.locator('p.summary'), 'Найдено: 2 из 3.');
  await page.getByLabel('Период').selectOption({ label: 'I четверть' });
  await expectText(page.locator('p.summary'), 'Найдено: 1 из 3.');
  assert.deepEqual(await listedAchievements(page), [MATH['Наименование']]);
  await page.getByLabel('Период').selectOption({ label: 'II четверть' });
  await expectText(page.locator('p.summary'), 'Найдено: 1 из 3.');
  assert.deepEqual(await listedAchievements(page), [DRAWING['Наименование']]);

  // A reload keeps the screen and the filter.
  await page.reload();
  await expectText(page.locator('p.summary'), 'Найдено: 1 из 3.');
  assert.deepEqual(await listedAchievements(page), [DRAWING['Наименование']]);
  assert.equal(await selectedLabel(page, 'Учебный год'), '2026/2027');
  assert.equal(await selectedLabel(page, 'Период'), 'II четверть');

  await page.getByLabel('Учебный год').selectOption({ label: '2025/2026' });
  assert.deepEqual(await listedAchievements(page), [QUIZ['Наименование']]);
  await page.getByLabel('Учебный год').selectOption({ label: 'Все годы' });
  await expectText(page.locator('p.summary'), 'Всего достижений: 3.');

  // Delete (the confirmation is accepted by the harness).
  await page.getByRole('button', { name: `Удалить: ${QUIZ['Наименование']}` }).click();
  await page.getByText(`Достижение «${QUIZ['Наименование']}» удалено.`).waitFor();
  await expectText(page.locator('p.summary'), 'Всего достижений: 2.');
  await page.reload();
  assert.deepEqual(await listedAchievements(page), [DRAWING, MATH].map((a) => a['Наименование']));

  // The class page counts them.
  await page.getByRole('link', { name: '← Класс 3 А' }).click();
  await expectText(page.getByRole('link', { name: /Рультынэ/ }).locator('.muted'), '2 достижения');
  assert.deepEqual(errors, []);
});

test('the back button and deep links work on a plain static server', async () => {
  const { page, errors } = await newPage(env.browser);
  await setUpSchool(page, env.url);
  await addClass(page, '1 А');
  const classUrl = page.url();
  await addStudent(page);
  const personalUrl = page.url();
  await addAchievement(page, MATH);
  const listUrl = page.url();
  assert.match(listUrl, /#\/student\/[0-9a-f-]{36}\/achievements$/);

  await page.goBack(); // from the list back to the form's address
  await page.goBack();
  await page.goBack();
  await page.waitForURL(personalUrl);
  await page.getByRole('heading', { name: 'Рультынэ Айна', level: 1 }).waitFor();
  await expectValue(page.getByLabel('Место рождения', { exact: true }), 'с. Биллингс, Чукотский АО');
  await page.goBack();
  await page.waitForURL(/new-student$/);
  await page.goBack();
  await page.waitForURL(classUrl);
  await page.getByRole('heading', { name: 'Класс 1 А' }).waitFor();
  await page.goForward();
  await page.goForward();
  await page.waitForURL(personalUrl);

  // A deep link opened in a fresh tab of the same browser.
  const tab = await page.context().newPage();
  await tab.goto(listUrl);
  await tab.getByRole('article', { name: MATH['Наименование'] }).waitFor();
  // An unknown address says so instead of a blank page.
  await tab.goto(`${env.url}#/student/nobody/achievements`);
  await tab.getByRole('heading', { name: 'Ученик не найден' }).waitFor();
  await tab.goto(`${env.url}#/nowhere`);
  await tab.getByRole('heading', { name: 'Страница не найдена' }).waitFor();
  assert.deepEqual(errors, []);
});

test('a second tab of the same browser sees a save at once and does not write back an older copy', async () => {
  const { ctx, page, errors } = await newPage(env.browser);
  await setUpSchool(page, env.url);
  await addClass(page, '2 Г');
  await addStudent(page);
  await page.getByRole('link', { name: 'Достижения', exact: true }).click();
  await page.getByText('Достижений пока нет.').waitFor();

  const other = await ctx.newPage();
  await other.goto(page.url().replace(/achievements$/, 'personal'));
  await other.getByRole('heading', { name: 'Рультынэ Айна', level: 1 }).waitFor();

  // Tab 1 adds an achievement; tab 2, without a reload, lists it.
  await addAchievement(page, MATH);
  await other.getByRole('link', { name: 'Достижения', exact: true }).click();
  await expectText(other.locator('p.summary'), 'Всего достижений: 1.');

  // Tab 2 then saves «Личные данные»: the achievement from tab 1 stays.
  await other.getByRole('link', { name: 'Личные данные', exact: true }).click();
  await other.getByLabel('Место рождения', { exact: true }).fill('г. Певек');
  await other.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await other.getByText('Личные данные сохранены.').waitFor();
  await page.reload();
  assert.deepEqual(await listedAchievements(page), [MATH['Наименование']]);
  await page.getByRole('link', { name: 'Личные данные', exact: true }).click();
  await expectValue(page.getByLabel('Место рождения', { exact: true }), 'г. Певек');
  assert.deepEqual(errors, []);
});
