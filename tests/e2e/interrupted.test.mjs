// A tab closed — or the whole browser killed — in the middle of «Применить»
// loses nothing: the next start finds the device as it was before the file
// or as it is after it (every store compared byte for byte), never between.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execSync } from 'node:child_process';
import {
  withBrowser, newPage, setUpSchool, addClass, addStudent, addAchievement, launchPersistent, tempProfile,
} from './harness.mjs';
import { png, databaseContents, signedText } from './files.mjs';

const env = withBrowser();
/// Students in the grown file.
const N = 60;

/// The processes of the browser that uses the profile `dir`.
function browserProcesses(dir) {
  const mine = execSync('ps -eo pid=,args=', { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(`--user-data-dir=${dir}`))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
  assert.ok(mine.length > 0, 'the browser of the profile is running');
  return mine;
}

/// SIGKILL to each of `pids`.
function kill(pids) {
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}

/// `now` is one of the two states; says which.
function which(now, before, after, what) {
  const same = (x) => JSON.stringify(now) === JSON.stringify(x);
  assert.ok(same(before) || same(after), `${what}: the database is neither as before nor as after`);
  return same(before) ? 'before' : 'after';
}

async function openExchange(page) {
  await page.getByRole('link', { name: 'Администрирование' }).click();
  await page.getByRole('link', { name: 'Резервная копия и обмен' }).click();
  await page.getByRole('heading', { name: 'Сохранить в файл' }).waitFor();
}

/// `file` (a school backup with one student) grown to `n` students, each a
/// copy with ids of its own and its documents' bytes under their new ids:
/// a file whose «Применить» writes hundreds of records and files.
function grow(file, n) {
  let counter = 0;
  const fresh = (id) => `${id.slice(0, 24)}${(++counter).toString(16).padStart(12, '0')}`;
  const [first] = file.data.students;
  const byKey = new Map(file.data.files.map((f) => [f.key, f]));
  for (let i = 1; i < n; i++) {
    const r = JSON.parse(JSON.stringify(first));
    r.student.id = fresh(r.student.id);
    r.student.personal.first_name = `Айна ${i}`;
    for (const a of r.achievements) {
      a.id = fresh(a.id);
      for (const d of a.documents || []) {
        const old = d.id;
        d.id = fresh(d.id);
        file.data.files.push({ ...byKey.get(old), key: d.id });
        if (d.thumb) file.data.files.push({ ...byKey.get(`${old}/thumb`), key: `${d.id}/thumb` });
      }
    }
    file.data.students.push(r);
  }
  return file;
}

/// A fresh device on «Резервная копия и обмен» with the file's preview open.
async function previewOn(page, name, buffer) {
  await page.goto(env.url);
  await page.getByRole('heading', { name: 'Начало работы' }).waitFor();
  await openExchange(page);
  await page.getByLabel('Открыть файл').setInputFiles({ name, mimeType: 'application/json', buffer });
  const preview = page.getByRole('region', { name: `Что изменится: файл «${name}»` });
  await preview.waitFor();
  return preview;
}

test('a tab closed in the middle of «Применить» leaves the device as before or as after, never between', async () => {
  const teacher = await newPage(env.browser);
  const t = teacher.page;
  await setUpSchool(t, env.url);
  await addClass(t, '3 А');
  await addStudent(t);
  await addAchievement(t, {
    'Наименование': 'Олимпиада «Юный математик»', 'Тип достижения': 'Олимпиада', 'Уровень мероприятия': 'Муниципальный', 'Дата проведения': '12.10.2026',
  }, [
    { name: 'scan.png', mimeType: 'image/png', buffer: png(900, 700) },
    { name: 'scan2.png', mimeType: 'image/png', buffer: png(700, 900) },
  ]);
  await openExchange(t);
  await t.getByLabel('Что сохранить', { exact: true }).selectOption({ label: 'Вся школа (резервная копия)' });
  const [download] = await Promise.all([t.waitForEvent('download'), t.getByRole('button', { name: 'Сохранить файл' }).click()]);
  const file = grow(JSON.parse(fs.readFileSync(await download.path(), 'utf8')), N);
  // Grown as another school device would have written it: signed with the
  // school's key it carries.
  const buffer = Buffer.from(signedText(file));
  const name = 'Портфолио_школа_большой.json';

  // The state after: the same file applied to the end on another fresh
  // device — read in parts, saying how far it is.
  const whole = await newPage(env.browser);
  await whole.page.addInitScript(() => {
    window.__said = [];
    new MutationObserver(() => {
      for (const e of document.querySelectorAll('[role=status]')) window.__said.push(e.textContent.trim());
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const done = await previewOn(whole.page, name, buffer);
  const said = await whole.page.evaluate(() => window.__said);
  const percents = said.map((t) => /^Проверяем файл… (\d+) %$/.exec(t)?.[1]).filter(Boolean).map(Number);
  assert.ok(percents.length >= 1 && percents.every((n) => n >= 0 && n <= 100), said.join(' | '));
  // Every new record is counted; the first 30 are named, the rest summed up.
  const heading = await done.getByRole('heading', { name: /^Новое: \d+$/ }).textContent();
  const added = Number(heading.split(': ')[1]);
  assert.ok(added >= 2 * N, `${heading}: each of the ${N} students and their achievement`);
  const named = await done.getByRole('heading', { name: heading }).locator('xpath=following-sibling::ul[1]/li').allTextContents();
  assert.equal(named.length, 31, named.join(' | '));
  assert.ok(named.some((t) => /^ученик .+ Айна/.test(t)), named.join(' | '));
  assert.equal(named[30], `… и ещё ${added - 30}`);
  await done.getByRole('button', { name: 'Применить' }).click();
  await whole.page.getByText(`Данные из файла «${name}» добавлены.`).waitFor({ timeout: 60_000 });
  const after = await databaseContents(whole.page);
  assert.equal(after.students.length, N);
  assert.equal(after.files.length, N * 4, 'two documents with thumbnails each');

  // Storage holds each student exactly as the file carries it…
  const stored = new Set(after.students.map(([, text]) => text));
  assert.ok(file.data.students.every((r) => stored.has(JSON.stringify(r))), 'stored as in the file');
  // …so the same file opened again on the device that applied it — at once, and
  // after a reload (the stored texts read at start-up): its students are the
  // texts storage holds, taken as they are; nothing is new.
  for (const reload of [false, true]) {
    if (reload) {
      await whole.page.reload();
      await whole.page.getByRole('heading', { name: 'Сохранить в файл' }).waitFor();
    }
    await whole.page.getByLabel('Открыть файл').setInputFiles({ name, mimeType: 'application/json', buffer });
    await whole.page.getByText(`В файле «${name}» нет ничего нового: всё уже есть на этом устройстве. Ничего не изменено.`).waitFor();
  }
  // One child changed on another device since: that child is read from the
  // file and is the one change; the rest are still taken as stored.
  const edited = JSON.parse(buffer.toString('utf8'));
  const child = edited.data.students[7].student;
  const was = child.rev;
  child.personal.first_name = 'Ыттыгрын';
  child.rev = { updated_at: was.updated_at + 60_000, device: 'другой-ноутбук', history: [...(was.history || []), { at: was.updated_at, device: was.device }] };
  const editedName = 'Портфолио_школа_исправлено.json';
  await whole.page.getByLabel('Открыть файл').setInputFiles({ name: editedName, mimeType: 'application/json', buffer: Buffer.from(signedText(edited)) });
  const change = whole.page.getByRole('region', { name: `Что изменится: файл «${editedName}»` });
  await change.getByRole('heading', { name: 'Изменено: 1' }).waitFor();
  const items = await change.locator('ul.preview li').allTextContents();
  assert.equal(items.length, 1, items.join('\n'));
  assert.match(items[0], /Ыттыгрын/);
  await change.getByRole('button', { name: 'Применить' }).click();
  await whole.page.getByText(`Данные из файла «${editedName}» добавлены.`).waitFor();
  await whole.page.reload();
  await whole.page.getByRole('heading', { name: 'Сохранить в файл' }).waitFor();
  const renamed = (await databaseContents(whole.page)).students.filter(([, text]) => text.includes('Ыттыгрын'));
  assert.equal(renamed.length, 1);

  // The tab closed at several moments after the click.
  const tab = { before: 0, after: 0 };
  for (const delay of [0, 40, 150, 500]) {
    const device = await newPage(env.browser);
    const preview = await previewOn(device.page, name, buffer);
    const before = await databaseContents(device.page);
    await preview.getByRole('button', { name: 'Применить' }).click({ noWaitAfter: true });
    await new Promise((r) => setTimeout(r, delay));
    await device.page.close({ runBeforeUnload: false });
    // The next start of the app in the same browser profile.
    const again = await device.ctx.newPage();
    await again.goto(env.url);
    await again.waitForFunction(() => document.body.hasAttribute('data-ready-ms'));
    const state = which(await databaseContents(again), before, after, `tab closed after ${delay} ms`);
    tab[state] += 1;
    // What the user sees agrees: the school, or the start page.
    await again.getByRole('heading', { name: state === 'after' ? 'Классы' : 'Начало работы', exact: true }).waitFor();
    assert.deepEqual(device.errors, []);
    await device.ctx.close();
  }

  // The whole browser killed (as by a crash or a flat battery) while the
  // transaction is being written, then started again on the same profile.
  const killed = { before: 0, after: 0 };
  for (const delay of [0, 5, 10, 20, 40, 80, 160]) {
    const dir = tempProfile();
    const errors = [];
    let ctx = await launchPersistent(dir, undefined, errors);
    const page = ctx.pages()[0] || await ctx.newPage();
    const preview = await previewOn(page, name, buffer);
    const before = await databaseContents(page);
    const pids = browserProcesses(dir);
    // Counted from when the click is sent, not from when it is done.
    const clicking = preview.getByRole('button', { name: 'Применить' }).click({ noWaitAfter: true }).catch(() => {});
    await new Promise((r) => setTimeout(r, delay));
    kill(pids);
    await clicking;
    await ctx.close().catch(() => {});
    ctx = await launchPersistent(dir, undefined, errors);
    const again = ctx.pages()[0] || await ctx.newPage();
    await again.goto(env.url);
    await again.waitForFunction(() => document.body.hasAttribute('data-ready-ms'));
    killed[which(await databaseContents(again), before, after, `browser killed after ${delay} ms`)] += 1;
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`«Применить» of a ${(buffer.length / 1e6).toFixed(1)} MB file (${N} students, ${N * 4} files) interrupted: tab closed — ${tab.before}× as before, ${tab.after}× as after; browser killed — ${killed.before}× as before, ${killed.after}× as after`);
  // Both ends were reached (a kill before the click lands; a tab closed
  // half a second after it), so both comparisons were made.
  assert.ok(killed.before > 0 && tab.after + killed.after > 0, JSON.stringify({ tab, killed }));
  assert.deepEqual(teacher.errors, []);
  assert.deepEqual(whole.errors, []);
});
