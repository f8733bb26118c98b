// «Подтверждающие документы»: attach by file, see thumbnails, open, download,
// delete; dangerous or unknown files refused; a failed save stores nothing;
// nothing orphaned in the files store; object URLs revoked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  withBrowser, newPage, setUpSchool, addClass, addStudent, fillFields, expectText, listedAchievements,
} from './harness.mjs';
import { png, pdf, cameraJpeg, withOrientation, storedFiles, countObjectUrls } from './files.mjs';

const env = withBrowser();

const OLYMPIAD = {
  'Наименование': 'Олимпиада «Юный математик»',
  'Тип достижения': 'Олимпиада',
  'Уровень мероприятия': 'Муниципальный',
  'Дата проведения': '12.10.2026',
};

async function student(page) {
  await setUpSchool(page, env.url);
  await addClass(page, '3 А');
  await addStudent(page);
  await page.getByRole('link', { name: 'Достижения', exact: true }).click();
  await page.getByText('Достижений пока нет.').waitFor();
}

/// On the achievement form: attaches files and waits until each one is
/// either listed or refused.
async function attach(page, files) {
  const rows = page.getByRole('list', { name: 'Прикреплённые документы' }).getByRole('listitem');
  const refused = page.locator('fieldset.documents [role=alert] p');
  const before = (await rows.count()) + (await refused.count());
  await page.getByLabel('Добавить документ').setInputFiles(files);
  await page.waitForFunction(
    ([n]) => document.querySelectorAll('ul.docs > li').length
      + document.querySelectorAll('fieldset.documents [role=alert] p').length === n
      && !document.querySelector('p.progress')?.textContent,
    [before + files.length],
  );
}

function documentRow(page, name) {
  return page.getByRole('list', { name: 'Прикреплённые документы' }).getByRole('listitem').filter({ hasText: name });
}

function documentLinks(page) {
  return page.getByRole('list', { name: 'Подтверждающие документы' }).getByRole('link');
}

