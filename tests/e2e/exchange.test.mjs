// «Резервная копия и обмен»: a backup saved on one device opens on another
// with a preview, «Применить» brings records and documents, the same file
// again changes nothing, a bad file changes nothing, and a child's package
// holds that child only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  withBrowser, newPage, setUpSchool, addClass, addStudent, addAchievement, expectText, listedAchievements, openStudent,
} from './harness.mjs';
import { png, storedFiles, databaseContents } from './files.mjs';
import { audit } from './audit.mjs';

const env = withBrowser();

async function openExchange(page) {
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('link', { name: 'Резервная копия и обмен' }).click();
  await page.getByRole('heading', { name: 'Сохранить в файл' }).waitFor();
}

async function saveFile(page, what, withDocuments = true) {
  await page.getByLabel('Что сохранить').selectOption({ label: what });
  const box = page.getByLabel('С документами (сканы и фотографии)');
  if ((await box.isChecked()) !== withDocuments) await box.click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Сохранить файл' }).click(),
  ]);
  await page.getByText(`Файл «${download.suggestedFilename()}» сохранён в папку загрузок.`).waitFor();
  return { name: download.suggestedFilename(), path: await download.path() };
}

async function openFile(page, file) {
  await page.getByLabel('Открыть файл').setInputFiles({
    name: file.name, mimeType: 'application/json', buffer: fs.readFileSync(file.path),
  });
}

/// A teacher's device with class 3 А, Рультынэ Айна and one achievement
/// with a scan attached.
async function teacherWithScan(fields, scan) {
  const teacher = await newPage(env.browser);
  await setUpSchool(teacher.page, env.url);
  await addClass(teacher.page, '3 А');
  await addStudent(teacher.page);
  await addAchievement(teacher.page, fields, [scan]);
  return teacher;
}

/// Another device (a fresh browser profile) on «Резервная копия и обмен».
async function freshDevice() {
  const other = await newPage(env.browser);
  await other.page.goto(env.url);
  await other.page.getByRole('heading', { name: 'Начало работы' }).waitFor();
  await openExchange(other.page);
  return other;
}

test('a backup opens on another device, with its documents, and only once', async () => {
  const teacher = await newPage(env.browser);
  const page = teacher.page;
  await setUpSchool(page, env.url);
  await page.getByText(/^Резервной копии на этом устройстве ещё не делали/).waitFor();
  await addClass(page, '3 А');
  await addStudent(page);
  await addAchievement(page, {
    'Наименование': 'Олимпиада «Юный математик»',
    'Тип достижения': 'Олимпиада',
    'Уровень мероприятия': 'Муниципальный',
    'Дата проведения': '12.10.2026',
  }, [{ name: 'scan.png', mimeType: 'image/png', buffer: png(320, 240) }]);

  await openExchange(page);
  const backup = await saveFile(page, 'Вся школа (резервная копия)');
  assert.match(backup.name, /^Портфолио_школа_\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(fs.readFileSync(backup.path, 'utf8'));
  assert.equal(file.format, 'portfolio-export');
  assert.equal(file.data.files.length, 2, 'the scan and its thumbnail');
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await page.getByText('Последняя резервная копия: сегодня.').waitFor();

  // The same file on the same device: nothing new.
  await openExchange(page);
  await openFile(page, backup);
  await page.getByText(`В файле «${backup.name}» нет ничего нового: всё уже есть на этом устройстве. Ничего не изменено.`).waitFor();

  // Another device (a fresh browser profile) opens it.
  const other = await freshDevice();
  const p2 = other.page;
  // A bad file first: refused, nothing stored.
  await p2.getByLabel('Открыть файл').setInputFiles({ name: 'список.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"portfolio-export","version":1,"data":') });
  await p2.getByRole('alert').filter({ hasText: /^«список\.json»: Файл не прочитан: файл обрывается/ }).waitFor();
  assert.equal((await storedFiles(p2)).students, 0);
  await openFile(p2, backup);
  const preview = p2.getByRole('region', { name: `Что изменится: файл «${backup.name}»` });
  await preview.getByRole('heading', { name: /^Новое: \d+$/ }).waitFor();
  const added = await preview.locator('ul.preview li').allTextContents();
  assert.ok(added.includes('ученик Рультынэ Айна'), added.join('\n'));
  assert.ok(added.includes('класс 3 А'), added.join('\n'));
  assert.ok(added.includes('достижение «Олимпиада «Юный математик»» (Рультынэ Айна)'), added.join('\n'));
  await preview.getByRole('button', { name: 'Применить' }).click();
  await p2.getByText(`Данные из файла «${backup.name}» добавлены.`).waitFor();
  const stored = await storedFiles(p2);
  assert.equal(stored.students, 1);
  assert.deepEqual(stored.files, stored.referenced);
  assert.equal(stored.files.length, 2);

  // After a reload the other device shows the class, the student, the achievement and the scan.
  await p2.reload();
  await openStudent(p2);
  await p2.getByRole('link', { name: 'Достижения', exact: true }).click();
  assert.deepEqual(await listedAchievements(p2), ['Олимпиада «Юный математик»']);
  const thumb = p2.getByRole('link', { name: /^Открыть документ:/ }).locator('img');
  await p2.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumb.elementHandle());

  // And the same file again changes nothing there either.
  await openExchange(p2);
  await openFile(p2, backup);
  await p2.getByText(/нет ничего нового/).waitFor();
  assert.deepEqual(teacher.errors, []);
  assert.deepEqual(other.errors, []);
});

