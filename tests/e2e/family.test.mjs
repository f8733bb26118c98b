// Teacher and parent on two separate devices (two browser contexts, each
// with its own IndexedDB): the teacher sends a child's package, the parent
// chooses «Я родитель», opens it, adds an achievement with a photo and
// sends it back; the teacher's preview shows exactly one new achievement.
// A record edited on both sides is a conflict, the losing version is kept
// in «Архив версий» and can be brought back. An encrypted file round-trips; a wrong passphrase
// and a flipped bit are refused and change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  withBrowser, newPage, setUpSchool, addClass, addStudent, addAchievement, fillFields, listedAchievements, expectText, openStudent,
} from './harness.mjs';
import { png, storedFiles } from './files.mjs';
import { audit } from './audit.mjs';

const env = withBrowser();
const PACKAGE = 'Для родителей: Рультынэ Айна (3 А)';

async function openExchange(page) {
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('link', { name: 'Резервная копия и обмен' }).click();
  await page.getByRole('heading', { name: 'Сохранить в файл' }).waitFor();
}

/// A teacher with class 3 А, Рультынэ Айна and one achievement.
async function teacherWithChild() {
  const t = await newPage(env.browser);
  await setUpSchool(t.page, env.url);
  await addClass(t.page, '3 А');
  await addStudent(t.page);
  await addAchievement(t.page, {
    'Наименование': 'Конкурс чтецов', 'Тип достижения': 'Конкурс', 'Уровень мероприятия': 'Школьный', 'Дата проведения': '01.10.2026',
  });
  return t;
}

async function download(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: d.suggestedFilename(), path: await d.path() };
}

async function teacherSaves(page, what, { pass } = {}) {
  await openExchange(page);
  await page.getByLabel('Что сохранить').selectOption({ label: what });
  if (pass) {
    await page.getByLabel('Зашифровать паролем').check();
    await page.getByLabel('Пароль для файла', { exact: true }).fill(pass);
    await page.getByLabel('Пароль ещё раз', { exact: true }).fill(pass);
  }
  const file = await download(page, () => page.getByRole('button', { name: 'Сохранить файл' }).click());
  await page.getByText(`Файл «${file.name}» сохранён в папку загрузок.`).waitFor();
  return file;
}

function asUpload(file) {
  return { name: file.name, mimeType: 'application/json', buffer: fs.readFileSync(file.path) };
}

/// A fresh device: «Я родитель». The browser's answer to «keep the data»
/// is stubbed (granted), and the requests are counted in `__asked`.
async function parentDevice() {
  const p = await newPage(env.browser);
  await p.ctx.addInitScript(() => {
    window.__asked = 0;
    let kept = false;
    navigator.storage.persisted = async () => kept;
    navigator.storage.persist = async () => { window.__asked++; kept = true; return true; };
  });
  await p.page.goto(env.url);
  await p.page.getByRole('heading', { name: 'Начало работы' }).waitFor();
  await p.page.getByRole('button', { name: 'Я родитель' }).click();
  await p.page.getByRole('heading', { name: 'Портфолио моего ребёнка' }).waitFor();
  return p;
}

/// The parent opens a file from the teacher and applies it.
async function parentOpens(page, file) {
  await page.getByLabel('Открыть файл от учителя').setInputFiles(asUpload(file));
  const preview = page.getByRole('region', { name: `Что изменится: файл «${file.name}»` });
  await preview.getByRole('button', { name: 'Применить' }).click();
  await page.getByText(`Данные из файла «${file.name}» добавлены.`).waitFor();
}

async function parentSends(page) {
  await page.getByRole('link', { name: 'Мои дети', exact: true }).click();
  const file = await download(page, () => page.getByRole('button', { name: 'Отправить учителю: Рультынэ Айна' }).click());
  await page.getByText(`Файл «${file.name}» сохранён в папку загрузок. Передайте его учителю.`).waitFor();
  return file;
}

/// The teacher opens a file; returns the preview region.
async function teacherOpens(page, file) {
  await openExchange(page);
  await page.getByLabel('Открыть файл').setInputFiles(asUpload(file));
  const preview = page.getByRole('region', { name: `Что изменится: файл «${file.name}»` });
  await preview.waitFor();
  return preview;
}

/// The teacher with the child, and a family's phone that opened the child's
/// package, on the child's «Достижения».
async function familyOnAchievements() {
  const teacher = await teacherWithChild();
  const pkg = await teacherSaves(teacher.page, PACKAGE);
  const parent = await parentDevice();
  const p = parent.page;
  await parentOpens(p, pkg);
  await p.getByRole('link', { name: /Рультынэ Айна/ }).click();
  await p.getByRole('link', { name: 'Достижения', exact: true }).click();
  return { teacher, t: teacher.page, parent, p };
}

