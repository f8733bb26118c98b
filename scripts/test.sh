#!/usr/bin/env bash
# Command 2: every check, in order of cost. Installs what it needs first.
#   formatting → clippy (native and wasm32) → core and app unit tests →
#   release build (and a second one as the "next release") → end-to-end
#   tests in headless Chromium → the smoke suite in Firefox and WebKit.
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

# The same code as a "next release" (another version label): the e2e test of
# «Доступна новая версия» publishes it over the first.
say "release build (next version, for the update test)"
PORTFOLIO_RELEASE=next trunk build --release --dist target/dist-next

say "end-to-end tests (Chromium, release build served from /school/portfolio/)"
npm run --silent e2e

# The teacher's journey in the engines of parents' phones (WebKit is every
# iPhone browser); WebKit's MiniBrowser needs an X display.
say "smoke tests (Firefox and WebKit)"
npm run --silent smoke
