// What the main module (the first download) holds, by function and by kind
// of code (figures, not a test): run with `node bench/main_module.mjs` after
// `trunk build --release` (bench/run.sh runs it).
//
// The shipped module has no names, so this step makes the very same module
// again with names kept: cargo's raw wasm → wasm-split-cli → wasm-bindgen →
// wasm-opt -Oz with `-g` (which keeps the name section and nothing else) —
// the commands of scripts/post_build.mjs — and checks that its functions
// are the shipped ones, count and bytes of code alike, before it lists
// anything. Sizes are of function bodies after optimisation, so code that
// wasm-opt inlined counts for the function it went into.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DIST = path.resolve(process.env.DIST || 'dist');
const RAW = path.resolve(process.env.RAW || 'target/wasm32-unknown-unknown/release/portfolio.wasm');
const TOP = Number(process.env.TOP || 30);

/// A module's defined functions (body size, name from the name section)
/// and the size of its data section.
export function functions(buf) {
  let p = 8;
  const u = () => {
    let r = 0;
    let s = 0;
    let b;
    do {
      b = buf[p++];
      r += (b & 0x7f) * 2 ** s;
      s += 7;
    } while (b & 0x80);
    return r;
  };
  const str = () => {
    const n = u();
    const s = buf.toString('utf8', p, p + n);
    p += n;
    return s;
  };
  const limits = () => {
    const flags = u();
    u();
    if (flags & 1) u();
  };
  let imported = 0;
  let data = 0;
  const bodies = [];
  const names = new Map();
  while (p < buf.length) {
    const id = buf[p++];
    const size = u();
    const end = p + size;
    if (id === 2) {
      for (let i = 0, n = u(); i < n; i++) {
        str();
        str();
        const kind = buf[p++];
        if (kind === 0) {
          u();
          imported++;
        } else if (kind === 1) {
          p++;
          limits();
        } else if (kind === 2) limits();
        else if (kind === 3) p += 2;
        else if (kind === 4) {
          p++;
          u();
        }
      }
    } else if (id === 10) {
      for (let i = 0, n = u(); i < n; i++) {
        const s = u();
        bodies.push(s);
        p += s;
      }
    } else if (id === 11) data += size;
    else if (id === 0 && str() === 'name') {
      while (p < end) {
        const sub = buf[p++];
        const subEnd = u() + p;
        if (sub === 1) {
          for (let i = 0, n = u(); i < n; i++) {
            const idx = u();
            names.set(idx, str());
          }
        }
        p = subEnd;
      }
    }
    p = end;
  }
  return { data, funcs: bodies.map((size, i) => ({ size, name: names.get(i + imported) || `func[${i + imported}]` })) };
}

/// Rust's legacy symbol mangling (`_ZN…E`) back to a path.
export function demangle(s) {
  if (!s.startsWith('_ZN')) return s;
  let p = 3;
  const parts = [];
  while (p < s.length && s[p] !== 'E') {
    let n = 0;
    while (/[0-9]/.test(s[p])) n = n * 10 + Number(s[p++]);
    parts.push(s.slice(p, p + n));
    p += n;
  }
  if (/^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
  const codes = { LT: '<', GT: '>', RF: '&', BP: '*', C: ',', SP: '@', LP: '(', RP: ')' };
  return parts
    .map((x) =>
      x
        .replace(/^_\$/, '$')
        .replace(/\$u([0-9a-f]{2})\$/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
        .replace(/\$(LT|GT|RF|BP|C|SP|LP|RP)\$/g, (_, c) => codes[c])
        .replace(/\.\./g, '::'),
    )
    .join('::');
}

/// Kinds of code, first match wins.
const KINDS = [
  ['serde: decoding the records', /Deserialize for portfolio_core|Visitor for portfolio_core/],
  ['serde: encoding the records', /Serialize for portfolio_core/],
  ['serde_json (generic)', /serde_json|serde_core|serde::/],
  ['core: exchange', /portfolio_core::exchange/],
  ['core: stored', /portfolio_core::stored/],
  ['core: records, util, assessment', /portfolio_core/],
  ['app: pages and ui', /portfolio::(pages|ui|app)/],
  ['app: state and storage', /portfolio::(state|storage)/],
  ['app: other', /portfolio::/],
  ['leptos (tachys, reactive_graph, leptos)', /tachys|reactive_graph|leptos/],
  ['wasm-bindgen, js-sys, web-sys, idb', /wasm_bindgen|js_sys|web_sys|idb::/],
  ['allocator and collections', /dlmalloc|alloc::|hashbrown|indexmap/],
  ['core and std (fmt, str, sort…)', /core|std/],
];

function listing(file, label) {
  const m = functions(fs.readFileSync(file));
  const code = m.funcs.reduce((a, f) => a + f.size, 0);
  const named = m.funcs.map((f) => ({ ...f, name: demangle(f.name) }));
  console.log(`\n## ${label}: ${m.funcs.length} functions, ${(code / 1000).toFixed(1)} KB of code, ${(m.data / 1000).toFixed(1)} KB of data (KB = 1000 bytes)`);
  console.log(`\nTop ${TOP} functions by size:`);
  for (const f of [...named].sort((a, b) => b.size - a.size).slice(0, TOP)) {
    console.log(`${String(f.size).padStart(7)}  ${f.name.slice(0, 150)}`);
  }
  const kinds = new Map();
  for (const f of named) {
    const k = KINDS.find(([, re]) => re.test(f.name))?.[0] || 'other (unnamed, runtime)';
    kinds.set(k, (kinds.get(k) || 0) + f.size);
  }
  console.log('\nBy kind of code:');
  for (const [k, v] of [...kinds].sort((a, b) => b[1] - a[1])) {
    console.log(`${(v / 1000).toFixed(1).padStart(7)} KB ${((100 * v) / code).toFixed(1).padStart(5)} %  ${k}`);
  }
}

const shipped = fs.readdirSync(DIST).find((f) => /^portfolio-[0-9a-f]{16}_bg\.wasm$/.test(f));
if (!shipped) throw new Error(`no main module in ${DIST}: run trunk build --release first`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'portfolio-listing-'));
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
run('wasm-split-cli', [RAW, path.join(work, 'split'), '--out-name', 'portfolio']);
run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-demangle', '--no-typescript', '--out-dir', path.join(work, 'bind'), '--out-name', 'portfolio', path.join(work, 'split', 'portfolio.wasm')]);
const named = path.join(work, 'main-named.wasm');
run('wasm-opt', ['-Oz', '-g', '--low-memory-unused', '--zero-filled-memory', path.join(work, 'bind', 'portfolio_bg.wasm'), '-o', named]);

const a = functions(fs.readFileSync(path.join(DIST, shipped)));
const b = functions(fs.readFileSync(named));
const sum = (m) => m.funcs.reduce((x, f) => x + f.size, 0);
const same = a.funcs.length === b.funcs.length && a.funcs.every((f, i) => f.size === b.funcs[i].size) && a.data === b.data;
console.log(`named copy of ${shipped}: ${b.funcs.length} functions, ${sum(b)} bytes of code — shipped: ${a.funcs.length}, ${sum(a)}: ${same ? 'the same functions' : 'DIFFERENT (the listing below does not describe the shipped module)'}`);
listing(named, 'Main module');
fs.rmSync(work, { recursive: true, force: true });
if (!same) process.exitCode = 1;