async function headings(preview) {
  // The preview's sections, once it is drawn (not the moment the file is picked).
  await preview.getByRole('heading', { level: 3 }).first().waitFor();
  return (await preview.getByRole('heading', { level: 3 }).allTextContents()).map((s) => s.trim());
}

test('teacher → parent adds an achievement with a photo → teacher sees exactly that', async () => {
  const teacher = await teacherWithChild();
  const t = teacher.page;
  const pkg = await teacherSaves(t, PACKAGE);

  // The parent's phone: «Я родитель», the package, the child's portfolio.
  const parent = await parentDevice();
  const p = parent.page;
  await p.getByLabel('Открыть файл от учителя').setInputFiles(asUpload(pkg));
  const first = p.getByRole('region', { name: `Что изменится: файл «${pkg.name}»` });
  await first.getByText('Место в классе по данным учителя: 1-е место из 1 (0,2 балла за 2026/2027 учебный год).').waitFor();
  assert.equal(await p.evaluate(() => window.__asked), 0, 'nothing to keep before the file');
  await first.getByRole('button', { name: 'Применить' }).click();
  await p.getByText(`Данные из файла «${pkg.name}» добавлены.`).waitFor();
  // Now the phone holds the child's portfolio: the browser is asked to keep it.
  await p.waitForFunction(() => window.__asked === 1);
  await p.getByRole('region', { name: 'Место на устройстве' })
    .getByText('Браузер обещал хранить данные портфолио и не удалять их при нехватке места.').waitFor();
  const card = p.getByRole('list', { name: 'Мои дети' }).getByRole('link', { name: /Рультынэ Айна/ });
  assert.match(await card.textContent(), /класс 3 А, 1 достижение/);
  // No teacher's tools on a family's device.
  assert.equal(await p.getByRole('link', { name: 'Администрирование' }).count(), 0);

  await card.click();
  await p.getByRole('link', { name: '← Мои дети' }).waitFor();
  assert.equal(await p.getByRole('region', { name: 'Завершение обучения' }).count(), 0);
  // «Рейтинг» on a family's device: the points by the school's table, no
  // place (the phone holds one child; the teacher's file gave the place).
  await p.getByRole('link', { name: 'Рейтинг', exact: true }).click();
  await expectText(p.locator('p.standing'), '0,2 балла за 2026/2027 учебный год');
  assert.equal(await p.getByRole('link', { name: 'Отчёты' }).count(), 0);
  await p.getByRole('link', { name: 'Личные данные', exact: true }).click();
  await p.getByRole('link', { name: 'Достижения', exact: true }).click();
  await addHere(p, {
    'Наименование': 'Турнир по шашкам', 'Тип достижения': 'Турнир', 'Уровень мероприятия': 'Муниципальный', 'Дата проведения': '15.11.2026',
  }, png(640, 480));

  // After a reload the phone is still a family's device with both achievements.
  await p.reload();
  assert.deepEqual(await listedAchievements(p), ['Турнир по шашкам', 'Конкурс чтецов']);
  await p.getByRole('link', { name: 'Мои дети', exact: true }).click();
  await p.getByRole('heading', { name: 'Портфолио моего ребёнка' }).waitFor();
  await p.getByRole('list', { name: 'Мои дети' }).getByText('класс 3 А, 2 достижения').waitFor();

  const back = await parentSends(p);
  const sent = JSON.parse(fs.readFileSync(back.path, 'utf8'));
  assert.ok(sent.scope.student, 'a child scope');
  assert.equal(sent.data.class_position, null, 'no place «из 1» from a family device');
  assert.equal(sent.data.files.length, 2, 'the photo and its thumbnail');

  // The teacher: one new achievement, nothing else.
  const preview = await teacherOpens(t, back);
  assert.deepEqual(await headings(preview), ['Новое: 1']);
  assert.deepEqual(await preview.locator('ul.preview li').allTextContents(), ['достижение «Турнир по шашкам» (Рультынэ Айна)']);
  await preview.getByRole('button', { name: 'Применить' }).click();
  await t.getByText(`Данные из файла «${back.name}» добавлены.`).waitFor();
  const stored = await storedFiles(t);
  assert.deepEqual(stored.files, stored.referenced);
  assert.equal(stored.files.length, 2);

  // Both see it, the teacher after a reload with the photo.
  await t.reload();
  await openStudent(t);
  await t.getByRole('link', { name: 'Достижения', exact: true }).click();
  assert.deepEqual((await listedAchievements(t)).sort(), ['Конкурс чтецов', 'Турнир по шашкам']);
  const thumb = t.getByRole('link', { name: /^Открыть документ:/ }).locator('img');
  await t.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumb.elementHandle());
  await p.getByRole('link', { name: /Рультынэ Айна/ }).click();
  await p.getByRole('link', { name: 'Достижения', exact: true }).click();
  assert.deepEqual((await listedAchievements(p)).sort(), ['Конкурс чтецов', 'Турнир по шашкам']);

  // The same file again changes nothing.
  await openExchange(t);
  await t.getByLabel('Открыть файл').setInputFiles(asUpload(back));
  await t.getByText(`В файле «${back.name}» нет ничего нового: всё уже есть на этом устройстве. Ничего не изменено.`).waitFor();

  // The parent fills an optional field of «Личные данные»; the teacher gets that change.
  await p.getByRole('link', { name: 'Личные данные', exact: true }).click();
  await p.getByLabel('Домашний телефон', { exact: true }).fill('2-33-45');
  await p.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await p.getByText('Личные данные сохранены.').waitFor();
  const update = await parentSends(p);
  const changed = await teacherOpens(t, update);
  assert.deepEqual(await headings(changed), ['Изменено: 1']);
  assert.deepEqual(await changed.locator('ul.preview li').allTextContents(), ['ученик Рультынэ Айна']);
  await changed.getByRole('button', { name: 'Применить' }).click();
  await t.getByText(`Данные из файла «${update.name}» добавлены.`).waitFor();
  await t.reload();
  await openStudent(t);
  assert.equal(await t.getByLabel('Домашний телефон', { exact: true }).inputValue(), '2-33-45');
  assert.deepEqual(teacher.errors, []);
  assert.deepEqual(parent.errors, []);
});

