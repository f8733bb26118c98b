#!/usr/bin/env bash
# Command 1: builds the release app and serves it on http://127.0.0.1:8080/
# (rebuilding on changes). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
# No autoreload: its inline script would break the Content-Security-Policy.
exec trunk serve --release --no-autoreload --address 127.0.0.1 --port "${PORT:-8080}"
