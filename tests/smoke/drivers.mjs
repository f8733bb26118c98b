// Two browsers a parent's phone may run, driven the way the e2e suite drives
// Chromium — by visible labels and names — behind one small interface:
// Firefox (Debian's firefox-esr over WebDriver BiDi, puppeteer-core) and
// WebKit, the engine of every iPhone browser (WebKitGTK's MiniBrowser through
// webkit2gtk-driver's WebKitWebDriver, selenium-webdriver; needs an X
// display: the test command runs it under xvfb-run).
//
// A driver: open(url), reload(), fill(label, text), choose(label, option),
// click(kind, name), attach(label, file), waitFor(kind, name), text(),
// script(body), problems() (what tests/smoke/probe.js kept), close().
import { spawn } from 'node:child_process';
import net from 'node:net';

export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const TIMEOUT = 20_000;

/// In the page: the element a user means by `name` — a field by its
/// <label>'s text, a button, link or heading by its accessible name (its
/// aria-label, else its text; `name` ending in «…» matches the start) —
/// shown on screen, or null.
function find(kind, name) {
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const shown = (el) => el.getClientRects().length > 0;
  const matches = (text) => (name.endsWith('…') ? norm(text).startsWith(name.slice(0, -1)) : norm(text) === name);
  if (kind === 'label') {
    for (const l of document.querySelectorAll('label')) {
      // A file input is often hidden behind its label: the label shows.
      if (matches(l.textContent) && l.control && (shown(l.control) || shown(l))) return l.control;
    }
    return null;
  }
  const selector = { button: 'button', link: 'a[href]', heading: 'h1, h2, h3, h4, h5, h6', text: 'p, li, h1, h2, h3, td, span' }[kind];
  for (const el of document.querySelectorAll(selector)) {
    if (matches(el.getAttribute('aria-label') || el.textContent) && shown(el)) return el;
  }
  return null;
}

const FIND = `return (${find})(arguments[0], arguments[1]);`;

/// Asks `look()` every 50 ms until it gives an element, for up to TIMEOUT.
async function poll(look, what) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const el = await look();
    if (el) return el;
    if (Date.now() > deadline) throw new Error(`no ${what} on screen`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/// Firefox through puppeteer-core (WebDriver BiDi).
export async function firefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  // A phone's width. (setViewport asks for a screen orientation override
  // that Firefox ESR's BiDi does not know: the window is sized instead.)
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: null,
    args: ['--width=360', '--height=740'],
  });
  const page = await browser.newPage();
  const seen = [];
  page.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.push(`console: ${m.text()}`);
  });
  // Polled from here: puppeteer's waitForFunction compiles its poller in
  // the page, which the app's CSP (rightly) refuses.
  const element = (kind, name) =>
    poll(async () => {
      const handle = await page.evaluateHandle(find, kind, name).catch(() => null);
      const el = handle?.asElement();
      if (!el) await handle?.dispose();
      return el;
    }, `Firefox: ${kind} «${name}»`);
  const kept = [];
  const keep = async () => kept.push(...(await page.evaluate(() => window.__problems || []).catch(() => [])));
  return {
    engine: 'Firefox',
    async open(url) {
      await keep();
      await page.goto(url);
    },
    async reload() {
      await keep();
      await page.reload();
    },
    async fill(label, text) {
      const el = await element('label', label);
      // What was there is replaced, as Playwright's fill() does.
      await el.evaluate((e) => e.select());
      await el.type(text);
    },
    async choose(label, option) {
      const el = await element('label', label);
      const value = await el.evaluate((s, o) => [...s.options].find((x) => x.text.trim() === o)?.value, option);
      if (value === undefined) throw new Error(`Firefox: «${label}» has no option «${option}»`);
      await el.select(value);
    },
    async click(kind, name) {
      await (await element(kind, name)).click();
    },
    async attach(label, file) {
      await (await element('label', label)).uploadFile(file);
    },
    async waitFor(kind, name) {
      await element(kind, name);
    },
    text: () => page.evaluate(() => document.body.innerText),
    // A script's value, written as a WebDriver script (`return …`).
    script: (body) => page.evaluate(`(() => { ${body} })()`),
    title: () => page.title(),
    async problems() {
      await keep();
      return [...seen, ...kept.splice(0)];
    },
    close: () => browser.close(),
  };
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/// WebKit through selenium-webdriver and WebKitWebDriver.
export async function webkit() {
  const { Builder } = await import('selenium-webdriver');
  const port = await freePort();
  const server = spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: 'ignore' });
  const driver = await (async () => {
    for (let i = 0; ; i += 1) {
      try {
        return await new Builder()
          .usingServer(`http://127.0.0.1:${port}`)
          .withCapabilities({
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
          })
          .build();
      } catch (e) {
        // The driver's port opens a moment after it starts.
        if (i > 100) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  })();
  await driver.manage().window().setRect({ width: 360, height: 740 }).catch(() => {});
  const element = (kind, name) =>
    poll(() => driver.executeScript(FIND, kind, name).catch(() => null), `WebKit: ${kind} «${name}»`);
  const kept = [];
  const keep = async () => kept.push(...((await driver.executeScript('return window.__problems || []').catch(() => [])) || []));
  return {
    engine: 'WebKit',
    driver,
    async open(url) {
      await keep();
      await driver.get(url);
    },
    async reload() {
      await keep();
      await driver.navigate().refresh();
    },
    async fill(label, text) {
      const el = await element('label', label);
      await el.clear();
      await el.sendKeys(text);
    },
    async choose(label, option) {
      // WebKitGTK's driver cannot click into a select's native pop-up: the
      // option is picked the way the pop-up does it — selected, then the
      // input and change events.
      const el = await element('label', label);
      const picked = await driver.executeScript(
        `const s = arguments[0];
         const o = [...s.options].find((x) => x.text.trim() === arguments[1]);
         if (!o) return false;
         s.focus();
         o.selected = true;
         s.dispatchEvent(new Event('input', { bubbles: true }));
         s.dispatchEvent(new Event('change', { bubbles: true }));
         return true;`,
        el,
        option,
      );
      if (!picked) throw new Error(`WebKit: «${label}» has no option «${option}»`);
    },
    async click(kind, name) {
      // A screen that is still settling (a message sliding in) can put
      // something over the point for a moment: try again, as a user would.
      const deadline = Date.now() + TIMEOUT;
      for (;;) {
        const el = await element(kind, name);
        await driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', el);
        try {
          return await el.click();
        } catch (e) {
          const passing = ['ElementClickInterceptedError', 'StaleElementReferenceError'].includes(e.name);
          if (!passing || Date.now() > deadline) throw new Error(`WebKit: «${name}»: ${e.name} ${e.message}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    async attach(label, file) {
      await (await element('label', label)).sendKeys(file);
    },
    async waitFor(kind, name) {
      await element(kind, name);
    },
    text: () => driver.executeScript('return document.body.innerText'),
    script: (body) => driver.executeScript(body),
    title: () => driver.getTitle(),
    async problems() {
      await keep();
      return kept.splice(0);
    },
    async close() {
      await driver.quit().catch(() => {});
      server.kill();
    },
  };
}
