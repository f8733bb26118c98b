// Starts Портфолио: loads the wasm app (precompressed where the browser can
// unpack it), then, once the first screen is ready, installs the service
// worker that keeps the app working offline and offers new versions.
// The post-build step (scripts/post_build.mjs) fills in the file names.
import init from './__GLUE__';
import { wasmResponse } from './__LOADER__';

const WASM = './__WASM__';
/// The service worker's cache of this version (src/js/sw.js).
const CACHE = '__CACHE__';
/// The main module as the page downloaded it, put where the worker stores
/// this version: its install then does not download it again (WebKit keeps
/// no copy in the HTTP cache for it to reuse). Settles when written, or not.
let handedOver = Promise.resolve();

/// What the Rust app reads and calls (src/browser/shell.rs).
const shell = {
  build: '__BUILD__',
  /// A new version is installed and waits for «обновить».
  updateReady: false,
  /// The app is stored for offline use (a service worker controls the page).
  offlineReady: false,
  /// This browser or address cannot keep the app offline (no service
  /// worker: an old browser, a private window, or an http:// address other
  /// than localhost), and why.
  offlineUnavailable: null,
  applyUpdate() {
    location.reload();
  },
  takeShared,
};
globalThis.portfolioShell = shell;

function fail(e) {
  console.error(e);
  const p = document.getElementById('boot');
  if (p) {
    p.setAttribute('role', 'alert');
    p.textContent = navigator.onLine
      ? 'Не удалось запустить «Портфолио». Обновите страницу; если не поможет — откройте её в свежей версии Chrome, Firefox или Safari.'
      : 'Не удалось запустить «Портфолио»: нет связи с интернетом, а на этом устройстве приложение ещё не сохранено. Откройте страницу один раз при подключении к интернету — дальше она будет работать и без него.';
  }
}

async function start() {
  try {
    // The download index.html started (see scripts/post_build.mjs).
    let early = globalThis.portfolioWasm;
    delete globalThis.portfolioWasm;
    if (early && 'caches' in globalThis && 'serviceWorker' in navigator) {
      early = early.then((res) => {
        // Copied before the app reads it; a page already run by the worker
        // got it from there.
        if (res.ok && !navigator.serviceWorker.controller) {
          const copy = res.clone();
          handedOver = caches
            .open(CACHE)
            .then((cache) => cache.put(res.url, copy))
            .catch(() => {});
        }
        return res;
      });
    }
    await init({ module_or_path: wasmResponse(new URL(WASM, import.meta.url), early) });
  } catch (e) {
    // A broken or unreadable compressed copy: try the plain file once.
    await init({ module_or_path: fetch(new URL(WASM, import.meta.url)) });
  }
  document.getElementById('boot')?.remove();
}

start().catch(fail);

// After the first screen is ready (the app fires `portfolio-ready`), or after
// 10 s whatever happens, so the worker's downloads never slow the start.
let registered = false;
function later() {
  if (registered) return;
  registered = true;
  registerWorker().catch((e) => {
    console.warn('service worker:', e);
    unavailable(String(e));
  });
}
addEventListener('portfolio-ready', later, { once: true });
setTimeout(later, 10_000);

async function registerWorker() {
  if (!('serviceWorker' in navigator)) {
    unavailable(isSecureContext ? 'no-service-worker' : 'insecure');
    return;
  }
  const sw = navigator.serviceWorker;
  // A page that loads while this site's worker is already active, and is
  // not run by it, was opened past the worker (a hard reload, Ctrl+Shift+R):
  // no worker will take it over, though the app is stored.
  const past = !sw.controller && Boolean((await sw.getRegistration())?.active);
  await handedOver;
  const reg = await stored(sw);
  const offer = () => {
    shell.updateReady = true;
    dispatchEvent(new Event('portfolio-update'));
  };
  // A waiting worker with a controller present is a new version; without a
  // controller it is the first install, which activates by itself.
  if (reg.waiting && sw.controller) offer();
  reg.addEventListener('updatefound', () => {
    const next = reg.installing;
    next?.addEventListener('statechange', () => {
      if (next.state === 'installed' && sw.controller) offer();
    });
  });
  // An installed app resumes without navigating: look for a new version
  // whenever it comes back to the screen.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') reg.update().catch(() => {});
  });
  let asked = false;
  shell.applyUpdate = () => {
    asked = true;
    if (reg.waiting) reg.waiting.postMessage('skip-waiting');
    else location.reload();
  };
  // Only the tab where the user pressed «обновить» reloads; another open tab
  // keeps running (its code is all loaded) until its user presses it too.
  sw.addEventListener('controllerchange', () => {
    if (asked) location.reload();
    else if (shell.offlineReady) offer();
  });
  if (!sw.controller && !past) {
    // The first install takes this page over (clients.claim): the app is
    // said to be stored only once it runs the page.
    await new Promise((resolve) => sw.addEventListener('controllerchange', resolve, { once: true }));
  }
  shell.offlineReady = true;
  dispatchEvent(new Event('portfolio-offline'));
  // The lazily loaded parts now come from the worker's cache: load them
  // while the user reads the first screen, so they work without a network.
  dispatchEvent(new Event('portfolio-prefetch'));
}

/// Registers the worker and waits until this version is stored. Over a poor
/// link the first install can fail (a file did not arrive); then it is tried
/// again while the page is open — after 5 s, then longer, and at once when
/// the device comes back online — instead of waiting for the next start.
async function stored(sw) {
  for (let wait = 5_000; ; wait = Math.min(wait * 2, 120_000)) {
    try {
      const reg = await sw.register('./sw.js', { updateViaCache: 'none' });
      if (await activated(reg)) return reg;
    } catch (e) {
      // The worker's own script did not arrive; anything else (a browser
      // that refuses workers here) is final.
      if (!(e instanceof TypeError)) throw e;
    }
    await new Promise((resolve) => {
      const again = () => {
        removeEventListener('online', again);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(again, wait);
      addEventListener('online', again);
    });
  }
}

/// Whether the registration's worker becomes active (false: its install
/// failed).
function activated(reg) {
  return new Promise((resolve) => {
    const worker = reg.installing || reg.waiting;
    const settle = () => {
      if (reg.active) resolve(true);
      else if (!worker || worker.state === 'redundant') resolve(false);
    };
    worker?.addEventListener('statechange', settle);
    settle();
  });
}

function unavailable(why) {
  shell.offlineUnavailable = why;
  dispatchEvent(new Event('portfolio-offline'));
  // Without the worker, load the other screens now, while there is a network.
  dispatchEvent(new Event('portfolio-prefetch'));
}

/// A file another app shared with Портфолио (Web Share Target): the
/// service worker kept it; hand it over once and forget it.
async function takeShared() {
  if (!('caches' in globalThis)) return null;
  const cache = await caches.open('portfolio-share');
  const res = await cache.match('shared-file');
  if (!res) return null;
  const text = await res.text();
  await cache.delete('shared-file');
  const name = decodeURIComponent(res.headers.get('X-File-Name') || '') || 'файл.json';
  return { name, text };
}
