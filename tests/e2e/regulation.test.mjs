// The second regulation, as a teacher and a family use it: a reward with a
// document for an achievement, an observation with two tags, a golden ГТО
// badge — after a reload, filtered, in the class's list and in «Отчёты»;
// the child's file carries them to the family (who reads observations and
// adds none) and back; a school year's archive opens read-only beside the
// live data and leaves it byte for byte as it was; a database and files of
// the previous release open in this build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  withBrowser, newPage, setUpSchool, addClass, addStudent, addAchievement, fillFields, listedAchievements, expectText, openStudent,
} from './harness.mjs';
import { pdf, png, databaseContents } from './files.mjs';
import { auditAll } from './audit.mjs';

const env = withBrowser();
const PACKAGE = 'Для родителей: Рультынэ Айна (3 А)';

async function openExchange(page) {
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('link', { name: 'Резервная копия и обмен' }).click();
  await page.getByRole('heading', { name: 'Сохранить в файл' }).waitFor();
}

async function download(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: d.suggestedFilename(), path: await d.path() };
}

function asUpload(file) {
  return { name: file.name, mimeType: 'application/json', buffer: fs.readFileSync(file.path) };
}

async function clean(page, where) {
  const problems = await auditAll(page);
  assert.deepEqual(problems, [], `${where}: ${problems.join('; ')}`);
}

/// A teacher's device: class 3 А, Рультынэ Айна, an olympiad and a golden
/// ГТО badge; lands on her «Достижения».
async function teacherWithBadge() {
  const t = await newPage(env.browser);
  const page = t.page;
  await setUpSchool(page, env.url);
  await addClass(page, '3 А');
  await addStudent(page);
  await addAchievement(page, {
    'Наименование': 'Олимпиада «Юный математик»', 'Тип достижения': 'Олимпиада', 'Уровень мероприятия': 'Муниципальный', 'Дата проведения': '12.10.2026',
  });
  await addAchievement(page, {
    'Наименование': 'Сдача норм ГТО',
    'Тип достижения': 'Иное',
    'Уровень мероприятия': 'Муниципальный',
    'Дата проведения': '10.11.2026',
    'Предмет': 'Физическая культура',
    'Знак отличия ГТО': 'Золотой знак',
    'Ступень ГТО': 'II ступень',
  });
  return t;
}

async function addReward(page, fields, documents = []) {
  await page.getByRole('link', { name: 'Поощрения', exact: true }).click();
  await page.getByRole('link', { name: 'Добавить поощрение' }).click();
  await page.getByRole('heading', { name: 'Новое поощрение' }).waitFor();
  await fillFields(page, fields);
  if (documents.length) {
    await page.getByLabel('Добавить документ').setInputFiles(documents);
    await page.waitForFunction((n) => document.querySelectorAll('ul.docs > li').length === n, documents.length);
  }
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText(`Поощрение «${fields['Вид поощрения']}» добавлено.`).waitFor();
}

async function addObservation(page, { date, tags, text, observer }) {
  await page.getByRole('link', { name: 'Наблюдения', exact: true }).click();
  await page.getByRole('link', { name: 'Добавить наблюдение' }).click();
  await page.getByRole('heading', { name: 'Новое наблюдение' }).waitFor();
  if (date) await page.getByLabel('Дата наблюдения').fill(date);
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const t of tags) await page.getByLabel(new RegExp(`^${escape(t)} —`)).check();
  await page.getByLabel('Что наблюдали').fill(text);
  await page.getByLabel('Кто наблюдал').fill(observer);
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText(/^Наблюдение от \d\d\.\d\d\.\d{4} добавлено\.$/).waitFor();
}

async function listed(page, list) {
  await page.locator('p.summary').waitFor();
  return page.getByRole('list', { name: list }).locator('article h3').allTextContents();
}

