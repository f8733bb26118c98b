#!/usr/bin/env bash
# Installs what building and testing need, idempotently: the wasm target,
# trunk, the wasm-bindgen CLI matching Cargo.lock, wasm-split-cli (the wasm
# splitter), wasm-opt (npm binaryen),
# Playwright (npm playwright-core), puppeteer-core and selenium-webdriver
# (the smoke suite in Firefox and WebKit) and, with --browser, Debian's
# Chromium, poppler-utils, firefox-esr, webkit2gtk-driver (WebKitWebDriver
# and MiniBrowser) and xvfb (an X display for WebKit).
# Everything already present at the right version is reused.
# Source it (". scripts/setup.sh [--browser]") so PATH carries over.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION=0.21.14
SPLIT_VERSION=0.2.4
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/binaryen/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || rustup target add wasm32-unknown-unknown
rustup component add clippy rustfmt >/dev/null 2>&1 || true

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "Installing trunk $TRUNK_VERSION (takes ~10 minutes once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# The CLI must match the wasm-bindgen crate exactly (pinned in Cargo.toml).
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$ROOT/Cargo.lock")
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WB_VERSION"; then
  say "Installing wasm-bindgen-cli $WB_VERSION (takes ~4 minutes once)"
  # Not --locked: the registry lacks a version its lock file pins.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

# The splitter that cuts the wasm into lazily loaded chunks
# (scripts/post_build.mjs; trunk has no split step of its own).
# (It has no --version: ask cargo what it installed.)
if ! command -v wasm-split-cli >/dev/null \
  || ! cargo install --list | grep -q "^wasm_split_cli_support v$SPLIT_VERSION:"; then
  say "Installing wasm-split-cli $SPLIT_VERSION (takes ~3 minutes once)"
  cargo install wasm_split_cli_support --version "$SPLIT_VERSION" --features build-binary --locked
fi

# npm packages (binaryen's wasm-opt, playwright-core, puppeteer-core,
# selenium-webdriver), reinstalled only when package-lock.json changes.
STAMP="$ROOT/node_modules/.portfolio-lock"
if [ ! -f "$STAMP" ] || ! cmp -s "$ROOT/package-lock.json" "$STAMP"; then
  say "Installing npm packages"
  (cd "$ROOT" && npm ci --no-audit --no-fund)
  cp "$ROOT/package-lock.json" "$STAMP"
fi

# Chromium for the e2e tests; poppler-utils' pdftotext reads the printed
# portfolio back; Firefox and WebKit (with an X display) for the smoke suite.
if [ "${1:-}" = "--browser" ]; then
  missing=()
  for pair in chromium:/usr/bin/chromium chromium-driver:/usr/bin/chromedriver \
    poppler-utils:/usr/bin/pdftotext firefox-esr:/usr/bin/firefox-esr \
    webkit2gtk-driver:/usr/bin/WebKitWebDriver xvfb:/usr/bin/xvfb-run; do
    [ -x "${pair#*:}" ] || missing+=("${pair%%:*}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing Debian's ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
  fi
fi
