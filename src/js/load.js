// Loads a wasm module as a Response that WebAssembly.instantiateStreaming
// accepts. The build ships every module twice: `x.wasm` and the same bytes
// gzipped as `x.wasmgz`, because many static servers (Debian's nginx,
// Apache's defaults, python's http.server) send .wasm uncompressed. Where the
// browser can unpack gzip itself (DecompressionStream) the small file is
// fetched and unpacked while it streams in; a server that already sent it
// with Content-Encoding: gzip hands us plain wasm, told apart by the first
// bytes. Anything else falls back to the plain file.
const GZIP = typeof DecompressionStream === 'function';

// Whether the page is going away (a reload, a link): the downloads it
// still has under way then fail, and that is no failure of the app.
// (Firefox cuts them as the navigation starts, before `pagehide`.)
let hidden = false;
addEventListener('beforeunload', () => (hidden = true));
addEventListener('pagehide', () => (hidden = true));
addEventListener('pageshow', () => (hidden = false));
export const leaving = () => hidden;

/// A Response of the plain wasm behind `url` (a `.wasm` address). `early`:
/// the fetch index.html already started for it — of the gzipped copy where
/// the browser can unpack gzip, else of the plain file.
export async function wasmResponse(url, early) {
  const plain = new URL(url, import.meta.url);
  if (!GZIP) return early || fetch(plain);
  // A network error is final (offline, and not stored); a server without
  // the gzipped copy gets asked for the plain one.
  const res = await (early || fetch(new URL(plain.href + 'gz')));
  if (!res.ok || !res.body) return fetch(plain);
  const reader = res.body.getReader();
  // Enough bytes to tell gzip (1f 8b) from wasm (00 61 73 6d).
  const head = [];
  let seen = 0;
  while (seen < 2) {
    const { done, value } = await reader.read();
    if (done) break;
    head.push(value);
    seen += value.length;
  }
  const first = head.length ? head[0] : new Uint8Array();
  const second = first.length > 1 ? first[1] : head.length > 1 ? head[1][0] : 0;
  const gzipped = first[0] === 0x1f && second === 0x8b;
  let body = new ReadableStream({
    start(c) {
      for (const chunk of head) c.enqueue(chunk);
    },
    async pull(c) {
      const { done, value } = await reader.read();
      if (done) c.close();
      else c.enqueue(value);
    },
    cancel(why) {
      return reader.cancel(why);
    },
  });
  if (gzipped) body = body.pipeThrough(new DecompressionStream('gzip'));
  return new Response(body, { headers: { 'Content-Type': 'application/wasm' } });
}
