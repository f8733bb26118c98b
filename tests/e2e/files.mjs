// Files for the document tests, generated here rather than checked in: a
// PNG and a PDF built byte by byte, a camera-sized JPEG drawn by the browser,
// and a look into the IndexedDB stores the way the app keeps them.
import crypto from 'node:crypto';
import zlib from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/// An RGB PNG of `width`×`height`: a gradient with a dark band, like a scan.
export function png(width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const band = y > height / 3 && y < height / 2;
      row[1 + x * 3] = band ? 30 : (x * 255) / width;
      row[2 + x * 3] = band ? 30 : (y * 255) / height;
      row[3 + x * 3] = band ? 90 : 200;
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/// A one-page PDF with a line of Latin text, with a correct xref table.
export function pdf(text = 'Diploma') {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 36 Tf 100 700 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/// A camera-sized JPEG (default 4000×3000 = 12 MP) drawn by the browser:
/// gradients, noise and text, encoded at quality 0.92 as phone cameras do.
export async function cameraJpeg(page, width = 4000, height = 3000) {
  const b64 = await page.evaluate(async ([w, h]) => {
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, w, h);
    grad.addColorStop(0, '#f4e6c8');
    grad.addColorStop(1, '#c9a66b');
    g.fillStyle = grad;
    g.fillRect(0, 0, w, h);
    const noise = g.getImageData(0, 0, w, h);
    let seed = 7;
    for (let i = 0; i < noise.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = (seed % 41) - 20;
      noise.data[i] += n;
      noise.data[i + 1] += n;
      noise.data[i + 2] += n;
    }
    g.putImageData(noise, 0, 0);
    g.fillStyle = '#3a2a10';
    g.font = `${Math.round(h / 12)}px serif`;
    g.fillText('ДИПЛОМ', w * 0.3, h * 0.3);
    g.font = `${Math.round(h / 40)}px serif`;
    for (let l = 0; l < 12; l++) g.fillText('награждается ученица 3 класса за победу в олимпиаде', w * 0.1, h * 0.45 + l * h / 30);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.92));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, [width, height]);
  return Buffer.from(b64, 'base64');
}

/// `jpeg` with an EXIF APP1 segment saying «Orientation = n» (6: the camera
/// was turned 90° clockwise, as a phone held upright writes it), placed after
/// the JFIF APP0 segment the way cameras do.
export function withOrientation(jpeg, n) {
  const tiff = Buffer.from([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF, IFD0 at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, n >> 8, n & 0xff, 0x00, 0x00, // Orientation SHORT n
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
  const app0End = jpeg[2] === 0xff && jpeg[3] === 0xe0 ? 4 + jpeg.readUInt16BE(4) : 2;
  return Buffer.concat([jpeg.subarray(0, app0End), app1, jpeg.subarray(app0End)]);
}

/// What IndexedDB holds: the keys of the files store, and the document ids
/// the student records refer to (with their thumbnails when they have one).
export async function storedFiles(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('portfolio');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['files', 'students'], 'readonly');
      const keys = tx.objectStore('files').getAllKeys();
      const students = tx.objectStore('students').getAll();
      tx.oncomplete = () => {
        const referenced = [];
        for (const text of students.result) {
          const record = JSON.parse(text);
          for (const a of [...(record.achievements || []), ...(record.rewards || [])]) {
            for (const d of a.documents || []) {
              referenced.push(d.id);
              if (d.thumb) referenced.push(`${d.id}/thumb`);
            }
          }
        }
        db.close();
        resolve({ files: keys.result.map(String).sort(), referenced: referenced.sort(), students: students.result.length });
      };
    };
  }));
}

/// Counts object URLs made and revoked by the page (installed before load).
export async function countObjectUrls(ctx) {
  await ctx.addInitScript(() => {
    const live = new Set();
    const create = URL.createObjectURL;
    const revoke = URL.revokeObjectURL;
    URL.createObjectURL = (b) => {
      const u = create.call(URL, b);
      live.add(u);
      return u;
    };
    URL.revokeObjectURL = (u) => {
      live.delete(u);
      revoke.call(URL, u);
    };
    window.__liveObjectUrls = () => live.size;
  });
}

/// Everything in the app's database, the bytes of files as base64.
export async function databaseContents(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('portfolio');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const names = [...db.objectStoreNames];
      const tx = db.transaction(names, 'readonly');
      const out = {};
      for (const n of names) {
        const store = tx.objectStore(n);
        const keys = store.getAllKeys();
        const values = store.getAll();
        tx.addEventListener('complete', () => {
          out[n] = keys.result.map((k, i) => {
            const v = values.result[i];
            if (typeof v === 'string') return [String(k), v];
            const b = new Uint8Array(v);
            let text = '';
            for (let i = 0; i < b.length; i += 8192) text += String.fromCharCode(...b.subarray(i, i + 8192));
            return [String(k), btoa(text)];
          });
        });
      }
      tx.oncomplete = () => { db.close(); resolve({ version: db.version, ...out }); };
    };
  }));
}

/// The text of a school or class file `file` (parsed) as a school device
/// holding the key it carries writes it: JSON, then the school's signature
/// (HMAC-SHA-256 of the text before `,"mac":`, as `core/src/exchange/sign.rs`
/// says) — for a test that plays another school device.
export function signedText(file) {
  const { mac, ...rest } = file;
  const body = JSON.stringify(rest).replace(/\}$/, '');
  const key = Buffer.from(rest.data.school_key, 'hex');
  const sig = crypto.createHmac('sha256', key).update(body, 'utf8').digest('hex');
  return `${body},"mac":"${sig}"}`;
}
