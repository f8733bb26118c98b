// The teacher's journey of the smoke suite, the same in every engine: set
// up the school, a class, a student, an achievement; reload; the lazily
// loaded screens; a file opened and applied; the start with no network.
// Each file of the app is downloaded once on the first visit, and no page
// shows an uncaught error or logs one.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { serve, patchedCopy } from '../serve.mjs';

const DIST = process.env.DIST || path.resolve('dist');
const PROBE = fs.readFileSync(new URL('./probe.js', import.meta.url), 'utf8');

/// The release build with tests/smoke/probe.js as the first script of
/// index.html (its hash allowed by the page's CSP): WebDriver classic has no
/// way to run a script before the page's own, and inline it is stored with
/// the page, so it runs offline too.
function probedCopy() {
  const hash = `'sha256-${crypto.createHash('sha256').update(PROBE).digest('base64')}'`;
  return patchedCopy(DIST, 'index.html', (html) =>
    html
      .replace("script-src 'self'", `script-src 'self' ${hash}`)
      .replace(/(<meta http-equiv="Content-Security-Policy"[^>]*>)/, `$1\n    <script>${PROBE}</script>`),
  );
}

/// How many times the server may be asked for a file on the first visit.
/// The page asks once for each. The worker, storing the app, asks again for
/// the files without a content hash in their name (they may have changed); a
/// hashed one it takes from the HTTP cache (Chromium, Firefox) — but WebKit
/// keeps no copy there, so it downloads the small scripts and styles again.
/// The main module the page hands to the worker's cache itself: once
/// everywhere.
const hashed = (file) => /[0-9a-f]{16}/.test(file);
const allowed = (file, engine) =>
  !hashed(file) ? 2 : engine === 'WebKit' && !/\.wasm(gz)?$/.test(file) ? 2 : 1;

/// From any screen, through «Классы» and the class, to the student's page.
async function openStudent(d) {
  await d.click('link', 'Классы');
  await d.waitFor('heading', 'Классы');
  await d.click('link', '3 А…');
  await d.click('link', 'Рультынэ Айна…');
  await d.waitFor('heading', 'Рультынэ Айна');
}

export async function journey(open) {
  const dir = probedCopy();
  const env = await serve(dir, 0, '/school/portfolio/');
  const d = await open();
  try {
    // Set-up, a class, a student, an achievement.
    await d.open(env.url);
    await d.waitFor('heading', 'Начало работы');
    await d.fill('Название школы', 'МБОУ «Начальная школа с.Биллингс»');
    await d.click('button', 'Начать работу');
    await d.waitFor('heading', 'Классы');
    await d.fill('Название класса', '3 А');
    await d.click('button', 'Добавить класс');
    await d.waitFor('heading', 'Класс 3 А');
    await d.click('link', 'Добавить ученика');
    await d.waitFor('heading', 'Новый ученик');
    await d.fill('Фамилия', 'Рультынэ');
    await d.fill('Имя', 'Айна');
    await d.choose('Пол', 'Женский');
    await d.fill('Дата рождения', '29.02.2016');
    await d.fill('Место рождения', 'с. Биллингс, Чукотский АО');
    await d.choose('Подтверждение проживания на территории, закреплённой за ОО', 'Подтверждено');
    await d.click('button', 'Добавить ученика');
    await d.waitFor('heading', 'Рультынэ Айна');
    await d.click('link', 'Достижения');
    await d.click('link', 'Добавить достижение');
    await d.waitFor('heading', 'Новое достижение');
    await d.fill('Наименование', 'Олимпиада «Кенгуру»');
    await d.choose('Тип достижения', 'Олимпиада');
    await d.choose('Уровень мероприятия', 'Школьный');
    await d.fill('Дата проведения', '01.11.2026');
    await d.click('button', 'Сохранить');
    await d.waitFor('text', 'Достижение «Олимпиада «Кенгуру»» добавлено.');

    // Stored for offline use: by then every file the app needs is here,
    // and the page itself asked for none twice (its resource timing).
    await d.click('link', 'Классы');
    await d.waitFor('text', 'Приложение сохранено на этом устройстве: оно откроется и без интернета.');
    const twice = fs
      .readdirSync(dir, { recursive: true })
      .map((f) => path.basename(String(f)))
      .filter((f) => env.requests(f) > allowed(f, d.engine))
      .map((f) => `${f}: ${env.requests(f)}`);
    assert.deepEqual(twice, [], `${d.engine}: files downloaded more than once on the first visit`);
    const fetched = await d.script(
      "return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname.split('/').pop())",
    );
    const again = fetched.filter((f, i) => fetched.indexOf(f) !== i);
    assert.deepEqual(again, [], `${d.engine}: the page asked twice for these`);
    const main = fs.readdirSync(dir).find((f) => /^portfolio-.*_bg\.wasmgz$/.test(f));
    assert.equal(env.requests(main), 1, `${d.engine}: the main module was downloaded ${env.requests(main)} times`);

    // A reload keeps everything.
    await d.reload();
    await openStudent(d);
    await d.click('link', 'Достижения');
    await d.waitFor('heading', 'Олимпиада «Кенгуру»');

    // The lazily loaded screens.
    await d.click('link', 'Рейтинг');
    await d.waitFor('heading', 'Рейтинг');
    await d.click('link', 'Отчёты');
    await d.waitFor('heading', 'Отчёты');
    await d.click('link', 'Администрирование');
    await d.click('link', 'Резервная копия и обмен');
    await d.waitFor('heading', 'Сохранить в файл');

    // A file from another device, opened and applied.
    await d.attach('Открыть файл', path.resolve('core/tests/fixtures/export-v3.json'));
    await d.click('button', 'Применить');
    await d.waitFor('text', 'Данные из файла «export-v3.json» добавлены.');

    // No network: the app starts from what it stored.
    env.server.closeAllConnections();
    await new Promise((resolve) => env.server.close(resolve));
    await d.reload();
    await d.waitFor('heading', 'Сохранить в файл');
    await openStudent(d);

    assert.deepEqual(await d.problems(), [], `${d.engine}: errors on the way`);
  } catch (e) {
    // What the user would see, for whoever reads the failure.
    e.message += `\n${d.engine} showed:\n${await d.text().catch(() => '(nothing)')}`;
    throw e;
  } finally {
    await d.close();
    env.server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