test('documents are attached, kept, opened, downloaded and deleted', async () => {
  const { ctx, page, errors } = await newPage(env.browser);
  await countObjectUrls(ctx);
  await student(page);
  const scan = png(800, 600);
  const certificate = pdf('Certificate');

  await page.getByRole('link', { name: 'Добавить достижение' }).click();
  await fillFields(page, OLYMPIAD);
  await page.getByLabel('Призовое место').selectOption({ label: 'Победитель (1 место)' });
  await attach(page, [
    { name: 'scan.png', mimeType: 'image/png', buffer: scan },
    { name: 'certificate.pdf', mimeType: 'application/pdf', buffer: certificate },
  ]);
  const rows = page.getByRole('list', { name: 'Прикреплённые документы' }).getByRole('listitem');
  assert.equal(await rows.count(), 2);
  // A winner's documents are diplomas by default; the kind can be changed.
  const png_row = documentRow(page, 'scan.png');
  assert.equal(await png_row.getByLabel('Вид документа').evaluate((s) => s.options[s.selectedIndex].text), 'Диплом победителя/призёра');
  await png_row.getByLabel('Подпись').fill('за 1 место');
  await documentRow(page, 'certificate.pdf').getByLabel('Вид документа').selectOption({ label: 'Грамота' });
  // The picked PNG shows its thumbnail before saving.
  await png_row.locator('img').waitFor();
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText(`Достижение «${OLYMPIAD['Наименование']}» добавлено.`).waitFor();

  // Reload: both documents are still there, the picture with a thumbnail.
  await page.reload();
  assert.deepEqual(await listedAchievements(page), [OLYMPIAD['Наименование']]);
  const links = documentLinks(page);
  assert.deepEqual(await links.evaluateAll((a) => a.map((x) => x.getAttribute('aria-label'))), [
    'Открыть документ: Диплом победителя/призёра: за 1 место',
    'Открыть документ: Грамота',
  ]);
  const thumb = links.first().locator('img');
  await thumb.waitFor();
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumb.elementHandle());
  assert.equal(await thumb.evaluate((img) => img.naturalWidth), 240);
  // A document without a picture shows its type (drawn by CSS, so the
  // link's name stays what it opens).
  assert.equal(await links.nth(1).locator('.tile').evaluate((el) => getComputedStyle(el, '::after').content), '"PDF"');

  // Open the picture: shown full size, downloadable under a sensible name.
  await links.first().click();
  await page.getByRole('heading', { name: 'Диплом победителя/призёра: за 1 место', level: 1 }).waitFor();
  const image = page.getByRole('img', { name: 'Диплом победителя/призёра: за 1 место' });
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await image.elementHandle());
  assert.equal(await image.evaluate((img) => `${img.naturalWidth}×${img.naturalHeight}`), '800×600');
  await page.getByText('scan.png · ').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Скачать' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'Рультынэ_Олимпиада_2026-10-12.png');
  // A small PNG is stored as it came, byte for byte.
  assert.ok(fs.readFileSync(await download.path()).equals(scan));

  // Open the PDF: the browser's PDF viewer gets exactly the file.
  await page.goBack();
  await documentLinks(page).nth(1).click();
  await page.getByRole('heading', { name: 'Грамота', level: 1 }).waitFor();
  const open = page.getByRole('link', { name: 'Открыть PDF' });
  assert.equal(await open.getAttribute('target'), '_blank');
  const served = await open.evaluate(async (a) => {
    const r = await fetch(a.href);
    return { type: r.headers.get('content-type'), bytes: [...new Uint8Array(await r.arrayBuffer())] };
  });
  assert.equal(served.type, 'application/pdf');
  assert.ok(Buffer.from(served.bytes).equals(certificate));
  const [pdfDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Скачать' }).click(),
  ]);
  assert.equal(pdfDownload.suggestedFilename(), 'Рультынэ_Олимпиада_2026-10-12_2.pdf');

  // Delete the PDF: gone from the list and from the store; nothing orphaned.
  await page.getByRole('button', { name: 'Удалить документ' }).click();
  await page.getByText('Документ «Грамота» удалён.').waitFor();
  assert.equal(await documentLinks(page).count(), 1);
  let stored = await storedFiles(page);
  assert.equal(stored.files.length, 2, 'the picture and its thumbnail');
  assert.deepEqual(stored.files, stored.referenced);

  // Delete the achievement: its files go with it.
  await page.getByRole('button', { name: `Удалить: ${OLYMPIAD['Наименование']}` }).click();
  await page.getByText('Достижений пока нет.').waitFor();
  stored = await storedFiles(page);
  assert.deepEqual(stored.files, []);

  // Every object URL made for thumbnails and documents was revoked once its
  // screen was left.
  await page.getByRole('link', { name: 'Классы' }).click();
  await page.getByRole('heading', { name: 'Классы', exact: true }).waitFor();
  assert.equal(await page.evaluate(() => window.__liveObjectUrls()), 0);
  assert.deepEqual(errors, []);
});

