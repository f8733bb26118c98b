// The assessment (П1 §1.9–1.11, §2.3–2.4, §4.3, §5.4) as the class teacher
// and the deputy director use it: the class «Достижения» table with counts,
// totals, points and places (a tie too) that keeps its filter and order
// after a reload; «Баллы рейтинга» edited → the places change; «Отчёты»
// match the data and download as CSV for Excel; the bank of gifted
// children; a student's rating and dynamics; the printed portfolio and the
// printed class summary, read back from the PDF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  withBrowser, newPage, setUpSchool, addClass, addStudent, addAchievement, MINIMAL_STUDENT, selectedLabel,
} from './harness.mjs';

const env = withBrowser();

/// Class 3 А: Рультынэ (Всероссийская олимпиада, призёр, дистанционно:
/// 8 × 75 % × 50 % = 3 балла), Тынэвири (муниципальный конкурс, победитель: 2,
/// and a school quiz, winner: 1 — 3 балла, a tie), Кымыргин (only last year's
/// result: 0 this year). Class 2 Б: Эттытвалъ (regional contest, prize 3).
async function school(page) {
  await setUpSchool(page, env.url);
  await addClass(page, '3 А');
  await addStudent(page);
  await addAchievement(page, {
    'Наименование': 'Олимпиада «Кенгуру»', 'Тип достижения': 'Олимпиада', 'Уровень мероприятия': 'Всероссийский',
    'Призовое место': 'Призёр (2 место)', 'Форма участия': 'Дистанционная', 'Дата проведения': '15.10.2026',
  });
  const back = () => page.getByRole('link', { name: '← Класс 3 А' }).click();
  await back();
  await addStudent(page, { ...MINIMAL_STUDENT, 'Фамилия': 'Тынэвири', 'Имя': 'Анна' });
  await addAchievement(page, {
    'Наименование': 'Конкурс рисунков «Моя тундра»', 'Тип достижения': 'Конкурс', 'Уровень мероприятия': 'Муниципальный',
    'Призовое место': 'Победитель (1 место)', 'Дата проведения': '16.10.2026',
  });
  await addAchievement(page, {
    'Наименование': 'Викторина по окружающему миру', 'Тип достижения': 'Викторина', 'Уровень мероприятия': 'Школьный',
    'Призовое место': 'Победитель (1 место)', 'Дата проведения': '20.11.2026',
  });
  await back();
  await addStudent(page, { ...MINIMAL_STUDENT, 'Фамилия': 'Кымыргин', 'Имя': 'Олег', 'Пол': 'Мужской' });
  await addAchievement(page, {
    'Наименование': 'Турнир по шашкам', 'Тип достижения': 'Турнир', 'Уровень мероприятия': 'Школьный',
    'Дата проведения': '10.05.2026',
  });
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await addClass(page, '2 Б');
  await addStudent(page, { ...MINIMAL_STUDENT, 'Фамилия': 'Эттытвалъ', 'Имя': 'Мария' });
  await addAchievement(page, {
    'Наименование': 'Региональный конкурс чтецов', 'Тип достижения': 'Конкурс', 'Уровень мероприятия': 'Региональный',
    'Призовое место': 'Призёр (3 место)', 'Дата проведения': '25.11.2026',
  });
}

/// The class table as the screen shows it: header and body rows, cell texts.
async function classTable(page) {
  const table = page.getByRole('table', { name: /^Достижения учеников класса/ });
  await table.waitFor();
  const head = (await table.locator('thead th').allTextContents()).map((t) => t.replace(/ [↑↓]$/, ''));
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  const total = await table.locator('tfoot tr').evaluate((tr) => [...tr.children].map((c) => c.textContent.trim()));
  return { head, rows, total };
}

async function openClassAchievements(page, name) {
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await page.getByRole('link', { name: new RegExp(`^${name}`) }).click();
  await page.getByRole('navigation', { name: 'Разделы класса' }).getByRole('link', { name: 'Достижения' }).click();
}