test("a child's package holds that child only", async () => {
  const { page, errors } = await newPage(env.browser);
  await setUpSchool(page, env.url);
  await addClass(page, '3 А');
  await addStudent(page);
  await page.getByRole('link', { name: '← Класс 3 А' }).click();
  await addStudent(page, {
    'Фамилия': 'Тынавье', 'Имя': 'Эттын', 'Пол': 'Мужской', 'Дата рождения': '01.03.2016',
    'Место рождения': 'с. Биллингс', 'Подтверждение проживания на территории, закреплённой за ОО': 'Подтверждено',
  });
  await openExchange(page);
  const pkg = await saveFile(page, 'Для родителей: Рультынэ Айна (3 А)', false);
  assert.equal(pkg.name.replace(/_\d{4}-\d{2}-\d{2}\.json$/, ''), 'Портфолио_Рультынэ_Айна');
  const text = fs.readFileSync(pkg.path, 'utf8');
  const file = JSON.parse(text);
  assert.ok(file.scope.student, 'a child scope');
  assert.deepEqual(file.data.students.map((r) => r.student.personal.last_name), ['Рультынэ']);
  assert.ok(!text.includes('Тынавье') && !text.includes('Эттын'), 'another child in the package');
  // The place by rating points, anonymous: both have none yet, so they share it.
  assert.deepEqual(file.data.class_position, { place: 1, place_to: 2, of: 2, basis: '0 баллов за 2026/2027 учебный год' });
  const said = (await page.getByRole('status').last().textContent()).trim();
  assert.match(said, new RegExp(`^Файл «${pkg.name}» сохранён в папку загрузок\\. Размер файла: [0-9,]+ КБ\\. Этому ученику файл ещё не сохранялся, поэтому сохранено всё портфолио ребёнка\\.$`));
  assert.deepEqual(errors, []);
});