test('dangerous, unknown and undecodable files are refused and nothing is stored', async () => {
  const { page, errors } = await newPage(env.browser);
  await student(page);
  await page.getByRole('link', { name: 'Добавить достижение' }).click();
  await fillFields(page, OLYMPIAD);
  await attach(page, [
    { name: 'рисунок.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') },
    { name: 'диплом.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('Это не фотография, а текст.\n') },
    { name: 'page.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!DOCTYPE html><html><script>fetch("x")</script></html>') },
    { name: 'setup.png', mimeType: 'image/png', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1') },
    { name: 'IMG_0001.HEIC', mimeType: 'image/heic', buffer: Buffer.concat([Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic', 'latin1'), Buffer.alloc(64)]) },
    { name: 'скан-600dpi.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([pdf(), Buffer.alloc(16 * 1024 * 1024)]) },
  ]);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const lines = await alert.locator('p').allTextContents();
  assert.equal(lines.length, 6, lines.join('\n'));
  assert.match(lines[0], /^Файл «рисунок\.svg» не принят: изображения SVG не принимаются/);
  assert.match(lines[1], /^Файл «диплом\.jpg» не принят: это текстовый файл, а не изображение или документ/);
  assert.match(lines[2], /^Файл «page\.pdf» не принят: веб-страницы \(HTML\) не принимаются/);
  assert.match(lines[3], /^Файл «setup\.png» не принят: программы и сценарии не принимаются/);
  assert.match(lines[4], /^Файл «IMG_0001\.HEIC» не принят: этот браузер не умеет открывать фотографии HEIC/);
  assert.match(lines[5], /^Файл «скан-600dpi\.pdf» не принят: файл слишком большой \(16 МБ\), можно не больше 15 МБ/);
  assert.equal(await page.getByRole('list', { name: 'Прикреплённые документы' }).getByRole('listitem').count(), 0);

  // The achievement itself saves, with no documents and nothing in the store.
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText(`Достижение «${OLYMPIAD['Наименование']}» добавлено.`).waitFor();
  assert.equal(await documentLinks(page).count(), 0);
  assert.deepEqual((await storedFiles(page)).files, []);
  assert.deepEqual(errors, []);
});

test('a full disk while saving documents stores neither the record nor the files', async () => {
  const { page, errors } = await newPage(env.browser);
  await student(page);
  await page.getByRole('link', { name: 'Добавить достижение' }).click();
  await fillFields(page, OLYMPIAD);
  await attach(page, [{ name: 'scan.png', mimeType: 'image/png', buffer: png(300, 200) }]);
  // The disk fills up on the file's bytes, after the record was queued.
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value, key) {
      if (this.name === 'files') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    };
  });
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await expectText(page.getByRole('alert'), 'Не хватает места на устройстве: изменения не сохранены. Освободите место и повторите.');
  // The form keeps what was typed and attached, so nothing is lost.
  assert.equal(await documentRow(page, 'scan.png').count(), 1);
  const stored = await storedFiles(page);
  assert.deepEqual(stored.files, []);
  assert.deepEqual(stored.referenced, []);
  await page.reload();
  await page.goto(page.url().replace(/achievements\/new$/, 'achievements'));
  await expectText(page.locator('p.summary'), 'Достижений пока нет.');
  assert.deepEqual(errors, []);
});

test('a 12-megapixel photo is shrunk to 2000 px; deleting the student leaves no files', async () => {
  const { page, errors } = await newPage(env.browser);
  await student(page);
  const photo = await cameraJpeg(page);
  await page.getByRole('link', { name: 'Добавить достижение' }).click();
  await fillFields(page, OLYMPIAD);
  await attach(page, [{ name: 'IMG_20261012.jpg', mimeType: 'image/jpeg', buffer: photo }]);
  const row = documentRow(page, 'IMG_20261012.jpg');
  const about = (await row.locator('.doc-name').textContent()).trim();
  console.log(`# 12 MP photo: ${photo.length} bytes picked → stored «${about}»`);
  // With «без уменьшения» the same photo is kept as it came.
  await page.getByLabel('Сохранять фотографии без уменьшения (займут больше места)').check();
  await attach(page, [{ name: 'original.jpg', mimeType: 'image/jpeg', buffer: photo }]);
  assert.equal((await documentRow(page, 'original.jpg').locator('.doc-name').textContent()).trim(), 'original.jpg · 4,9 МБ');
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText(`Достижение «${OLYMPIAD['Наименование']}» добавлено.`).waitFor();
  await documentLinks(page).nth(1).click();
  await page.getByText('original.jpg · 4,9 МБ · 4000×3000').waitFor();
  const [original] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Скачать' }).click(),
  ]);
  assert.ok(fs.readFileSync(await original.path()).equals(photo));
  await page.goBack();
  await documentLinks(page).first().click();
  await page.getByText(/ · 2000×1500$/).waitFor();
  const image = page.getByRole('img', { name: 'Сертификат участника' });
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await image.elementHandle());
  assert.equal(await image.evaluate((img) => img.naturalWidth), 2000);

  // «Удалить ученика» removes the record and every file of their documents.
  await page.getByRole('link', { name: /Рультынэ Айна: достижения/ }).click();
  await page.getByRole('link', { name: 'Личные данные' }).click();
  await page.getByRole('button', { name: 'Удалить ученика' }).click();
  await page.getByText('Ученик Рультынэ Айна удалён вместе с достижениями и документами.').waitFor();
  await page.getByRole('heading', { name: 'Класс 3 А' }).waitFor();
  const stored = await storedFiles(page);
  assert.deepEqual(stored, { files: [], referenced: [], students: 0 });
  assert.deepEqual(errors, []);
});