test('the class «Достижения» table: counts by type, totals, points and places with a tie; order and filter survive a reload', async () => {
  const { page, errors } = await newPage(env.browser);
  await school(page);
  await openClassAchievements(page, '3 А');
  let t = await classTable(page);
  assert.deepEqual(t.head, ['Ученик', 'Олимпиада', 'Конкурс', 'Викторина', 'Всего', 'Баллы', 'Место в классе']);
  assert.deepEqual(t.rows, [
    ['Кымыргин Олег', '0', '0', '0', '0', '0', '3-е'],
    ['Рультынэ Айна', '1', '0', '0', '1', '3', '1–2-е'],
    ['Тынэвири Анна', '0', '1', '1', '2', '3', '1–2-е'],
  ]);
  assert.deepEqual(t.total, ['Итого', '1', '1', '1', '3', '6', '']);
  await page.getByText('3 ученика, у 2 есть достижения; всего достижений: 3, баллов: 6.').waitFor();

  // Sorted by «Всего», most first; then only the II четверть.
  await page.getByRole('button', { name: 'Упорядочить по столбцу «Всего»' }).click();
  assert.equal(await page.locator('th[aria-sort="descending"]').textContent(), 'Всего ↓');
  t = await classTable(page);
  assert.deepEqual(t.rows.map((r) => r[0]), ['Тынэвири Анна', 'Рультынэ Айна', 'Кымыргин Олег']);
  // A keyboard user on «Период» stays there after choosing.
  await page.getByLabel('Период', { exact: true }).focus();
  await page.getByLabel('Период', { exact: true }).selectOption({ label: 'II четверть' });
  await page.getByRole('table', { name: /II четверть/ }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'span-period');
  t = await classTable(page);
  assert.deepEqual(t.head, ['Ученик', 'Викторина', 'Всего', 'Баллы', 'Место в классе']);
  assert.deepEqual(t.rows[0], ['Тынэвири Анна', '1', '1', '1', '1-е']);
  // A reload brings the same view back.
  await page.reload();
  t = await classTable(page);
  assert.deepEqual(t.rows[0], ['Тынэвири Анна', '1', '1', '1', '1-е']);
  assert.equal(await selectedLabel(page, 'Период'), 'II четверть');
  assert.equal(await page.locator('th[aria-sort="descending"]').textContent(), 'Всего ↓');
  // Last school year: only Кымыргин's tournament.
  await page.getByLabel('Учебный год', { exact: true }).selectOption({ label: '2025/2026' });
  t = await classTable(page);
  assert.deepEqual(t.rows[0], ['Кымыргин Олег', '1', '1', '0,2', '1-е']);
  // A student's row opens their achievements with the same filter.
  await page.getByLabel('Учебный год', { exact: true }).selectOption({ label: '2026/2027' });
  await page.getByLabel('Тип достижения', { exact: true }).selectOption({ label: 'Конкурс' });
  await page.getByRole('link', { name: 'Тынэвири Анна' }).click();
  await page.getByRole('heading', { name: 'Тынэвири Анна', level: 1 }).waitFor();
  assert.equal(await selectedLabel(page, 'Тип достижения'), 'Конкурс');
  assert.equal(await selectedLabel(page, 'Учебный год'), '2026/2027');
  assert.deepEqual(await page.locator('ul.achievements article h3').allTextContents(), ['Конкурс рисунков «Моя тундра»']);
  assert.deepEqual(errors, []);
});

test('editing «Баллы рейтинга» changes the places at once', async () => {
  const { page, errors } = await newPage(env.browser);
  await school(page);
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('link', { name: 'Баллы рейтинга' }).click();
  await page.getByRole('heading', { name: 'Баллы рейтинга' }).waitFor();
  assert.equal(await page.getByLabel('Всероссийский', { exact: true }).inputValue(), '8');
  assert.equal(await page.getByLabel('Дистанционная, %').inputValue(), '50');
  // A bad value is refused next to its field, nothing changes.
  await page.getByLabel('Всероссийский', { exact: true }).fill('восемь');
  await page.getByRole('button', { name: 'Сохранить баллы' }).click();
  await page.getByText('Всероссийский: укажите целое число от 0 до 1000.').waitFor();
  // Remote participation counts fully now: Рультынэ has 6 points, alone first.
  await page.getByLabel('Всероссийский', { exact: true }).fill('8');
  await page.getByLabel('Дистанционная, %').fill('100');
  await page.getByRole('button', { name: 'Сохранить баллы' }).click();
  await page.getByText('Баллы рейтинга сохранены: рейтинг пересчитан.').waitFor();
  await openClassAchievements(page, '3 А');
  let t = await classTable(page);
  assert.deepEqual(t.rows.map((r) => [r[0], r[5], r[6]]), [
    ['Кымыргин Олег', '0', '3-е'], ['Рультынэ Айна', '6', '1-е'], ['Тынэвири Анна', '3', '2-е'],
  ]);
  // A new prize place «Гран-при», scored 200 %, counted as a prize.
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('link', { name: 'Призовые места' }).click();
  await page.getByLabel('Новое призовое место').fill('Гран-при');
  await page.getByRole('button', { name: 'Добавить' }).click();
  await page.getByText('«Гран-при» добавлено в справочник.').waitFor();
  await page.getByRole('link', { name: 'Баллы рейтинга' }).click();
  await page.getByLabel('Гран-при, %').fill('200');
  await page.getByLabel('«Гран-при» — победитель или призёр').check();
  await page.getByRole('button', { name: 'Сохранить баллы' }).click();
  await page.getByText('Баллы рейтинга сохранены: рейтинг пересчитан.').waitFor();
  await page.reload();
  await page.getByLabel('Гран-при, %').waitFor();
  assert.equal(await page.getByLabel('Гран-при, %').inputValue(), '200');
  assert.ok(await page.getByLabel('«Гран-при» — победитель или призёр').isChecked());
  assert.deepEqual(errors, []);
});