test('a reward with a document for an achievement, an observation with two tags, a golden ГТО badge', async () => {
  const { page } = await teacherWithBadge();
  // The badge, as the list shows it.
  const badge = page.getByRole('article', { name: 'Сдача норм ГТО' });
  await expectText(badge.locator('dt:has-text("Знак ГТО") + dd'), 'золотой знак, II ступень, 10.11.2026');

  // A certificate of merit for the olympiad, with its scan.
  await addReward(page, {
    'Вид поощрения': 'Грамота',
    'Дата вручения': '20.11.2026',
    'За успехи в': 'учебной деятельности',
    'Кем вручено': 'Администрация школы',
    'За достижение': 'Олимпиада «Юный математик» (12.10.2026)',
  }, [{ name: 'gramota.pdf', mimeType: 'application/pdf', buffer: pdf('Gramota') }]);
  // One of last school year.
  await addReward(page, {
    'Вид поощрения': 'Благодарность', 'Дата вручения': '15.05.2026', 'За успехи в': 'общественной деятельности', 'Кем вручено': 'Глава поселения',
  });
  // A reward in the future is refused, naming the field; nothing is added.
  await page.getByRole('link', { name: 'Добавить поощрение' }).click();
  await fillFields(page, { 'Вид поощрения': 'Приз', 'Дата вручения': '01.01.2099', 'За успехи в': 'спортивной деятельности', 'Кем вручено': 'Тренер' });
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText('Дата вручения не может быть позже сегодняшнего дня.').waitFor();
  await page.getByRole('link', { name: 'Отмена' }).click();
  assert.deepEqual(await listed(page, 'Список поощрений'), ['Грамота', 'Благодарность']);
  await clean(page, 'Поощрения');

  // Observations: two tags, then one.
  await addObservation(page, {
    tags: ['Личностные', 'Коммуникативные'],
    text: 'Рассказала классу о тундре, ответила на вопросы одноклассников.',
    observer: 'Омрынаут Анна Петровна',
  });
  await addObservation(page, {
    date: '01.10.2026', tags: ['Познавательные'], text: 'Нашла в книге ответ на свой вопрос.', observer: 'Омрынаут Анна Петровна',
  });
  // None ticked: refused with a message.
  await page.getByRole('link', { name: 'Добавить наблюдение' }).click();
  await page.getByLabel('Что наблюдали').fill('Без отметок');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText(/^Отметьте хотя бы один вид результатов/).waitFor();
  await clean(page, 'Новое наблюдение');
  await page.getByRole('link', { name: 'Отмена' }).click();
  assert.equal((await listed(page, 'Наблюдения по датам')).length, 2);

  // After a reload, filtered by tag (kept in the address).
  await page.getByLabel('Вид результатов').selectOption({ label: 'Коммуникативные' });
  await page.getByText('Найдено: 1 из 2.').waitFor();
  await page.reload();
  await page.getByText('Найдено: 1 из 2.').waitFor();
  const seen = page.getByRole('list', { name: 'Наблюдения по датам' }).getByRole('article');
  assert.deepEqual(
    (await seen.getByRole('list', { name: 'Виды результатов' }).locator('li').allTextContents()),
    ['Личностные', 'Коммуникативные'],
  );
  await seen.getByText('Рассказала классу о тундре, ответила на вопросы одноклассников.').waitFor();
  await clean(page, 'Наблюдения');

  // Rewards after the reload, filtered by year.
  await page.getByRole('link', { name: 'Поощрения', exact: true }).click();
  await page.getByLabel('Учебный год').selectOption({ label: '2026/2027' });
  await page.getByText('За 2026/2027 учебный год: 1 из 2.').waitFor();
  const gramota = page.getByRole('article', { name: 'Грамота' });
  await expectText(gramota.locator('dt:has-text("За достижение") + dd'), 'Олимпиада «Юный математик»');
  await gramota.getByText('20.11.2026 · за успехи в учебной деятельности').waitFor();
  // Its document opens, and leads back to the reward.
  await gramota.getByRole('link', { name: 'Открыть документ: Грамота' }).click();
  await page.getByRole('link', { name: 'Открыть PDF' }).waitFor();
  await page.getByRole('link', { name: 'Изменить поощрение' }).click();
  await page.getByRole('heading', { name: 'Изменить поощрение' }).waitFor();
  await clean(page, 'Изменить поощрение');
  assert.equal(await page.locator('ul.docs > li').count(), 1);

  // The class's list of rewards of the year.
  await page.getByRole('link', { name: /^← Рультынэ Айна/ }).click();
  await page.getByRole('link', { name: /^← Класс 3 А/ }).click();
  await page.getByRole('navigation', { name: 'Разделы класса' }).getByRole('link', { name: 'Поощрения' }).click();
  await page.getByText('Поощрений за 2026/2027 учебный год: 1.').waitFor();
  const row = page.getByRole('region', { name: 'Поощрения класса' }).locator('tbody tr');
  assert.deepEqual((await row.locator('th, td').allTextContents()).map((s) => s.trim()),
    ['Рультынэ Айна', 'Грамота', 'учебной деятельности', '20.11.2026', 'Администрация школы']);
  await clean(page, 'Поощрения класса');

  // «Отчёты» count rewards by kind and ГТО badges.
  await page.getByRole('link', { name: 'Отчёты' }).click();
  const rewards = page.locator('#report-rewards-table');
  await expectText(rewards.locator('tr:has(th:text-is("Грамота")) td').first(), '1');
  await expectText(rewards.locator('tr:has(th:text-is("Благодарность")) td').first(), '0');
  const gto = page.locator('#report-gto-table');
  await expectText(gto.locator('tr:has(th:text-is("Золотой знак")) td').first(), '1');
  await clean(page, 'Отчёты');

  // The printed portfolio carries them too.
  await openStudent(page);
  await page.getByRole('link', { name: 'Рейтинг', exact: true }).click();
  await page.getByRole('link', { name: 'Печать портфолио' }).click();
  const paper = page.getByRole('article', { name: 'Портфолио для печати' });
  await paper.getByText('Грамота за успехи в учебной деятельности, 20.11.2026').waitFor();
  await paper.getByText('Рассказала классу о тундре, ответила на вопросы одноклассников.').waitFor();
  await paper.getByText(/Знак ГТО: золотой знак, II ступень, 10\.11\.2026/).waitFor();
});