test('creative works and presentations are kept and offered for download', async () => {
  const { page, errors } = await newPage(env.browser);
  await student(page);
  await page.getByRole('link', { name: 'Добавить достижение' }).click();
  await fillFields(page, { ...OLYMPIAD, 'Наименование': 'Выставка «Моя тундра»', 'Тип достижения': 'Выставка' });
  // An Office Open XML presentation: a ZIP whose directory names ppt/ parts.
  const pptx = Buffer.concat([
    Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1'),
    Buffer.from('[Content_Types].xml'), Buffer.alloc(40),
    Buffer.from('PK\x03\x04ppt/slides/slide1.xml'), Buffer.alloc(200),
  ]);
  await attach(page, [{ name: 'Моя тундра.pptx', mimeType: 'application/octet-stream', buffer: pptx }]);
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText('Достижение «Выставка «Моя тундра»» добавлено.').waitFor();
  assert.equal(await documentLinks(page).first().locator('.tile').evaluate((el) => getComputedStyle(el, '::after').content), '"Презентация"');
  await documentLinks(page).first().click();
  await page.getByText('Этот файл браузер не показывает: скачайте его и откройте в программе на устройстве.').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Скачать' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'Рультынэ_Выставка_2026-10-12.pptx');
  assert.ok(fs.readFileSync(await download.path()).equals(pptx));
  assert.deepEqual(errors, []);
});

test('the start page says how much space is used, warns past 80 % and asks to keep the data', async () => {
  const { ctx, page, errors } = await newPage(env.browser);
  // The browser's answers, as a nearly full phone that grants persistence.
  await ctx.addInitScript(() => {
    let kept = false;
    navigator.storage.estimate = async () => ({ usage: 9 * 1024 ** 3, quota: 10 * 1024 ** 3 });
    navigator.storage.persisted = async () => kept;
    navigator.storage.persist = async () => { kept = true; return true; };
  });
  await page.goto(env.url);
  await page.getByRole('heading', { name: 'Начало работы' }).waitFor();
  // Before the school is set up, nothing is asked yet.
  assert.equal(await page.evaluate(() => navigator.storage.persisted()), false);
  await setUpSchool(page, env.url);
  const section = page.getByRole('region', { name: 'Место на устройстве' });
  await expectText(section.locator('p').first(), 'Портфолио занимает 9 ГБ из 10 ГБ, разрешённых браузером (90 %).');
  await section.getByText('Браузер обещал хранить данные портфолио и не удалять их при нехватке места.').waitFor();
  await page.getByRole('alert').filter({ hasText: 'Место для данных почти закончилось: занято 90 %' }).waitFor();
  assert.deepEqual(errors, []);
});

test('when the browser does not promise to keep the data, the user is told and can ask again', async () => {
  const { ctx, page, errors } = await newPage(env.browser);
  await ctx.addInitScript(() => {
    window.__asked = 0;
    navigator.storage.estimate = async () => ({ usage: 2 * 1024 ** 2, quota: 10 * 1024 ** 3 });
    navigator.storage.persisted = async () => false;
    navigator.storage.persist = async () => { window.__asked++; return false; };
  });
  await setUpSchool(page, env.url);
  const section = page.getByRole('region', { name: 'Место на устройстве' });
  await section.getByText(/^Браузер не обещал хранить данные постоянно/).waitFor();
  assert.equal(await page.getByRole('alert').count(), 0, 'no space warning at 0 %');
  const asked = await page.evaluate(() => window.__asked);
  assert.equal(asked, 1, 'asked once when the school was set up');
  await section.getByRole('button', { name: 'Попросить браузер сохранить данные' }).click();
  await page.waitForFunction((n) => window.__asked === n + 1, asked);
  await section.getByText(/^Браузер не обещал/).waitFor();
  assert.deepEqual(errors, []);
});

