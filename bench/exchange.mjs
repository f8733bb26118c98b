// Benchmark (figures, not a test): the size of the files a teacher and a
// family send each other over a thin link. Run with `bash bench/run.sh` (or
// `node bench/exchange.mjs` after a release build).
//
// The teacher keeps a child with two achievements, each with a 12 MP photo
// of a diploma; the child's whole package goes to the family's phone; the
// family adds one achievement with one 12 MP phone photo and sends it back —
// «Только новое» beside «Всё портфолио ребёнка»; the teacher adds an
// achievement and answers — «Только изменения с прошлого файла» beside the
// whole package. Printed: each file's size, and the new photo as the phone
// took it and as the app stores it (shrunk to 2000 px, with its thumbnail),
// the floor a file carrying it in JSON (base64, 4/3) cannot go under.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../tests/serve.mjs';
import { ARGS, CHROMIUM, setUpSchool, addClass, addStudent, fillFields } from '../tests/e2e/harness.mjs';
import { cameraJpeg } from '../tests/e2e/files.mjs';

const DIST = path.resolve(process.env.DIST || 'dist');
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

const { server, url } = await serve(DIST, 0, '/school/portfolio/');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });

async function device() {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, acceptDownloads: true });
  const page = await ctx.newPage();
  page.setDefaultTimeout(120_000);
  page.on('dialog', (d) => d.accept());
  return page;
}

async function achievement(page, title, photo) {
  await page.getByRole('link', { name: 'Добавить достижение' }).click();
  await fillFields(page, { 'Наименование': title, 'Тип достижения': 'Конкурс', 'Уровень мероприятия': 'Школьный', 'Дата проведения': '20.11.2026' });
  if (photo) {
    await page.getByLabel('Сфотографировать').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.waitForFunction(() => document.querySelectorAll('ul.docs > li img').length === 1);
  }
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText(`Достижение «${title}» добавлено.`).waitFor();
}

async function saved(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await d.path();
  return { name: d.suggestedFilename(), path: file, size: fs.statSync(file).size };
}

async function teacherSaves(page, choice) {
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('link', { name: 'Резервная копия и обмен' }).click();
  await page.getByLabel('Что сохранить', { exact: true }).selectOption({ label: 'Для родителей: Рультынэ Айна (3 А)' });
  if (choice) await page.getByLabel('Состав файла для родителей').selectOption({ label: choice });
  return saved(page, () => page.getByRole('button', { name: 'Сохранить файл' }).click());
}

async function opens(page, button, file) {
  await page.getByLabel(button).setInputFiles(file.path);
  await page.getByRole('button', { name: 'Применить' }).click();
  await page.getByText(`Данные из файла «${path.basename(file.path)}» добавлены.`).or(page.getByText(/добавлены\.$/)).first().waitFor();
}

const t = await device();
await setUpSchool(t, url);
await addClass(t, '3 А');
await addStudent(t);
const diploma = await cameraJpeg(t);
await t.getByRole('link', { name: 'Достижения', exact: true }).click();
await achievement(t, 'Конкурс чтецов', diploma);
await achievement(t, 'Олимпиада по математике', diploma);
const pkg = await teacherSaves(t);

const f = await device();
await f.goto(url);
await f.getByRole('button', { name: 'Я родитель' }).click();
await opens(f, 'Открыть файл от учителя', pkg);
await f.getByRole('list', { name: 'Мои дети' }).getByRole('link', { name: /Рультынэ Айна/ }).click();
await f.getByRole('link', { name: 'Достижения', exact: true }).click();
const photo = await cameraJpeg(f, 4000, 3000);
await achievement(f, 'Рисунок «Моя тундра»', photo);
await f.getByRole('link', { name: 'Мои дети', exact: true }).click();
const send = () => f.getByRole('button', { name: 'Отправить учителю: Рультынэ Айна' }).click();
const back = await saved(f, send);
await f.getByLabel('Что отправить').selectOption({ label: 'Всё портфолио ребёнка' });
const backWhole = await saved(f, send);
const delta = JSON.parse(fs.readFileSync(back.path, 'utf8'));
const doc = delta.data.students[0].achievements[0].documents[0];
const thumb = Buffer.from(delta.data.files.find((x) => x.key.endsWith('/thumb')).data, 'base64').length;

await t.getByLabel('Открыть файл').setInputFiles(back.path);
await t.getByRole('button', { name: 'Применить' }).click();
await t.getByText(/добавлены\.$/).first().waitFor();
await t.getByRole('link', { name: 'Классы', exact: true }).click();
await t.getByRole('list', { name: 'Классы' }).getByRole('link', { name: /^3 А/ }).click();
await t.getByRole('link', { name: /Рультынэ Айна/ }).click();
await t.getByRole('link', { name: 'Достижения', exact: true }).click();
await achievement(t, 'Турнир по шашкам', null);
const answer = await teacherSaves(t, undefined);
const answerWhole = await teacherSaves(t, 'Всё портфолио ребёнка');

const floor = Math.ceil((doc.size + thumb) / 3) * 4;
console.log('\n## files between the teacher and a family (one child, 12 MP photos)');
console.log(`  the new photo: taken ${kb(photo.length)}; stored ${kb(doc.size)} + thumbnail ${kb(thumb)}; in base64 ${kb(floor)}`);
console.log(`  family → teacher, «Только новое»            ${kb(back.size).padStart(10)}   ${(back.size / backWhole.size).toFixed(3)}× the whole package; ${kb(back.size - floor)} over the photo in base64`);
console.log(`  family → teacher, «Всё портфолио ребёнка»   ${kb(backWhole.size).padStart(10)}`);
console.log(`  teacher → family, only the changes          ${kb(answer.size).padStart(10)}   ${(answer.size / answerWhole.size).toFixed(4)}× the whole package`);
console.log(`  teacher → family, the whole package         ${kb(answerWhole.size).padStart(10)}`);
await browser.close();
server.close();
