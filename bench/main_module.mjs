// Benchmark listing (figures, not a test): what the main module — the wasm
// every first screen downloads — holds. Splits the release build's raw
// module as the post-build step does (wasm-split-cli), reads the main
// module's code and name sections, and prints the 30 largest functions and
// the total by crate. Sizes are of the split module before wasm-bindgen
// and wasm-opt (names kept; wasm-bindgen's descriptor functions, which it
// removes, are left out), so they rank, not add up to, the shipped bytes.
//   node bench/main_module.mjs   (after `trunk build --release`)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const raw = path.resolve(process.env.RAW_WASM || 'target/wasm32-unknown-unknown/release/portfolio.wasm');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'portfolio-main-'));
execFileSync('wasm-split-cli', [raw, work, '--out-name', 'portfolio'], { stdio: 'ignore' });
const bytes = fs.readFileSync(path.join(work, 'portfolio.wasm'));
fs.rmSync(work, { recursive: true, force: true });

let at = 8;
const u32 = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    result |= (b & 0x7f) << shift;
    if (!(b & 0x80)) return result >>> 0;
    shift += 7;
  }
};
let imported = 0;
const bodies = [];
const names = new Map();
while (at < bytes.length) {
  const id = bytes[at++];
  const size = u32();
  const end = at + size;
  if (id === 2) {
    // Imported functions come first in the function index space.
    for (let n = u32(); n > 0; n--) {
      at += u32(); // module
      at += u32(); // name
      const kind = bytes[at++];
      if (kind === 0) { u32(); imported++; }
      else if (kind === 1) { at++; const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 3) { at += 2; }
      else { at++; u32(); }
    }
  } else if (id === 10) {
    for (let n = u32(); n > 0; n--) {
      const len = u32();
      bodies.push(len);
      at += len;
    }
  } else if (id === 0) {
    const nameLen = u32();
    const name = bytes.subarray(at, at + nameLen).toString();
    at += nameLen;
    if (name === 'name') {
      while (at < end) {
        const sub = bytes[at++];
        const subSize = u32();
        const subEnd = at + subSize;
        if (sub === 1) {
          for (let n = u32(); n > 0; n--) {
            const index = u32();
            const len = u32();
            names.set(index, bytes.subarray(at, at + len).toString());
            at += len;
          }
        }
        at = subEnd;
      }
    }
  }
  at = end;
}
/// A legacy Rust symbol (`_ZN…E`) as a path, without its hash.
function demangle(name) {
  if (!name.startsWith('_ZN')) return name;
  const parts = [];
  let i = 3;
  while (i < name.length && name[i] !== 'E') {
    const m = name.slice(i).match(/^(\d+)/);
    if (!m) break;
    i += m[1].length;
    parts.push(name.slice(i, i + Number(m[1])));
    i += Number(m[1]);
  }
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1) || '')) parts.pop();
  const codes = { LT: '<', GT: '>', RF: '&', C: ',', LP: '(', RP: ')', BP: '*', SP: '@', u20: ' ', u7b: '{', u7d: '}', u27: "'", u5b: '[', u5d: ']', u3b: ';', u7e: '~' };
  return parts.join('::').replace(/\$([A-Za-z0-9]+)\$/g, (all, c) => codes[c] ?? all).replace(/\.\./g, '::').replace(/^_</, '<');
}
const fns = bodies.map((size, i) => ({ size, name: demangle(names.get(imported + i) || `func[${imported + i}]`) }))
  .filter((f) => !f.name.startsWith('__wbindgen_describe'));
const total = fns.reduce((n, f) => n + f.size, 0);
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
console.log(`\n## Main module (split, before wasm-opt): ${fns.length} functions, ${kb(total)} of code`);
console.log('30 largest functions:');
for (const f of [...fns].sort((a, b) => b.size - a.size).slice(0, 30)) {
  console.log(`  ${kb(f.size).padStart(9)}  ${f.name.slice(0, 110)}`);
}
// By crate: the first path segment of the demangled name that names one.
const crateOf = (name) => {
  const m = name.match(/([a-z_][a-z0-9_]*)::/);
  return m ? m[1] : '(other)';
};
const byCrate = new Map();
for (const f of fns) byCrate.set(crateOf(f.name), (byCrate.get(crateOf(f.name)) || 0) + f.size);
console.log('by crate (largest 12):');
for (const [name, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`  ${kb(size).padStart(9)}  ${name}`);
}
// What reading and writing records costs the main module.
const like = (re) => fns.filter((f) => re.test(f.name)).reduce((n, f) => n + f.size, 0);
console.log(`reading JSON (serde Deserialize, Visitor, serde_json::de): ${kb(like(/Deserializ|Visitor|serde_json::de|MapAccess|SeqAccess/))}`);
console.log(`writing JSON (serde Serialize, serde_json::ser):            ${kb(like(/Serializ|serde_json::ser/))}`);