test("the child's file carries rewards and observations to the family and back; the family adds no observation", async () => {
  const teacher = await teacherWithBadge();
  const t = teacher.page;
  await addReward(t, {
    'Вид поощрения': 'Диплом', 'Дата вручения': '21.11.2026', 'За успехи в': 'спортивной деятельности', 'Кем вручено': 'Отдел образования',
  });
  await addObservation(t, { tags: ['Регулятивные (рефлексивные)', 'Познавательные'], text: 'Сама составила план проекта.', observer: 'Омрынаут Анна Петровна' });
  await openExchange(t);
  await t.getByText('Сведения о ребёнке передаются только его родителям (законным представителям) — П2 §6.2. Файл класса и файл всей школы — только для устройств школы: не передавайте их родителям и другим лицам.').waitFor();
  await t.getByLabel('Что сохранить').selectOption({ label: PACKAGE });
  const pkg = await download(t, () => t.getByRole('button', { name: 'Сохранить файл' }).click());
  const sent = JSON.parse(fs.readFileSync(pkg.path, 'utf8'));
  assert.equal(sent.version, 3);
  assert.equal(sent.data.students[0].rewards.length, 1);
  assert.equal(sent.data.students[0].observations.length, 1);

  // The family's phone.
  const parent = await newPage(env.browser);
  const p = parent.page;
  await p.goto(env.url);
  await p.getByRole('button', { name: 'Я родитель' }).click();
  await p.getByLabel('Открыть файл от учителя').setInputFiles(asUpload(pkg));
  await p.getByRole('region', { name: `Что изменится: файл «${pkg.name}»` }).getByRole('button', { name: 'Применить' }).click();
  await p.getByText(`Данные из файла «${pkg.name}» добавлены.`).waitFor();
  await p.getByRole('list', { name: 'Мои дети' }).getByRole('link', { name: /Рультынэ Айна/ }).click();
  await p.getByText('Сведения о ребёнке передаются только его родителям (законным представителям): П2 §6.2. Другим лицам их не передают.').waitFor();
  await p.getByRole('link', { name: 'Поощрения', exact: true }).click();
  assert.deepEqual(await listed(p, 'Список поощрений'), ['Диплом']);
  await p.getByRole('link', { name: 'Наблюдения', exact: true }).click();
  await p.getByText('Сама составила план проекта.').waitFor();
  assert.equal(await p.getByRole('link', { name: 'Добавить наблюдение' }).count(), 0);
  assert.equal(await p.getByRole('link', { name: /^Изменить наблюдение/ }).count(), 0);
  await clean(p, 'Наблюдения на устройстве семьи');
  // Even by address, the family's device offers no observation form.
  await p.goto(p.url().replace(/observations.*$/, 'observations/new'));
  await p.getByRole('heading', { name: 'Наблюдения записывают педагоги' }).waitFor();
  await p.goBack();

  // The family adds a result of another organisation: it is marked as theirs.
  await p.getByRole('link', { name: 'Достижения', exact: true }).click();
  await p.getByRole('link', { name: 'Добавить достижение' }).click();
  await p.getByText(/Результаты других организаций вносятся только по желанию обучающегося/).waitFor();
  await p.getByText('Это достижение внесено семьёй.').waitFor();
  await fillFields(p, {
    'Наименование': 'Первенство по лыжным гонкам', 'Тип достижения': 'Турнир', 'Уровень мероприятия': 'Муниципальный',
    'Дата проведения': '22.11.2026', 'Организация, где получен результат': 'ДЮСШ г. Певек',
  });
  await p.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await p.getByText('Достижение «Первенство по лыжным гонкам» добавлено.').waitFor();
  const mine = p.getByRole('article', { name: 'Первенство по лыжным гонкам' });
  await expectText(mine.locator('dt:has-text("Внесено") + dd'), 'семьёй');
  await p.getByRole('link', { name: 'Мои дети', exact: true }).click();
  await p.getByText('Сведения о ребёнке передаются только учителю школы и его родителям (законным представителям) — П2 §6.2.').waitFor();
  const back = await download(p, () => p.getByRole('button', { name: 'Отправить учителю: Рультынэ Айна' }).click());

  // Back at school: exactly the family's achievement is new, marked as theirs.
  await openExchange(t);
  await t.getByLabel('Открыть файл').setInputFiles(asUpload(back));
  const preview = t.getByRole('region', { name: `Что изменится: файл «${back.name}»` });
  await preview.getByText('достижение «Первенство по лыжным гонкам» (Рультынэ Айна)').waitFor();
  await preview.getByRole('button', { name: 'Применить' }).click();
  await t.getByText(`Данные из файла «${back.name}» добавлены.`).waitFor();
  await openStudent(t);
  await t.getByRole('link', { name: 'Достижения', exact: true }).click();
  assert.deepEqual(await listedAchievements(t),
    ['Первенство по лыжным гонкам', 'Сдача норм ГТО', 'Олимпиада «Юный математик»']);
  await expectText(t.getByRole('article', { name: 'Первенство по лыжным гонкам' }).locator('dt:has-text("Внесено") + dd'), 'семьёй');
  // The family's device equals what the teacher's file gave, plus its own.
  await t.getByRole('link', { name: 'Поощрения', exact: true }).click();
  assert.deepEqual(await listed(t, 'Список поощрений'), ['Диплом']);
});

