#!/usr/bin/env bash
# Command 2: every check, in order of cost. Installs what it needs first.
#   formatting → clippy (native and wasm32) → core and app unit tests →
#   release build → end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh --browser

say "cargo fmt --check"
cargo fmt --all --check

say "clippy (native)"
cargo clippy --workspace --all-targets -- -D warnings

say "clippy (wasm32)"
cargo clippy --workspace --target wasm32-unknown-unknown -- -D warnings

say "unit tests"
cargo test --workspace

say "release build"
trunk build --release

say "end-to-end tests (Chromium, release build served from /school/portfolio/)"
npm run --silent e2e