test('at the end of study the family gets a final file, and the child does not come back from an old backup', async () => {
  const { page, errors } = await newPage(env.browser);
  await setUpSchool(page, env.url);
  await addClass(page, '3 А');
  await addStudent(page);
  await addAchievement(page, {
    'Наименование': 'Конкурс чтецов', 'Тип достижения': 'Конкурс', 'Уровень мероприятия': 'Школьный', 'Дата проведения': '01.10.2026',
  });
  await openExchange(page);
  const oldBackup = await saveFile(page, 'Вся школа (резервная копия)');

  // «Личные данные» → the final file for the family, then the deletion.
  await openStudent(page);
  const section = page.getByRole('region', { name: 'Завершение обучения' });
  const [final] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('button', { name: 'Сохранить итоговый файл для семьи' }).click(),
  ]);
  await section.getByText(`Файл «${final.suggestedFilename()}» сохранён в папку загрузок. Это итоговый файл: передайте его семье.`).waitFor();
  const pkg = JSON.parse(fs.readFileSync(await final.path(), 'utf8'));
  assert.deepEqual(pkg.data.students[0].achievements.map((a) => a.title), ['Конкурс чтецов']);
  await section.getByRole('button', { name: 'Удалить ученика' }).click();
  await page.getByText(/^Ученик Рультынэ Айна удалён вместе с достижениями и документами\. Из старых файлов эти данные не вернутся\.$/).waitFor();
  assert.equal((await storedFiles(page)).students, 0);

  // The old backup: the child stays deleted, and the preview says so.
  await openExchange(page);
  await openFile(page, oldBackup);
  await page.getByRole('heading', { name: 'Не восстановлено (удалено на этом устройстве): 1' }).waitFor();
  assert.deepEqual(await page.locator('ul.preview li').allTextContents(), ['ученик Рультынэ Айна']);
  await page.reload();
  assert.equal((await storedFiles(page)).students, 0);
  assert.deepEqual(errors, []);
});

test('a backup without documents, then the one with them: the documents are added', async () => {
  const teacher = await teacherWithScan({
    'Наименование': 'Выставка рисунков', 'Тип достижения': 'Выставка', 'Уровень мероприятия': 'Школьный', 'Дата проведения': '05.11.2026',
  }, { name: 'рисунок.png', mimeType: 'image/png', buffer: png(400, 300) });
  const page = teacher.page;
  await openExchange(page);
  const light = await saveFile(page, 'Вся школа (резервная копия)', false);
  const full = await saveFile(page, 'Вся школа (резервная копия)', true);

  const other = await freshDevice();
  const p2 = other.page;
  await openFile(p2, light);
  const first = p2.getByRole('region', { name: `Что изменится: файл «${light.name}»` });
  await first.getByText('Файл сохранён без документов; не перенесено документов: 1. Откройте потом файл с документами — они добавятся к этим записям.').waitFor();
  await first.getByRole('button', { name: 'Применить' }).click();
  await p2.getByText(`Данные из файла «${light.name}» добавлены.`).waitFor();
  assert.deepEqual((await storedFiles(p2)).files, []);

  await openFile(p2, full);
  const second = p2.getByRole('region', { name: `Что изменится: файл «${full.name}»` });
  await second.getByRole('heading', { name: 'Изменено: 1' }).waitFor();
  assert.deepEqual(await second.locator('ul.preview li').allTextContents(), ['достижение «Выставка рисунков» (Рультынэ Айна)']);
  await second.getByRole('button', { name: 'Применить' }).click();
  await p2.getByText(`Данные из файла «${full.name}» добавлены.`).waitFor();
  const stored = await storedFiles(p2);
  assert.equal(stored.files.length, 2);
  assert.deepEqual(stored.files, stored.referenced);
  await p2.reload();
  await openStudent(p2);
  await p2.getByRole('link', { name: 'Достижения', exact: true }).click();
  const thumb = p2.getByRole('link', { name: /^Открыть документ:/ }).locator('img');
  await p2.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumb.elementHandle());
  assert.deepEqual(teacher.errors, []);
  assert.deepEqual(other.errors, []);
});