test("a school year's archive opens read-only beside the live data and leaves it byte for byte", async () => {
  const { page, ctx } = await teacherWithBadge();
  await addReward(page, {
    'Вид поощрения': 'Грамота', 'Дата вручения': '20.11.2026', 'За успехи в': 'творческой деятельности', 'Кем вручено': 'Администрация школы',
  }, [{ name: 'gramota.png', mimeType: 'image/png', buffer: png(400, 300) }]);
  await addObservation(page, { tags: ['Личностные'], text: 'Помогла младшим на празднике.', observer: 'Омрынаут Анна Петровна' });
  await openExchange(page);
  await page.getByLabel('Учебный год архива').selectOption({ label: '2026/2027' });
  const archive = await download(page, () => page.getByRole('button', { name: 'Сохранить архив учебного года' }).click());
  assert.match(archive.name, /^Портфолио_архив_2026-2027_\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(fs.readFileSync(archive.path, 'utf8'));
  assert.deepEqual(file.scope, { archive: { start_year: 2026 } });
  assert.equal(file.data.files.length, 2, 'the scan and its thumbnail');

  const before = await databaseContents(page);
  assert.equal(before.students.length, 1);
  await page.getByLabel('Открыть файл').setInputFiles(asUpload(archive));
  await page.getByRole('heading', { name: 'Архив 2026/2027 — только просмотр', level: 1 }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Архив 2026/2027 — только просмотр' }).waitFor();
  const student = page.locator('details.archive-student');
  await student.locator('summary').click();
  await student.getByText('Сдача норм ГТО · 10.11.2026').waitFor();
  await student.getByText('Грамота за успехи в творческой деятельности, 20.11.2026').waitFor();
  await student.getByText('Помогла младшим на празднике.').waitFor();
  // Nothing on it edits: its only buttons close the archive or download a document.
  const buttons = (await page.locator('main button').allTextContents()).map((s) => s.trim());
  assert.ok(buttons.every((b) => b === 'Закрыть архив' || b.startsWith('Скачать:')), buttons.join(' | '));
  assert.equal(await page.locator('main form').count(), 0);
  const doc = await download(page, () => student.getByRole('button', { name: /^Скачать: Грамота/ }).click());
  assert.equal(fs.readFileSync(doc.path).subarray(1, 4).toString(), 'PNG');
  await clean(page, 'Архив');

  // Beside the live data: the live class is there, the archive still open.
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await page.getByRole('list', { name: 'Классы' }).getByRole('link', { name: /^3 А/ }).waitFor();
  const banner = page.getByRole('status').filter({ hasText: 'Архив 2026/2027 — только просмотр' });
  await banner.getByRole('link', { name: 'Открыть архив' }).waitFor();
  await clean(page, 'Классы с открытым архивом');
  await banner.getByRole('button', { name: 'Закрыть архив' }).click();
  await banner.waitFor({ state: 'detached' });
  assert.deepEqual(await databaseContents(page), before, 'live data changed');
  // After a reload the device is as it was: no archive, the same data.
  await page.reload();
  await page.getByRole('list', { name: 'Классы' }).getByRole('link', { name: /^3 А/ }).waitFor();
  assert.equal(await page.getByText('Архив 2026/2027 — только просмотр').count(), 0);
  assert.deepEqual(await databaseContents(page), before);

  // A family's phone does not open a school's archive.
  const parent = await newPage(env.browser);
  await parent.page.goto(env.url);
  await parent.page.getByRole('button', { name: 'Я родитель' }).click();
  await parent.page.getByLabel('Открыть файл от учителя').setInputFiles(asUpload(archive));
  await parent.page.getByText(`«${archive.name}» — архив учебного года всей школы: он открывается только на устройстве школы. Ничего не изменено.`).waitFor();
  void ctx;
});

/// Writes a database exactly as an older release left it, before the build
/// under test starts (from a page of the same site that is not the app).
async function storeDatabase(page, database) {
  await page.goto(`${env.url}manifest.webmanifest`);
  await page.evaluate((db) => new Promise((resolve, reject) => {
    const open = indexedDB.open(db.name, db.version);
    open.onupgradeneeded = () => {
      for (const s of ['meta', 'students', 'files']) open.result.createObjectStore(s);
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(['meta', 'students', 'files'], 'readwrite');
      for (const [k, v] of Object.entries(db.meta)) tx.objectStore('meta').put(v, k);
      for (const [k, v] of Object.entries(db.students)) tx.objectStore('students').put(v, k);
      for (const [k, v] of Object.entries(db.files)) {
        tx.objectStore('files').put(Uint8Array.from(atob(v), (c) => c.charCodeAt(0)), k);
      }
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), database);
}

/// The students' summaries stored beside their records (layout 4), by id.
function roster(contents) {
  return Object.fromEntries(contents.meta
    .filter(([k]) => k.startsWith('roster:'))
    .map(([k, v]) => [k.slice('roster:'.length), JSON.parse(v)]));
}

/// Each summary as [name, achievements, rewards, observations], by name.
function summaries(contents) {
  return Object.values(roster(contents)).map((s) => [s.name, s.achievements, s.rewards, s.observations]).sort();
}

test('a database and files of the previous release open in this build', async () => {
  const fixture = JSON.parse(fs.readFileSync('core/tests/fixtures/stored-v2.json', 'utf8'));
  const { page } = await newPage(env.browser);
  await storeDatabase(page, fixture.database);

  await page.goto(env.url);
  await page.getByRole('list', { name: 'Классы' }).getByRole('link', { name: /^2 А/ }).click();
  await page.getByRole('link', { name: /Тынэтэгин Вадим/ }).click();
  await page.getByRole('link', { name: 'Достижения', exact: true }).click();
  assert.deepEqual(await listedAchievements(page), ['Сдача норм ГТО', 'Олимпиада «Юный математик»']);
  const tick = page.getByRole('article', { name: 'Сдача норм ГТО' });
  await expectText(tick.locator('dt:has-text("Знак ГТО") + dd'), 'знак ГТО (вид не указан)');
  await tick.getByRole('link', { name: /^Открыть документ:/ }).click();
  await page.getByRole('link', { name: 'Открыть PDF' }).waitFor();
  // The form keeps the old tick as it is until someone chooses the sign.
  await page.getByRole('link', { name: 'Изменить достижение' }).click();
  assert.equal(await page.getByLabel('Знак отличия ГТО').evaluate((s) => s.options[s.selectedIndex].text), 'Знак ГТО (вид не указан)');
  // The stored data was brought to layout 4 on start (through 3), the
  // document kept, a summary beside each record.
  const after = await databaseContents(page);
  const meta = Object.fromEntries(after.meta);
  assert.equal(meta.layout, '4');
  assert.deepEqual(Object.keys(roster(after)).sort(), after.students.map(([k]) => k).sort());
  assert.ok(after.students.some(([, v]) => v.includes('"gto":{}')));
  assert.deepEqual(after.files.map(([k]) => k), Object.keys(fixture.database.files).sort());
  assert.equal(JSON.parse(meta.catalogues).reward_kinds.length, 6);

  // A version-1 and a version-2 file open on a fresh device each.
  for (const [name, title] of [['export-v1.json', 'Олимпиада «Юный математик»'], ['export-v2.json', 'Сдача норм ГТО']]) {
    const other = await newPage(env.browser);
    const o = other.page;
    await o.goto(env.url);
    await o.getByRole('heading', { name: 'Начало работы' }).waitFor();
    await openExchange(o);
    await o.getByLabel('Открыть файл').setInputFiles({
      name, mimeType: 'application/json', buffer: fs.readFileSync(`core/tests/fixtures/${name}`),
    });
    await o.getByRole('region', { name: `Что изменится: файл «${name}»` }).getByRole('button', { name: 'Применить' }).click();
    await o.getByText(`Данные из файла «${name}» добавлены.`).waitFor();
    const docs = await databaseContents(o);
    assert.ok(docs.files.length >= 1, `${name}: its document is stored`);
    assert.ok(docs.students.some(([, v]) => v.includes(title)), `${name}: ${title}`);
  }
});

test('a database of the last layout-3 release is upgraded and loses nothing', async () => {
  const fixture = JSON.parse(fs.readFileSync('core/tests/fixtures/stored-v3.json', 'utf8'));
  const { page } = await newPage(env.browser);
  await storeDatabase(page, fixture.database);
  await page.goto(env.url);
  const classes = page.getByRole('list', { name: 'Классы' });
  await expectText(classes.getByRole('link', { name: /^2 А/ }), '2 А2 ученика');
  const after = await databaseContents(page);
  assert.equal(Object.fromEntries(after.meta).layout, '4');
  // The records themselves stay as the older release stored them.
  const stored = Object.entries(fixture.database.students).sort(([a], [b]) => (a < b ? -1 : 1));
  assert.deepEqual(after.students, stored);
  assert.deepEqual(after.files.map(([k]) => k), Object.keys(fixture.database.files).sort());
  assert.deepEqual(summaries(after), [['Кымын Алина', 0, 0, 0], ['Тынэтэгин Вадим', 1, 1, 1]]);
  // Everything the child holds is there after a reload.
  await page.reload();
  await page.getByRole('list', { name: 'Классы' }).getByRole('link', { name: /^2 А/ }).click();
  await page.getByRole('link', { name: /Тынэтэгин Вадим/ }).click();
  await page.getByRole('link', { name: 'Достижения', exact: true }).click();
  assert.deepEqual(await listedAchievements(page), ['Сдача норм ГТО']);
  // A new achievement changes the record and its summary together.
  await addAchievement(page, {
    'Наименование': 'Конкурс чтецов', 'Тип достижения': 'Конкурс', 'Уровень мероприятия': 'Школьный', 'Дата проведения': '20.11.2026',
  });
  assert.deepEqual(summaries(await databaseContents(page)), [['Кымын Алина', 0, 0, 0], ['Тынэтэгин Вадим', 2, 1, 1]]);
});

test('a big class after an upgrade and a reload: listed with every child, and what is done right after start-up loses nothing', async () => {
  const fixture = JSON.parse(fs.readFileSync('core/tests/fixtures/stored-v3.json', 'utf8'));
  const database = structuredClone(fixture.database);
  const [vadim, alina] = Object.values(database.students).map((t) => JSON.parse(t))
    .sort((a, b) => (a.student.personal.last_name < b.student.personal.last_name ? 1 : -1));
  const uuid = (group, n) => `00000000-0000-4000-${group}-${n.toString(16).padStart(12, '0')}`;
  // 200 more children of «2 А», 20 achievements each (no documents).
  for (let n = 0; n < 200; n += 1) {
    const r = structuredClone(alina);
    r.student.id = uuid('8001', n);
    r.student.personal.last_name = `Ученик${String(n).padStart(3, '0')}`;
    r.achievements = Array.from({ length: 20 }, (_, k) => ({ ...vadim.achievements[0], id: uuid('8002', n * 100 + k), documents: [] }));
    database.students[r.student.id] = JSON.stringify(r);
  }
  const { page, errors } = await newPage(env.browser);
  await storeDatabase(page, database);
  await page.goto(env.url);
  const card = page.getByRole('list', { name: 'Классы' }).getByRole('link', { name: /^2 А/ });
  // The first start upgrades (and writes the summaries); the next ones list
  // the classes from the summaries before the records are read.
  await expectText(card, '2 А202 ученика');
  await page.reload();
  await expectText(card, '2 А202 ученика');
  await card.click();
  await page.getByRole('heading', { name: 'Ученики (202)' }).waitFor();
  const listed = page.getByRole('list', { name: 'Ученики' }).getByRole('link');
  assert.equal(await listed.count(), 202);
  await expectText(listed.filter({ hasText: 'Ученик000' }), 'Ученик000 Алина20 достижений');
  await listed.filter({ hasText: 'Тынэтэгин Вадим' }).click();
  await page.getByRole('link', { name: 'Достижения', exact: true }).click();
  assert.deepEqual(await listedAchievements(page), ['Сдача норм ГТО']);
  await addAchievement(page, {
    'Наименование': 'Конкурс чтецов', 'Тип достижения': 'Конкурс', 'Уровень мероприятия': 'Школьный', 'Дата проведения': '20.11.2026',
  });
  // Straight after a start: a save waits for the records, so none is lost.
  await page.reload();
  assert.deepEqual((await listedAchievements(page)).sort(), ['Конкурс чтецов', 'Сдача норм ГТО']);
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await expectText(card, '2 А202 ученика');
  const contents = await databaseContents(page);
  assert.equal(contents.students.length, 202);
  const sums = summaries(contents);
  assert.equal(sums.length, 202);
  assert.deepEqual(sums.find(([name]) => name === 'Тынэтэгин Вадим'), ['Тынэтэгин Вадим', 2, 1, 1]);
  assert.ok(sums.filter(([name]) => name.startsWith('Ученик')).every(([, a]) => a === 20));
  assert.deepEqual(errors, []);
});
