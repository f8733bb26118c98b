// Shared set-up for the end-to-end tests: the release build served under a
// sub-path by a plain static server, Debian's Chromium driven by Playwright,
// and small page objects that act the way a teacher does — by visible labels
// and button names.
import { chromium } from 'playwright-core';
import { before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '../serve.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const PHONE = { width: 360, height: 740 };
export const LAPTOP = { width: 1280, height: 800 };
const DIST = process.env.DIST || path.resolve('dist');

export async function startServer() {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), `no release build in ${DIST}: run trunk build --release`);
  return serve(DIST, 0, '/school/portfolio/');
}

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/// For a test file: starts the server and a browser before its tests and
/// stops both after. Returns an object that holds `url` and `browser` then.
/// After each test it fails the test if any page broke the Content-Security-
/// Policy or asked a host other than the test server for anything.
export function withBrowser() {
  const env = {};
  before(async () => {
    Object.assign(env, await startServer());
    env.browser = await launch();
  });
  afterEach(() => {
    const found = guarded.splice(0).flatMap((errors) => errors.filter((e) => e.startsWith(GUARD)));
    assert.deepEqual(found, [], found.join('\n'));
  });
  after(async () => {
    await env.browser?.close();
    env.server?.close();
  });
  return env;
}

// ---- what no page may do: break the CSP or talk to another host -------------

const GUARD = 'Нарушение: ';
/// The errors of every context opened since the last check.
const guarded = [];

/// Watches a browser context: a `securitypolicyviolation` in any of its
/// documents, and any request (pages and the service worker alike) to a
/// host other than the local test server, go into `errors`.
export async function guard(ctx, errors) {
  guarded.push(errors);
  await ctx.exposeBinding('__reportCsp', (_source, text) => errors.push(`${GUARD}CSP ${text}`));
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      globalThis.__reportCsp(`${e.violatedDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  ctx.on('request', (r) => {
    const url = new URL(r.url());
    const local = (url.protocol === 'http:' && url.hostname === '127.0.0.1') || url.protocol === 'blob:' || url.protocol === 'data:';
    if (!local) errors.push(`${GUARD}запрос к другому узлу ${r.url()}`);
  });
}

/// A browser with a profile on disk, so a test can close it and open it
/// again. `errors` collects what `guard` finds.
export async function launchPersistent(dir, viewport = PHONE, errors = []) {
  const ctx = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: ARGS, viewport });
  ctx.setDefaultTimeout(10_000);
  await guard(ctx, errors);
  ctx.on('page', (p) => watchInto(p, errors));
  for (const p of ctx.pages()) watchInto(p, errors);
  return ctx;
}

export function tempProfile() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'portfolio-profile-'));
}

/// A fresh browser profile (its own IndexedDB) and a page in it. `errors`
/// collects uncaught errors of every page the context opens.
export async function newPage(browser, viewport = PHONE) {
  const ctx = await browser.newContext({ viewport });
  ctx.setDefaultTimeout(10_000);
  const errors = [];
  await guard(ctx, errors);
  ctx.on('page', (p) => watchInto(p, errors));
  const page = await ctx.newPage();
  return { ctx, page, errors };
}

function watchInto(page, errors) {
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => d.accept());
}

/// Waits until `locator` shows exactly `text` (trimmed), or fails saying what it showed.
export async function expectText(locator, text) {
  const deadline = Date.now() + 10_000;
  let last;
  while (Date.now() < deadline) {
    last = (await locator.first().textContent().catch(() => null))?.trim();
    if (last === text) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`expected «${text}», saw «${last}»`);
}

export async function expectValue(locator, value) {
  const deadline = Date.now() + 10_000;
  let last;
  while (Date.now() < deadline) {
    last = await locator.inputValue().catch(() => null);
    if (last === value) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`expected value «${value}», saw «${last}»`);
}

/// The text of the selected option of a labelled select.
export async function selectedLabel(page, label) {
  return page.getByLabel(label, { exact: true }).evaluate((s) => s.options[s.selectedIndex]?.text ?? '');
}

// ---- page objects ---------------------------------------------------------

/// A class in the list of classes on the start page.
export function classLink(page, name) {
  return page.getByRole('list', { name: 'Классы' }).getByRole('link', { name: new RegExp(`^${name}`) });
}

/// From any screen, through «Классы» and the class, to a student's page —
/// what a teacher clicks.
export async function openStudent(page, className = '3 А', student = 'Рультынэ Айна') {
  await page.getByRole('link', { name: 'Классы', exact: true }).click();
  await classLink(page, className).click();
  await page.getByRole('link', { name: new RegExp(student) }).click();
}

export async function setUpSchool(page, url, name = 'МБОУ «Начальная школа с.Биллингс»') {
  await page.goto(url);
  await page.getByRole('heading', { name: 'Начало работы' }).waitFor();
  await page.getByLabel('Название школы').fill(name);
  await page.getByRole('button', { name: 'Начать работу' }).click();
  await page.getByRole('heading', { name: 'Классы', exact: true }).waitFor();
}

export async function addClass(page, name) {
  await page.getByLabel('Название класса').fill(name);
  await page.getByRole('button', { name: 'Добавить класс' }).click();
  await page.getByRole('heading', { name: `Класс ${name}` }).waitFor();
}

export const MINIMAL_STUDENT = {
  'Фамилия': 'Рультынэ',
  'Имя': 'Айна',
  'Пол': 'Женский',
  'Дата рождения': '29.02.2016',
  'Место рождения': 'с. Биллингс, Чукотский АО',
  'Подтверждение проживания на территории, закреплённой за ОО': 'Подтверждено',
};

/// Fills labelled fields: selects by option label, the rest by typing.
export async function fillFields(page, fields) {
  for (const [label, value] of Object.entries(fields)) {
    const field = page.getByLabel(label, { exact: true });
    const tag = await field.evaluate((el) => el.tagName);
    if (tag === 'SELECT') await field.selectOption({ label: value });
    else await field.fill(value);
  }
}

/// From a class page: adds a student and lands on their «Личные данные».
export async function addStudent(page, fields = MINIMAL_STUDENT) {
  await page.getByRole('link', { name: 'Добавить ученика' }).click();
  await page.getByRole('heading', { name: 'Новый ученик' }).waitFor();
  await fillFields(page, fields);
  await page.getByRole('button', { name: 'Добавить ученика' }).click();
  const full = [fields['Фамилия'], fields['Имя'], fields['Отчество']].filter(Boolean).join(' ');
  await page.getByRole('heading', { name: full, level: 1 }).waitFor();
}

/// From a student's profile: opens «Достижения», adds one (with `documents`
/// attached through «Добавить документ»), returns to the list.
export async function addAchievement(page, fields, documents = []) {
  await page.getByRole('link', { name: 'Достижения', exact: true }).click();
  await page.getByRole('link', { name: 'Добавить достижение' }).click();
  await page.getByRole('heading', { name: 'Новое достижение' }).waitFor();
  await fillFields(page, fields);
  if (documents.length) {
    await page.getByLabel('Добавить документ').setInputFiles(documents);
    await page.waitForFunction((n) => document.querySelectorAll('ul.docs > li').length === n, documents.length);
  }
  await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
  await page.getByText(`Достижение «${fields['Наименование']}» добавлено.`).waitFor();
}

/// Titles of the achievements listed, in order.
export async function listedAchievements(page) {
  await page.locator('p.summary').waitFor();
  return page.locator('ul.achievements article h3').allTextContents();
}
