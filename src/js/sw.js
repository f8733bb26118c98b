// Портфолио's service worker: keeps this version of the app in a cache of
// its own so it starts with no network, hands files shared from other apps
// to the page (Web Share Target), and lets a new version wait until the
// user presses «обновить». The post-build step fills in the version and the
// file list (scripts/post_build.mjs).
const VERSION = '__VERSION__';
const CACHE = `portfolio-${VERSION}`;
const SHARE_CACHE = 'portfolio-share';
// [address, hashed]: hashed names never change content, so the HTTP cache
// may serve them, even stale; the others are revalidated with the server.
const FILES = __FILES__;
// Wasm modules as [plain, gzipped]: the page fetches the gzipped copy where
// it can unpack it (src/js/load.js), so that is the one to keep.
const WASM = __WASM__;
const GZIP = typeof DecompressionStream === 'function';

const scope = new URL(self.registration.scope);
const INDEX = new URL('index.html', scope).href;
const SHARE_TARGET = new URL('share-target', scope).pathname;

self.addEventListener('install', (event) => {
  // No skipWaiting here: a new version waits until the user asks for it.
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const list = [...FILES, ...WASM.map(([plain, gz]) => [GZIP ? gz : plain, true])];
      await Promise.all(
        list.map(async ([file, hashed]) => {
          const url = new URL(file, scope).href;
          // A hashed file kept by an install that failed later is this very
          // file: a second try downloads only what is still missing.
          if (hashed && (await cache.match(url))) return;
          // A hashed file the page has just downloaded is taken from the
          // HTTP cache however old it looks (force-cache): Chromium and
          // Firefox keep it there, so the first visit downloads it once.
          const res = await fetchPatiently(url, { cache: hashed ? 'force-cache' : 'no-cache' });
          if (!res.ok) throw new Error(`${file}: ${res.status}`);
          await cache.put(url, res);
        }),
      );
    })(),
  );
});

/// A download over a poor link: one that breaks off or that a gateway on
/// the way answers with a server error (5xx) is tried again (after 1 s,
/// then 3 s) before the install gives up; the page then tries the whole
/// install again later (src/js/boot.js).
async function fetchPatiently(url, init) {
  for (const wait of [1000, 3000]) {
    try {
      const res = await fetch(url, init);
      if (res.status < 500) return res;
    } catch {
      // Broken off: tried again below.
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return fetch(url, init);
}

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('portfolio-') && name !== CACHE && name !== SHARE_CACHE) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== scope.origin) return;
  if (req.method === 'POST' && url.pathname === SHARE_TARGET) {
    event.respondWith(receiveShared(req));
    return;
  }
  if (req.method !== 'GET') return;
  if (req.mode === 'navigate') {
    // Every address of the app is index.html plus a #/… hash.
    if (url.pathname === scope.pathname || url.href.split(/[?#]/)[0] === INDEX) {
      event.respondWith(fromCache(INDEX, req));
    }
    return;
  }
  event.respondWith(fromCache(url.origin + url.pathname, req));
});

async function fromCache(key, req) {
  const cache = await caches.open(CACHE);
  return (await cache.match(key)) || fetch(req);
}

/// «Поделиться» → Портфолио: keep the file and open the app on its preview.
async function receiveShared(req) {
  try {
    const form = await req.formData();
    const file = form.getAll('file').find((f) => typeof f !== 'string');
    if (file) {
      const cache = await caches.open(SHARE_CACHE);
      await cache.put(
        'shared-file',
        new Response(file, {
          headers: { 'Content-Type': 'application/json', 'X-File-Name': encodeURIComponent(file.name || '') },
        }),
      );
    }
  } catch (e) {
    // Nothing readable was sent: the page says there is no file.
  }
  return Response.redirect(new URL('./#/shared', scope).href, 303);
}
