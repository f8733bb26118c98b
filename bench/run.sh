#!/usr/bin/env bash
# Prints the benchmark figures: module sizes, bytes before the first screen,
# the offline start and Lighthouse (bench/delivery.mjs), what the main module
# holds (bench/main_module.mjs), the start-up on a
# generated school beside one class (bench/startup.mjs), then timings on a
# generated school (bench/bench.mjs) and photo handling (bench/photos.mjs).
#   bash bench/run.sh [students] [achievements-per-student]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh --browser
trunk build --release
mkdir -p bench/data
cargo run -q --release -p portfolio-core --example gen_school -- "${1:-1000}" "${2:-50}" > bench/data/school.json
cargo run -q --release -p portfolio-core --example gen_school -- 25 "${2:-50}" > bench/data/one-class.json
node bench/delivery.mjs
node bench/main_module.mjs
node bench/startup.mjs
node bench/bench.mjs
node bench/photos.mjs
node bench/exchange.mjs
