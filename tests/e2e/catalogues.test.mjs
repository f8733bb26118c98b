// «Справочники»: the defaults of П1 §5.1.2, add / rename / delete, and the
// rule that a type used by an achievement cannot be deleted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  withBrowser, newPage, setUpSchool, addClass, addStudent, addAchievement, expectText, classLink,
} from './harness.mjs';

const env = withBrowser();

const TYPES = [
  'Олимпиада', 'Конкурс', 'Викторина', 'Выставка', 'Концерт', 'Урок', 'Игра', 'Турнир', 'КВН',
  'Участие в добровольческой деятельности', 'Иное',
];

async function entries(page, title) {
  return page.getByRole('list', { name: title }).locator('.entry-name').allTextContents();
}

test('catalogues start with the defaults and can be edited; a type in use cannot be deleted', async () => {
  const { page, errors } = await newPage(env.browser);
  await setUpSchool(page, env.url);
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('heading', { name: 'Типы достижений', level: 3 }).waitFor();
  assert.deepEqual(await entries(page, 'Типы достижений'), TYPES);

  for (const [tab, first, count] of [
    ['Уровни мероприятий', 'Школьный', 6],
    ['Призовые места', 'Победитель (1 место)', 6],
    ['Предметы', 'Русский язык', 13],
    ['Категории результатов', 'Учебные достижения', 6],
    ['Виды документов', 'Документ об образовании', 9],
  ]) {
    await page.getByRole('link', { name: tab }).click();
    await page.getByRole('heading', { name: tab, level: 3 }).waitFor();
    const list = await entries(page, tab);
    assert.equal(list.length, count, tab);
    assert.equal(list[0], first, tab);
  }

  // Staff: add a teacher with a role.
  await page.getByRole('link', { name: 'Педагоги' }).click();
  await page.getByText('Справочник пуст.').waitFor();
  await page.getByLabel('ФИО нового педагога').fill('Петрова Анна Ивановна');
  await page.getByLabel('Должность').fill('учитель начальных классов');
  await page.getByRole('button', { name: 'Добавить', exact: true }).click();
  await page.getByText('«Петрова Анна Ивановна» добавлено в справочник.').waitFor();
  assert.deepEqual(await entries(page, 'Педагоги'), ['Петрова Анна Ивановна']);

  // Types: add, refuse a duplicate, rename, delete an unused one.
  await page.getByRole('link', { name: 'Типы достижений' }).click();
  const name = page.getByLabel('Новый тип достижения');
  await name.fill('Соревнования');
  await page.getByRole('button', { name: 'Добавить', exact: true }).click();
  await page.getByText('«Соревнования» добавлено в справочник.').waitFor();
  await name.fill('олимпиада');
  await page.getByRole('button', { name: 'Добавить', exact: true }).click();
  await page.getByText('«Олимпиада» уже есть в справочнике «Типы достижений».').waitFor();
  await page.getByRole('button', { name: 'Переименовать: Соревнования' }).click();
  await page.getByLabel('Новое название для «Соревнования»').fill('Спортивные соревнования');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText('Изменения сохранены.').waitFor();
  assert.deepEqual(await entries(page, 'Типы достижений'), [...TYPES, 'Спортивные соревнования']);
  await page.getByRole('button', { name: 'Удалить: Спортивные соревнования' }).click();
  await page.getByText('«Спортивные соревнования» удалено из справочника.').waitFor();
  assert.deepEqual(await entries(page, 'Типы достижений'), TYPES);

  // An achievement of type «Олимпиада» keeps that type from being deleted.
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await addClass(page, '2 Б');
  await addStudent(page);
  await addAchievement(page, {
    'Наименование': 'Олимпиада «Юный математик»',
    'Тип достижения': 'Олимпиада',
    'Уровень мероприятия': 'Муниципальный',
    'Дата проведения': '10.10.2026',
  });
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('button', { name: 'Удалить: Олимпиада' }).click();
  await page.getByRole('alert').filter({ hasText: 'Нельзя удалить' }).waitFor();
  await expectText(
    page.getByRole('alert').filter({ hasText: 'Нельзя удалить' }),
    'Нельзя удалить тип достижения «Олимпиада»: он указан в 1 достижении у 1 ученика. Сначала измените или удалите эти достижения.',
  );
  await page.reload();
  await page.getByRole('heading', { name: 'Типы достижений', level: 3 }).waitFor();
  assert.deepEqual(await entries(page, 'Типы достижений'), TYPES, 'the refused deletion changed nothing');

  // A teacher named as class teacher cannot be deleted either.
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await page.getByLabel('Название класса').fill('4 А');
  await page.getByLabel('Классный руководитель').selectOption({ label: 'Петрова Анна Ивановна' });
  await page.getByRole('button', { name: 'Добавить класс' }).click();
  await page.getByText('Классный руководитель: Петрова Анна Ивановна').waitFor();
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('link', { name: 'Педагоги' }).click();
  await page.getByRole('button', { name: 'Удалить: Петрова Анна Ивановна' }).click();
  await page.getByText('Нельзя удалить педагога «Петрова Анна Ивановна»: он указан классным руководителем в 1 классе. Сначала измените или удалите эти классы.').waitFor();

  // A class can be renamed and given its class teacher later.
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await classLink(page, '2 Б').click();
  // (The list of classes has a «Название класса» too: the class page first.)
  await page.getByRole('heading', { name: 'Класс 2 Б' }).waitFor();
  await page.getByLabel('Название класса').fill('4 а');
  await page.getByRole('button', { name: 'Сохранить класс' }).click();
  await page.getByText('Класс «4 а» в этом учебном году уже есть.').waitFor();
  await page.getByLabel('Название класса').fill('2 В');
  await page.getByLabel('Классный руководитель').selectOption({ label: 'Петрова Анна Ивановна' });
  await page.getByRole('button', { name: 'Сохранить класс' }).click();
  await page.getByText('Класс сохранён.').waitFor();
  await page.getByRole('heading', { name: 'Класс 2 В' }).waitFor();
  await page.reload();
  await page.getByText('Классный руководитель: Петрова Анна Ивановна').waitFor();
  assert.deepEqual(errors, []);
});