test('a full disk while applying a file leaves the device exactly as it was, and the preview stays to try again', async () => {
  const teacher = await teacherWithScan({
    'Наименование': 'Олимпиада «Юный математик»', 'Тип достижения': 'Олимпиада', 'Уровень мероприятия': 'Муниципальный', 'Дата проведения': '12.10.2026',
  }, { name: 'scan.png', mimeType: 'image/png', buffer: png(320, 240) });
  const page = teacher.page;
  await openExchange(page);
  const backup = await saveFile(page, 'Вся школа (резервная копия)');

  const other = await freshDevice();
  const p2 = other.page;
  await openFile(p2, backup);
  const preview = p2.getByRole('region', { name: `Что изменится: файл «${backup.name}»` });
  await preview.getByRole('heading', { name: /^Новое: \d+$/ }).waitFor();
  // The disk fills up on the scan's bytes, after the records were queued in the same transaction.
  await p2.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    window.__restorePut = () => { IDBObjectStore.prototype.put = put; };
    IDBObjectStore.prototype.put = function (value, key) {
      if (this.name === 'files') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    };
  });
  await preview.getByRole('button', { name: 'Применить' }).click();
  await expectText(p2.getByRole('alert'), 'Не хватает места на устройстве: изменения не сохранены. Освободите место и повторите.');
  const empty = await storedFiles(p2);
  assert.deepEqual(empty, { files: [], referenced: [], students: 0 });
  const meta = await p2.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('portfolio');
    open.onsuccess = () => {
      const keys = open.result.transaction('meta').objectStore('meta').getAllKeys();
      keys.onsuccess = () => { open.result.close(); resolve(keys.result); };
    };
  }));
  assert.deepEqual(meta, ['layout'], 'no school, years, catalogues or classes written either (only the mark a new database starts with)');
  // Space freed: the same preview applies.
  await p2.evaluate(() => window.__restorePut());
  await preview.getByRole('button', { name: 'Применить' }).click();
  await p2.getByText(`Данные из файла «${backup.name}» добавлены.`).waitFor();
  const stored = await storedFiles(p2);
  assert.equal(stored.students, 1);
  assert.equal(stored.files.length, 2);
  assert.deepEqual(stored.files, stored.referenced);
  await p2.reload();
  await p2.getByRole('link', { name: 'Классы', exact: true }).click();
  await p2.getByRole('list', { name: 'Классы' }).getByRole('link', { name: /^3 А/ }).waitFor();
  assert.deepEqual(teacher.errors, []);
  assert.deepEqual(other.errors, []);
});

test('a school file changed by hand: a broken signature applies nothing; unsigned, a record changed by hand is taken only when confirmed', async () => {
  const { page } = await newPage(env.browser);
  await setUpSchool(page, env.url);
  await addClass(page, '3 А');
  await addStudent(page);
  await addAchievement(page, {
    'Наименование': 'Олимпиада «Юный математик»', 'Тип достижения': 'Олимпиада', 'Уровень мероприятия': 'Муниципальный', 'Дата проведения': '12.10.2026',
  });
  await openExchange(page);
  const backup = await saveFile(page, 'Вся школа (резервная копия)', false);
  // The same revision, another title: edited by hand.
  const text = fs.readFileSync(backup.path, 'utf8');
  assert.match(text, /,"mac":"[0-9a-f]{64}"\}$/, 'the school file is signed');
  const forged = text.replace('"title":"Олимпиада «Юный математик»"', '"title":"Олимпиада «Юный математик» — 1 место"');
  assert.notEqual(forged, text);
  // Signed, then changed: the signature no longer matches — nothing of
  // it applies, and the teacher cannot take it as the school's.
  const path = `${backup.path}.forged`;
  fs.writeFileSync(path, forged);
  await openFile(page, { name: 'forged.json', path });
  await page.getByRole('alert').filter({ hasText: 'Подпись школы не совпадает с содержимым' }).waitFor();
  await page.getByText('Из файла «forged.json» ничего не применено: не доказано, что он с устройства школы. Ничего не изменено.').waitFor();
  await page.getByText('изменить (запись изменена вне приложения): достижение «Олимпиада «Юный математик» — 1 место» (Рультынэ Айна)').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Файл с устройства школы: применить его' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Применить', exact: true }).count(), 0);
  assert.deepEqual(await audit(page), [], 'a file with a broken signature');
  // Without a signature (as an earlier release wrote it): unproven until
  // the teacher says it comes from a school device.
  const unsigned = forged.replace(/,"mac":"[0-9a-f]{64}"\}$/, '}');
  const path2 = `${backup.path}.unsigned`;
  fs.writeFileSync(path2, unsigned);
  await openFile(page, { name: 'unsigned.json', path: path2 });
  const why = page.getByRole('alert').filter({ hasText: 'Файл без подписи школы' });
  await why.waitFor();
  assert.deepEqual(await audit(page), [], 'a file without a signature');
  await why.getByRole('button', { name: 'Файл с устройства школы: применить его' }).click();
  await page.getByText('Файл принят как файл устройства школы').waitFor();
  const alert = page.getByRole('alert').filter({ hasText: 'Запись изменена вне приложения: 1' });
  await alert.getByText('достижение «Олимпиада «Юный математик» — 1 место» (Рультынэ Айна)').waitFor();
  await page.getByText('В файле «unsigned.json» нет ничего нового: всё уже есть на этом устройстве. Ничего не изменено.').waitFor();
  assert.deepEqual(await audit(page), [], 'the alert about a record changed outside the app');
  // Confirmed: now there is something to apply; the copy here is archived.
  await alert.getByRole('button', { name: 'Принять и эти записи' }).click();
  const preview = page.getByRole('region', { name: 'Что изменится: файл «unsigned.json»' });
  await preview.getByText('Эти записи будут взяты из файла; копии с этого устройства сохранятся в «Архиве версий».').waitFor();
  await preview.getByRole('button', { name: 'Применить' }).click();
  await page.getByText('Данные из файла «unsigned.json» добавлены.').waitFor();
  await page.getByText(/\(до изменения вне приложения\)/).first().waitFor();
  await openStudent(page);
  await page.getByRole('link', { name: 'Достижения', exact: true }).click();
  assert.deepEqual(await listedAchievements(page), ['Олимпиада «Юный математик» — 1 место']);
});