test('leaving the form while photos are being processed is safe', async () => {
  const { page, errors } = await newPage(env.browser);
  await student(page);
  const photo = await cameraJpeg(page);
  await page.getByRole('link', { name: 'Добавить достижение' }).click();
  await fillFields(page, OLYMPIAD);
  await page.getByLabel('Добавить документ').setInputFiles(
    [1, 2, 3].map((i) => ({ name: `IMG_${i}.jpg`, mimeType: 'image/jpeg', buffer: photo })),
  );
  await page.getByText(/^Обработка файла 1 из 3/).waitFor();
  await page.getByRole('link', { name: 'Отмена' }).click();
  await page.getByText('Достижений пока нет.').waitFor();
  // Processing stops with the form; the app keeps working and stores nothing.
  await page.waitForTimeout(1500);
  await page.getByRole('link', { name: 'Личные данные' }).click();
  await page.getByRole('button', { name: 'Удалить ученика' }).waitFor();
  assert.deepEqual((await storedFiles(page)).files, []);
  assert.deepEqual(errors, []);
});

test('leaving the form while it is being saved is safe and the save completes', async () => {
  const { page, errors } = await newPage(env.browser);
  await student(page);
  await page.getByRole('link', { name: 'Добавить достижение' }).click();
  await fillFields(page, OLYMPIAD);
  await attach(page, [{ name: 'scan.png', mimeType: 'image/png', buffer: png(400, 300) }]);
  // A slow disk: the transaction's completion reaches the app 1.5 s late.
  await page.evaluate(() => {
    Object.defineProperty(IDBTransaction.prototype, 'oncomplete', {
      configurable: true,
      set(f) { this.addEventListener('complete', (e) => setTimeout(() => f && f(e), 1500)); },
    });
  });
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByRole('link', { name: 'Отмена' }).click();
  await page.getByText(`Достижение «${OLYMPIAD['Наименование']}» добавлено.`).waitFor();
  await page.reload();
  assert.deepEqual(await listedAchievements(page), [OLYMPIAD['Наименование']]);
  assert.equal(await documentLinks(page).count(), 1);
  assert.deepEqual(errors, []);
});

test('a photo taken with the phone upright is stored upright (EXIF orientation applied)', async () => {
  const { page, errors } = await newPage(env.browser);
  await student(page);
  // A 4000×3000 sensor image that the camera marked «rotate 90° clockwise».
  const upright = withOrientation(await cameraJpeg(page), 6);
  await page.getByRole('link', { name: 'Добавить достижение' }).click();
  await fillFields(page, OLYMPIAD);
  await attach(page, [{ name: 'IMG_upright.jpg', mimeType: 'image/jpeg', buffer: upright }]);
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText(`Достижение «${OLYMPIAD['Наименование']}» добавлено.`).waitFor();
  const thumb = documentLinks(page).first().locator('img');
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumb.elementHandle());
  assert.equal(await thumb.evaluate((img) => `${img.naturalWidth}×${img.naturalHeight}`), '180×240');
  await documentLinks(page).first().click();
  // Shrunk to 2000 px on the long side, now the height, and re-encoded
  // without the EXIF mark, so every viewer shows it upright.
  await page.getByText(/ · 1500×2000$/).waitFor();
  const image = page.getByRole('img', { name: 'Сертификат участника' });
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await image.elementHandle());
  assert.equal(await image.evaluate((img) => `${img.naturalWidth}×${img.naturalHeight}`), '1500×2000');
  assert.deepEqual(errors, []);
});