test('«Отчёты» match the data, download as CSV for Excel, and the bank of gifted children follows its threshold', async () => {
  const { page, errors } = await newPage(env.browser);
  await school(page);
  await page.getByRole('link', { name: 'Отчёты' }).click();
  await page.getByRole('heading', { name: 'Отчёты', level: 1 }).waitFor();
  const rows = async (id) => page.locator(`#${id} table`).evaluate((t) => [...t.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  const types = await rows('report-types');
  assert.deepEqual(types[0], ['Тип достижения', 'Школьный', 'Муниципальный', 'Региональный', 'Межрегиональный', 'Всероссийский', 'Международный', 'Всего']);
  assert.deepEqual(types.find((r) => r[0] === 'Конкурс'), ['Конкурс', '0', '1', '1', '0', '0', '0', '2']);
  assert.deepEqual(types.at(-1), ['Итого', '1', '1', '1', '0', '1', '0', '4']);
  const winners = await rows('report-winners');
  assert.deepEqual(winners.find((r) => r[0] === 'Всероссийский'), ['Всероссийский', '1', '1']);
  assert.deepEqual(winners.at(-1), ['Итого', '4', '3']);
  const part = await rows('report-participation');
  assert.deepEqual(part.slice(1), [['Учеников', '4'], ['С достижениями', '3'], ['Без достижений', '1'], ['Доля учеников с достижениями, %', '75']]);
  assert.deepEqual((await rows('report-without')).slice(1), [['Кымыргин Олег', '3 А']]);
  // The bank of gifted children: municipal and up by default; regional and up.
  let bank = await rows('report-gifted');
  assert.deepEqual(bank.slice(1).map((r) => r[0]), ['Рультынэ Айна', 'Тынэвири Анна', 'Эттытвалъ Мария']);
  await page.getByLabel('Уровень мероприятия не ниже').selectOption({ label: 'Региональный' });
  bank = await rows('report-gifted');
  assert.deepEqual(bank.slice(1), [
    ['Рультынэ Айна', '3 А', '1', 'Олимпиада «Кенгуру» (Всероссийский, Призёр (2 место), 15.10.2026)', 'нет'],
    ['Эттытвалъ Мария', '2 Б', '1', 'Региональный конкурс чтецов (Региональный, Призёр (3 место), 25.11.2026)', 'нет'],
  ]);
  // One class only.
  await page.getByLabel('Отчёт по').selectOption({ label: 'Класс 2 Б' });
  assert.deepEqual((await rows('report-participation'))[1], ['Учеников', '1']);
  await page.reload();
  await page.locator('#report-participation table').waitFor();
  assert.equal(await selectedLabel(page, 'Отчёт по'), 'Класс 2 Б');
  assert.deepEqual((await rows('report-participation'))[1], ['Учеников', '1']);
  await page.getByLabel('Отчёт по').selectOption({ label: 'Вся школа' });

  // The CSV opens in Excel: BOM, «;», CRLF, the same figures.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Скачать CSV \(Excel\): Достижения по типам и уровням/ }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^Отчёт_вся_школа_за_2026_2027_учебный_год_\d{4}-\d\d-\d\d\.csv$/);
  const bytes = fs.readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8').slice(1);
  assert.ok(text.endsWith('\r\n') && !/[^\r]\n/.test(text));
  const parsed = text.trimEnd().split('\r\n').map((l) => l.split(';'));
  assert.deepEqual(parsed, await rows('report-types'));
  assert.deepEqual(errors, []);
});

/// The text of a PDF of the page as printed.
async function printedText(page) {
  await page.emulateMedia({ media: 'print' });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'portfolio-pdf-')), 'page.pdf');
  await page.pdf({ path: file, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
}

test('a student\'s rating and dynamics, the printed portfolio and the printed class summary', async () => {
  const { page, errors } = await newPage(env.browser);
  await school(page);
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await page.getByRole('link', { name: /^3 А/ }).click();
  await page.getByRole('link', { name: /Тынэвири Анна/ }).click();
  await page.getByRole('link', { name: 'Рейтинг', exact: true }).click();
  await page.getByText('3 балла за 2026/2027 учебный год: 1–2-е место в классе из 3, 1–2-е в школе из 4').waitFor();
  const earned = await page.getByRole('table').first().locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  assert.deepEqual(earned.map((r) => [r[0], r[4]]), [['Викторина по окружающему миру', '1'], ['Конкурс рисунков «Моя тундра»', '2']]);
  // The dynamics: a chart with a text alternative, and the same figures as a table.
  await page.getByRole('img', { name: /^Баллы по периодам с 2026\/2027 по 2026\/2027 учебный год/ }).waitFor();
  const dyn = await page.getByRole('table', { name: 'Достижения и баллы по периодам' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  assert.deepEqual(dyn.slice(0, 2), [['I четверть, 2026/2027', '1', '2'], ['II четверть, 2026/2027', '1', '1']]);
  await page.getByLabel('Период', { exact: true }).selectOption({ label: 'I четверть' });
  await page.getByText('2 балла за I четверть 2026/2027 учебного года: 2-е место в классе из 3, 2-е в школе из 4').waitFor();
  // Another year, then one of its periods: the year stays chosen.
  await page.getByLabel('Учебный год', { exact: true }).selectOption({ label: '2025/2026' });
  await page.getByLabel('Период', { exact: true }).selectOption({ label: 'IV четверть' });
  await page.getByText('0 баллов за IV четверть 2025/2026 учебного года: 2–3-е место в классе из 3, 2–4-е в школе из 4').waitFor();
  assert.equal(await selectedLabel(page, 'Учебный год'), '2025/2026');
  await page.getByLabel('Учебный год', { exact: true }).selectOption({ label: '2026/2027' });

  // «Печать портфолио»: name, class, achievements, rating; no other child.
  await page.getByRole('link', { name: 'Печать портфолио' }).click();
  await page.getByRole('heading', { name: 'Печать портфолио' }).waitFor();
  let pdf = await printedText(page);
  for (const s of ['Портфолио обучающегося', 'Тынэвири Анна', 'Класс 3 А, 2026/2027 учебный год', 'Конкурс рисунков «Моя тундра»', 'Викторина по окружающему миру',
    '3 балла за 2026/2027 учебный год: 1–2-е место в классе из 3', 'Призовое место: Победитель (1 место)']) {
    assert.ok(pdf.includes(s), `the printed portfolio lacks «${s}»:\n${pdf}`);
  }
  for (const s of ['Рультынэ', 'Кымыргин', 'Эттытвалъ', 'Печать портфолио', 'Дата рождения']) {
    assert.ok(!pdf.includes(s), `the printed portfolio holds «${s}»`);
  }
  // Personal data only when ticked.
  await page.getByLabel('Пол, дата и место рождения, гражданство').check();
  pdf = await printedText(page);
  assert.ok(pdf.includes('Дата рождения') && pdf.includes('29.02.2016'), pdf);

  // The printed class summary.
  await openClassAchievements(page, '3 А');
  await page.getByRole('table', { name: /^Достижения учеников класса/ }).waitFor();
  pdf = await printedText(page);
  for (const s of ['Достижения учеников класса 3 А за 2026/2027 учебный год', 'Рультынэ Айна', 'Тынэвири Анна', 'Кымыргин Олег', 'Итого']) {
    assert.ok(pdf.includes(s), `the class summary lacks «${s}»:\n${pdf}`);
  }
  for (const s of ['Эттытвалъ', 'Скачать CSV', 'Администрирование']) {
    assert.ok(!pdf.includes(s), `the class summary holds «${s}»`);
  }
  assert.deepEqual(errors, []);
});