test('the family\'s own achievement edited by teacher and parent is a conflict; the other version is archived and can be brought back', async () => {
  const { teacher, t, parent, p } = await familyOnAchievements();
  // The family adds its own achievement, and the teacher takes it.
  await addHere(p, {
    'Наименование': 'Турнир по шашкам', 'Тип достижения': 'Турнир', 'Уровень мероприятия': 'Муниципальный', 'Дата проведения': '15.11.2026',
  });
  const own = await parentSends(p);
  const taken = await teacherOpens(t, own);
  await taken.getByRole('button', { name: 'Применить' }).click();
  await t.getByText(`Данные из файла «${own.name}» добавлены.`).waitFor();

  // The parent corrects its title on the phone…
  await p.getByRole('link', { name: /Рультынэ Айна/ }).click();
  await p.getByRole('link', { name: 'Достижения', exact: true }).click();
  await p.getByRole('link', { name: 'Изменить: Турнир по шашкам' }).click();
  await p.getByLabel('Наименование', { exact: true }).fill('Турнир по шашкам «Северное сияние»');
  await p.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await p.getByText('Достижение «Турнир по шашкам «Северное сияние»» сохранено.').waitFor();
  const back = await parentSends(p);

  // …and a little later the teacher changes the same achievement.
  await openStudent(t);
  await t.getByRole('link', { name: 'Достижения', exact: true }).click();
  await t.getByRole('link', { name: 'Изменить: Турнир по шашкам' }).click();
  await fillFields(t, { 'Уровень мероприятия': 'Региональный' });
  await t.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await t.getByText('Достижение «Турнир по шашкам» сохранено.').waitFor();

  const preview = await teacherOpens(t, back);
  assert.deepEqual(await headings(preview), ['Конфликты: 1']);
  const [line] = await preview.locator('ul.preview li').allTextContents();
  assert.match(line, /^достижение «Турнир по шашкам «Северное сияние»» \(Рультынэ Айна\): изменено и здесь, и в файле; оставлена более поздняя версия с этого устройства \(\d\d\.\d\d\.\d{4}\), другая сохранена в архиве$/);
  await preview.getByRole('button', { name: 'Применить' }).click();
  await t.getByText(`Данные из файла «${back.name}» добавлены.`).waitFor();

  // The parent's version is in «Архив версий», whole, after a reload.
  await t.reload();
  const archive = t.getByRole('list', { name: 'Архив версий' });
  const entry = archive.getByRole('listitem');
  await entry.first().waitFor();
  assert.equal(await entry.count(), 1);
  await entry.getByText(/^достижение «Турнир по шашкам «Северное сияние»» \(Рультынэ Айна\) — заменено \d\d\.\d\d\.\d{4}$/).click();
  // Readable, with the catalogues' names: the family's title and the level it had.
  const kept = await entry.locator('dl').evaluate((dl) => [...dl.querySelectorAll('dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling.textContent}`));
  assert.ok(kept.includes('Наименование: Турнир по шашкам «Северное сияние»'), kept.join('\n'));
  assert.ok(kept.includes('Уровень мероприятия: Муниципальный'), kept.join('\n'));
  assert.ok(kept.includes('Дата проведения: 15.11.2026'), kept.join('\n'));
  assert.deepEqual(await audit(t), [], 'the archive at 360 px');

  // The teacher prefers the family's version and brings it back; their own goes to the archive.
  await entry.getByRole('button', { name: 'Вернуть эту версию: достижение «Турнир по шашкам «Северное сияние»» (Рультынэ Айна)' }).click();
  await t.getByText('Версия возвращена: достижение «Турнир по шашкам «Северное сияние»» (Рультынэ Айна). Заменённая версия сохранена в архиве.').waitFor();
  await entry.getByText(/^достижение «Турнир по шашкам» \(Рультынэ Айна\) — заменено \d\d\.\d\d\.\d{4}$/).waitFor();
  assert.equal(await archive.getByRole('listitem').count(), 1);

  // The teacher's file goes back to the family: an update, not another conflict.
  const again = await teacherSaves(t, PACKAGE);
  await p.getByRole('link', { name: 'Мои дети', exact: true }).click();
  await p.getByLabel('Открыть файл от учителя').setInputFiles(asUpload(again));
  const second = p.getByRole('region', { name: `Что изменится: файл «${again.name}»` });
  assert.deepEqual(await headings(second), ['Изменено: 1']);
  await second.getByRole('button', { name: 'Применить' }).click();
  await p.getByText(`Данные из файла «${again.name}» добавлены.`).waitFor();
  await p.getByRole('link', { name: /Рультынэ Айна/ }).click();
  await p.getByRole('link', { name: 'Достижения', exact: true }).click();
  assert.deepEqual((await listedAchievements(p)).sort(), ['Конкурс чтецов', 'Турнир по шашкам «Северное сияние»']);
  const mine = p.locator('ul.achievements article').filter({ hasText: 'Северное сияние' });
  assert.match(await mine.textContent(), /Муниципальный/);
  assert.deepEqual(teacher.errors, []);
  assert.deepEqual(parent.errors, []);
});

test('on the family\'s phone the school\'s achievement is read-only; «Предложить исправление» reaches the teacher before → after, is declined, and the family sees the answer', async () => {
  const { teacher, t, parent, p } = await familyOnAchievements();
  const card = p.getByRole('article', { name: 'Конкурс чтецов' });
  await card.getByText('Внесено школой: исправить может учитель.').waitFor();
  assert.equal(await card.getByRole('link', { name: 'Изменить: Конкурс чтецов' }).count(), 0);
  assert.equal(await card.getByRole('button', { name: 'Удалить: Конкурс чтецов' }).count(), 0);
  assert.deepEqual(await audit(p), [], 'the school\'s achievement on the family\'s phone');
  // Its edit address, opened all the same, edits nothing.
  const list = p.url();
  const aid = (await p.evaluate(() => [...document.querySelectorAll('a[href*="/propose"]')].map((a) => a.getAttribute('href'))))[0].split('/')[4];
  await p.goto(list.replace(/achievements.*$/, `achievements/${aid}`));
  await p.getByRole('heading', { name: 'Достижение', level: 1 }).waitFor();
  assert.equal(await p.getByLabel('Наименование').count(), 0);
  await p.goto(list);

  // The correction goes to the teacher as a proposal, with a comment.
  await p.getByRole('link', { name: 'Предложить исправление: Конкурс чтецов' }).click();
  await p.getByRole('heading', { name: 'Предложить исправление', level: 1 }).waitFor();
  assert.deepEqual(await audit(p), [], 'the proposal form');
  await fillFields(p, {
    'Наименование': 'Конкурс чтецов «Родная речь»', 'Уровень мероприятия': 'Всероссийский',
    'Комментарий для учителя': 'Это был всероссийский этап, диплом у вас',
  });
  await p.getByRole('button', { name: 'Предложить исправление' }).click();
  await p.getByText('Предложение исправить «Конкурс чтецов «Родная речь»» сохранено.', { exact: false }).waitFor();
  await p.getByText('Вы предложили исправление: ждёт решения учителя.', { exact: false }).waitFor();
  assert.deepEqual(await listedAchievements(p), ['Конкурс чтецов'], 'the school\'s record stays as it was');
  const back = await parentSends(p);
  assert.equal(JSON.parse(fs.readFileSync(back.path, 'utf8')).version, 5);

  // The teacher sees it before → after with the comment, not ticked.
  const preview = await teacherOpens(t, back);
  await preview.getByRole('heading', { name: 'Предложения семьи: 1' }).waitFor();
  await preview.getByText('достижение «Конкурс чтецов» (Рультынэ Айна): Наименование: «Конкурс чтецов» → «Конкурс чтецов «Родная речь»»; Уровень мероприятия: «Школьный» → «Всероссийский»').waitFor();
  await preview.getByText('Комментарий семьи: «Это был всероссийский этап, диплом у вас»').waitFor();
  const tick = preview.getByLabel('Принять исправление: Конкурс чтецов «Родная речь»');
  assert.equal(await tick.isChecked(), false, 'a proposal is not ticked by default');
  assert.deepEqual(await audit(t), [], 'the family\'s proposals at 360 px');
  // Left unticked: declined.
  await preview.getByRole('button', { name: 'Применить' }).click();
  await t.getByText(`Данные из файла «${back.name}» добавлены. Предложений семьи принято: 0, отклонено: 1.`).waitFor();
  await t.reload();
  await openStudent(t);
  await t.getByRole('link', { name: 'Достижения', exact: true }).click();
  assert.deepEqual(await listedAchievements(t), ['Конкурс чтецов']);
  assert.match(await t.locator('ul.achievements article').first().textContent(), /Школьный/);
  // The same file again proposes nothing.
  await openExchange(t);
  await t.getByLabel('Открыть файл').setInputFiles(asUpload(back));
  await t.getByText(`В файле «${back.name}» нет ничего нового`, { exact: false }).waitFor();

  // The teacher's next file tells the family.
  const answer = await teacherSaves(t, PACKAGE);
  await p.getByRole('link', { name: 'Мои дети', exact: true }).click();
  await parentOpens(p, answer);
  await p.getByRole('link', { name: /Рультынэ Айна/ }).click();
  await p.getByRole('link', { name: 'Достижения', exact: true }).click();
  await p.getByText('Вы предложили исправление: учитель отклонил исправление.', { exact: false }).waitFor();
  assert.deepEqual(teacher.errors, []);
  assert.deepEqual(parent.errors, []);
});

test('a file written by hand never changes a school record: a forged family mark or revision, a class file unsigned or with a made-up signature', async () => {
  const { teacher, t, parent, p } = await familyOnAchievements();
  await p.getByRole('link', { name: 'Мои дети', exact: true }).click();
  await p.getByLabel('Что отправить').selectOption({ label: 'Всё портфолио ребёнка' });
  const whole = JSON.parse(fs.readFileSync((await parentSends(p)).path, 'utf8'));
  const national = whole.data.catalogues.event_levels.find((e) => e.name === 'Всероссийский').id;
  // The family's mark, a later «school» revision, another level.
  const forge = (file, title) => {
    const f = structuredClone(file);
    const a = f.data.students[0].achievements.find((x) => x.title === 'Конкурс чтецов');
    a.title = title;
    a.level_id = national;
    a.by_family = true;
    a.rev = { updated_at: a.rev.updated_at + 86_400_000, device: 'teacher-laptop', history: [...(a.rev.history || []), { at: a.rev.updated_at, device: a.rev.device }] };
    return f;
  };
  const dir = fs.mkdtempSync('/tmp/forged-');
  const file = { name: 'Портфолио_Рультынэ_Айна_подделка.json', path: `${dir}/f.json` };
  fs.writeFileSync(file.path, JSON.stringify(forge(whole, 'Конкурс чтецов')));
  await openExchange(t);
  await t.getByLabel('Открыть файл').setInputFiles(asUpload(file));
  await t.getByText(`Из файла «${file.name}» применять нечего: семья предлагает исправить записи школы. Ничего не изменено.`).waitFor();
  await t.getByRole('heading', { name: 'Предложения семьи — не применяются: 1' }).waitFor();
  assert.equal(await t.getByRole('button', { name: 'Применить' }).count(), 0);
  assert.deepEqual(await t.locator('ul.preview li').allTextContents(), [
    'достижение «Конкурс чтецов» (Рультынэ Айна): Уровень мероприятия: «Школьный» → «Всероссийский»',
  ]);
  assert.deepEqual(await audit(t), [], 'the proposals at 360 px');

  // The same change written into a «class» file — which a school device
  // merges — must prove it comes from the school: without the school's
  // signature, or with a made-up one, nothing of it applies.
  const classFile = { ...forge(whole, 'Конкурс чтецов «Родная речь»'), scope: { class: { class_id: whole.data.students[0].student.class_id } } };
  delete classFile.data.class_position;
  const asClass = async (name, text, why) => {
    const f = { name, path: `${dir}/${name}` };
    fs.writeFileSync(f.path, text);
    await openExchange(t);
    await t.getByLabel('Открыть файл').setInputFiles(asUpload(f));
    await t.getByRole('alert').filter({ hasText: why }).waitFor();
    await t.getByText(`Из файла «${name}» ничего не применено: не доказано, что он с устройства школы. Ничего не изменено.`).waitFor();
    assert.equal(await t.getByRole('button', { name: 'Применить', exact: true }).count(), 0);
    return t.locator('ul.preview li').allTextContents();
  };
  const unsigned = await asClass('Класс_3_А.json', JSON.stringify(classFile), 'Файл без подписи школы');
  assert.ok(unsigned.includes('изменить: достижение «Конкурс чтецов «Родная речь»» (Рультынэ Айна)'), unsigned.join(' | '));
  assert.deepEqual(await audit(t), [], 'an unproven class file at 360 px');
  const madeUp = JSON.stringify(classFile).replace(/\}$/, `,"mac":"${'0'.repeat(64)}"}`);
  await asClass('Класс_3_А_подпись.json', madeUp, 'Подпись школы не совпадает с содержимым');
  assert.equal(await t.getByRole('button', { name: 'Файл с устройства школы: применить его' }).count(), 0);

  // The school's record is as the school entered it, after a reload.
  await t.reload();
  await openStudent(t);
  await t.getByRole('link', { name: 'Достижения', exact: true }).click();
  assert.deepEqual(await listedAchievements(t), ['Конкурс чтецов']);
  assert.match(await t.locator('ul.achievements article').first().textContent(), /Школьный/);
  assert.deepEqual(teacher.errors, []);
  assert.deepEqual(parent.errors, []);
});

test('an encrypted file opens only with its passphrase; a flipped bit is refused', async () => {
  const teacher = await teacherWithChild();
  const t = teacher.page;
  // A short or mistyped passphrase is refused before anything is written.
  await openExchange(t);
  await t.getByLabel('Что сохранить').selectOption({ label: PACKAGE });
  await t.getByLabel('Зашифровать паролем').check();
  await t.getByLabel('Пароль для файла', { exact: true }).fill('тундра');
  await t.getByLabel('Пароль ещё раз', { exact: true }).fill('тундра');
  await t.getByRole('button', { name: 'Сохранить файл' }).click();
  await t.getByRole('alert').filter({ hasText: 'Пароль должен быть не короче 8 символов.' }).waitFor();
  await t.getByLabel('Пароль для файла', { exact: true }).fill('северное сияние');
  await t.getByLabel('Пароль ещё раз', { exact: true }).fill('северное сияниe');
  await t.getByRole('button', { name: 'Сохранить файл' }).click();
  await t.getByRole('alert').filter({ hasText: 'Пароли не совпадают.' }).waitFor();

  const file = await teacherSaves(t, PACKAGE, { pass: 'северное сияние' });
  const text = fs.readFileSync(file.path, 'utf8');
  const sealed = JSON.parse(text);
  assert.equal(sealed.format, 'portfolio-export-encrypted');
  assert.equal(sealed.kdf, 'PBKDF2-SHA256');
  assert.equal(sealed.cipher, 'AES-256-GCM');
  assert.ok(sealed.iterations >= 600000);
  assert.equal(Buffer.from(sealed.nonce, 'base64').length, 12);
  assert.ok(!text.includes('Рультынэ') && !text.includes('Конкурс'), 'no plain text in the file');
  // Two exports never share a nonce.
  const second = JSON.parse(fs.readFileSync((await teacherSaves(t, PACKAGE, { pass: 'северное сияние' })).path, 'utf8'));
  assert.notEqual(second.nonce, sealed.nonce);
  assert.notEqual(second.salt, sealed.salt);

  const parent = await parentDevice();
  const p = parent.page;
  const unlock = async (upload, pass) => {
    await p.getByLabel('Открыть файл от учителя').setInputFiles(upload);
    await p.getByText(`Файл «${upload.name}» зашифрован. Введите пароль, который сообщил отправитель.`).waitFor();
    await p.getByLabel('Пароль файла', { exact: true }).fill(pass);
    await p.getByRole('button', { name: 'Расшифровать' }).click();
  };
  const wrong = `«${file.name}»: Неверный пароль, или зашифрованный файл повреждён: данные не прошли проверку подлинности. Ничего не изменено.`;
  await unlock(asUpload(file), 'южное сияние');
  await p.getByRole('alert').filter({ hasText: wrong }).waitFor();
  assert.equal((await storedFiles(p)).students, 0);
  // One bit of the ciphertext flipped.
  const bytes = Buffer.from(sealed.data, 'base64');
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  const flipped = { ...asUpload(file), buffer: Buffer.from(JSON.stringify({ ...sealed, data: bytes.toString('base64') })) };
  await unlock(flipped, 'северное сияние');
  await p.getByRole('alert').filter({ hasText: wrong }).waitFor();
  assert.equal((await storedFiles(p)).students, 0);

  await unlock(asUpload(file), 'северное сияние');
  const preview = p.getByRole('region', { name: `Что изменится: файл «${file.name}»` });
  await preview.getByRole('button', { name: 'Применить' }).click();
  await p.getByText(`Данные из файла «${file.name}» добавлены.`).waitFor();
  await p.reload();
  await p.getByRole('list', { name: 'Мои дети' }).getByText('класс 3 А, 1 достижение').waitFor();
  assert.equal((await storedFiles(p)).students, 1);
  assert.deepEqual(teacher.errors, []);
  assert.deepEqual(parent.errors, []);
});

test("a family's phone refuses a class or school file: it keeps its own child only", async () => {
  const teacher = await teacherWithChild();
  const classFile = await teacherSaves(teacher.page, 'Класс 3 А');
  const parent = await parentDevice();
  const p = parent.page;
  await p.getByLabel('Открыть файл от учителя').setInputFiles(asUpload(classFile));
  await p.getByRole('alert').filter({
    hasText: `«${classFile.name}» — файл класса (1 ученик), а не одного ребёнка: на телефоне родителей хранятся только данные своего ребёнка. Попросите учителя сохранить файл «Для родителей». Ничего не изменено.`,
  }).waitFor();
  assert.equal(await p.getByRole('button', { name: 'Применить' }).count(), 0);
  assert.equal((await storedFiles(p)).students, 0);
  // The wrong role chosen: «Я учитель» brings the school set-up back, after a reload too.
  await p.getByRole('button', { name: 'Я учитель' }).click();
  await p.getByRole('heading', { name: 'Начало работы' }).waitFor();
  await p.reload();
  await p.getByLabel('Название школы').waitFor();
  assert.deepEqual(teacher.errors, []);
  assert.deepEqual(parent.errors, []);
});

test('files of changes both ways: the photo goes back alone, the answer is small, a phone without the base refuses', async () => {
  const teacher = await teacherWithChild();
  const t = teacher.page;
  // The teacher's own scan: a family's file must not carry it back.
  await t.getByRole('link', { name: 'Изменить: Конкурс чтецов' }).click();
  await t.getByLabel('Сфотографировать').setInputFiles({ name: 'scan.png', mimeType: 'image/png', buffer: png(1200, 900) });
  await t.waitForFunction(() => document.querySelectorAll('ul.docs > li img').length === 1);
  await t.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await t.getByText('Достижение «Конкурс чтецов» сохранено.').waitFor();

  // Nothing was sent to this family yet: the whole package, no choice offered.
  await openExchange(t);
  await t.getByLabel('Что сохранить', { exact: true }).selectOption({ label: PACKAGE });
  assert.equal(await t.getByLabel('Состав файла для родителей').count(), 0);
  const pkg = await download(t, () => t.getByRole('button', { name: 'Сохранить файл' }).click());
  await t.getByText(/Этому ученику файл ещё не сохранялся, поэтому сохранено всё портфолио ребёнка\./).waitFor();

  const parent = await parentDevice();
  const p = parent.page;
  await parentOpens(p, pkg);
  await p.getByRole('list', { name: 'Мои дети' }).getByRole('link', { name: /Рультынэ Айна/ }).click();
  await p.getByRole('link', { name: 'Достижения', exact: true }).click();
  await addHere(p, {
    'Наименование': 'Рисунок «Моя тундра»', 'Тип достижения': 'Выставка', 'Уровень мероприятия': 'Школьный', 'Дата проведения': '20.11.2026',
  }, png(800, 600));

  // «Отправить учителю»: only what is new (the default), and the whole package for comparison.
  await p.getByRole('link', { name: 'Мои дети', exact: true }).click();
  assert.deepEqual(await audit(p), []);
  assert.equal(await p.getByLabel('Что отправить').inputValue(), 'changes');
  const back = await parentSends(p);
  await p.getByLabel('Что отправить').selectOption({ label: 'Всё портфолио ребёнка' });
  const whole = await download(p, () => p.getByRole('button', { name: 'Отправить учителю: Рультынэ Айна' }).click());
  await p.getByLabel('Что отправить').selectOption({ label: 'Только новое (что добавлено или изменено после файла от учителя)' });
  assert.match(back.name, /^Изменения_Портфолио_Рультынэ_Айна_/);
  const delta = JSON.parse(fs.readFileSync(back.path, 'utf8'));
  assert.equal(delta.version, 4);
  assert.deepEqual(delta.data.students[0].achievements.map((a) => a.title), ['Рисунок «Моя тундра»']);
  assert.equal(delta.data.files.length, 2, 'the photo and its thumbnail, not the teacher\'s scan');
  const photo = delta.data.students[0].achievements[0].documents[0];
  const thumb = delta.data.files.find((f) => f.key.endsWith('/thumb'));
  const thumbBytes = Buffer.from(thumb.data, 'base64').length;
  const backSize = fs.statSync(back.path).size;
  const wholeSize = fs.statSync(whole.path).size;
  // Base64 makes the bytes 4/3 as long; everything else fits in 10 KB.
  const limit = Math.ceil((photo.size + thumbBytes) / 3) * 4 + 10_000;
  console.log(`return file: changes ${backSize} B, whole ${wholeSize} B; photo ${photo.size} B + thumbnail ${thumbBytes} B`);
  assert.ok(backSize <= limit, `${backSize} > ${limit}`);
  assert.ok(wholeSize > backSize * 1.5, `whole ${wholeSize} vs changes ${backSize}`);

  // The teacher's preview is as before: one new achievement.
  const preview = await teacherOpens(t, back);
  assert.deepEqual(await headings(preview), ['Новое: 1']);
  await preview.getByRole('button', { name: 'Применить' }).click();
  await t.getByText(`Данные из файла «${back.name}» добавлены.`).waitFor();

  // The teacher adds an achievement; the answer to the family is small.
  await t.reload();
  await openStudent(t);
  await t.getByRole('link', { name: 'Достижения', exact: true }).click();
  await addHere(t, {
    'Наименование': 'Олимпиада по математике', 'Тип достижения': 'Олимпиада', 'Уровень мероприятия': 'Школьный', 'Дата проведения': '25.11.2026',
  });
  await openExchange(t);
  await t.getByLabel('Что сохранить', { exact: true }).selectOption({ label: PACKAGE });
  const choice = t.getByLabel('Состав файла для родителей');
  await choice.waitFor();
  assert.match(await choice.locator('option:checked').textContent(), /^Только изменения с прошлого файла \(от \d\d\.\d\d\.\d{4}\)$/);
  assert.deepEqual(await audit(t), []);
  const answer = await download(t, () => t.getByRole('button', { name: 'Сохранить файл' }).click());
  const a = JSON.parse(fs.readFileSync(answer.path, 'utf8'));
  assert.deepEqual(a.data.students[0].achievements.map((x) => x.title), ['Олимпиада по математике']);
  assert.equal(a.data.files.length, 0, 'the family has every document');
  assert.ok(fs.statSync(answer.path).size < 12_000, `${fs.statSync(answer.path).size}`);

  // A phone that never had the package refuses it, and changes nothing.
  const fresh = await parentDevice();
  await fresh.page.getByLabel('Открыть файл от учителя').setInputFiles(asUpload(answer));
  const refused = fresh.page.getByRole('alert');
  await refused.first().waitFor();
  assert.match(await refused.first().textContent(), /файл только с изменениями после файла от .*Попросите учителя сохранить файл «Всё портфолио ребёнка» и откройте его\. Ничего не изменено\./);
  assert.deepEqual(await audit(fresh.page), []);
  await fresh.page.reload();
  assert.equal(await fresh.page.getByRole('list', { name: 'Мои дети' }).count(), 0);

  // The family's phone takes it and then shows what the teacher shows.
  await parentOpens(p, answer);
  await p.reload();
  await p.getByRole('list', { name: 'Мои дети' }).getByRole('link', { name: /Рультынэ Айна/ }).click();
  await p.getByRole('link', { name: 'Достижения', exact: true }).click();
  const onPhone = (await listedAchievements(p)).sort();
  assert.deepEqual(onPhone, ['Конкурс чтецов', 'Олимпиада по математике', 'Рисунок «Моя тундра»']);
  const phoneFiles = await storedFiles(p);
  assert.deepEqual(phoneFiles.files, phoneFiles.referenced);
  assert.equal(phoneFiles.files.length, 4, 'two documents with their thumbnails');
  await t.reload();
  await openStudent(t);
  await t.getByRole('link', { name: 'Достижения', exact: true }).click();
  assert.deepEqual((await listedAchievements(t)).sort(), onPhone);
  assert.deepEqual((await storedFiles(t)).files, phoneFiles.files);
  for (const d of [teacher, parent, fresh]) assert.deepEqual(d.errors, []);
});

/// From a student's «Достижения»: adds an achievement, with `photo` taken
/// through «Сфотографировать» when given.
async function addHere(page, fields, photo) {
  await page.getByRole('link', { name: 'Добавить достижение' }).click();
  await fillFields(page, fields);
  if (photo) {
    await page.getByLabel('Сфотографировать').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: photo });
    await page.waitForFunction(() => document.querySelectorAll('ul.docs > li img').length === 1);
  }
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText(`Достижение «${fields['Наименование']}» добавлено.`).waitFor();
}