/// The school key a device keeps («meta» → school_key), read as stored.
async function schoolKey(page) {
  return (await databaseContents(page)).meta.find(([k]) => k === 'school_key')?.[1];
}

test('a second school device takes the key from the first backup; their class files then merge both ways as the school\'s', async () => {
  const first = await newPage(env.browser);
  const a = first.page;
  await setUpSchool(a, env.url);
  const key = await schoolKey(a);
  assert.match(key ?? '', /^[0-9a-f]{64}$/, 'the set-up makes the school key');
  await addClass(a, '3 А');
  await addStudent(a);
  await openExchange(a);
  const backup = await saveFile(a, 'Вся школа (резервная копия)', false);
  const text = fs.readFileSync(backup.path, 'utf8');
  assert.equal(JSON.parse(text).data.school_key, key, 'a backup carries the key');
  assert.match(text, /,"mac":"[0-9a-f]{64}"\}$/);

  // A new device: it has nothing of the school to protect and takes the
  // first school file as the school's, with its key.
  const second = await freshDevice();
  const b = second.page;
  await openFile(b, backup);
  await b.getByRole('region', { name: `Что изменится: файл «${backup.name}»` }).getByRole('button', { name: 'Применить' }).click();
  await b.getByText(`Данные из файла «${backup.name}» добавлены.`).waitFor();
  assert.equal(await schoolKey(b), key);

  // The second device adds an achievement and sends its class file back:
  // signed with the same key, it merges on the first without a question.
  await openStudent(b);
  await addAchievement(b, {
    'Наименование': 'Конкурс «Кенгуру»', 'Тип достижения': 'Конкурс', 'Уровень мероприятия': 'Международный', 'Дата проведения': '20.11.2026',
  });
  await openExchange(b);
  const classFile = await saveFile(b, 'Класс 3 А', false);
  assert.equal(JSON.parse(fs.readFileSync(classFile.path, 'utf8')).version, 5);
  await openExchange(a);
  await openFile(a, classFile);
  const preview = a.getByRole('region', { name: `Что изменится: файл «${classFile.name}»` });
  await preview.getByText('достижение «Конкурс «Кенгуру»» (Рультынэ Айна)').waitFor();
  assert.equal(await a.getByText('Файл без подписи школы').count(), 0);
  assert.equal(await a.getByText(/Предложения/).count(), 0);
  await preview.getByRole('button', { name: 'Применить' }).click();
  await a.getByText(`Данные из файла «${classFile.name}» добавлены.`).waitFor();
  await a.reload();
  await openStudent(a);
  await a.getByRole('link', { name: 'Достижения', exact: true }).click();
  assert.deepEqual(await listedAchievements(a), ['Конкурс «Кенгуру»']);
  assert.equal(await schoolKey(a), key, 'the first device keeps its key');
  assert.deepEqual(first.errors, []);
  assert.deepEqual(second.errors, []);
});
