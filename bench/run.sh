#!/usr/bin/env bash
# Prints the benchmark figures: asset sizes and timings on a generated school.
#   bash bench/run.sh [students] [achievements-per-student]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh --browser
trunk build --release
mkdir -p bench/data
cargo run -q --release -p portfolio-core --example gen_school -- "${1:-1000}" "${2:-50}" > bench/data/school.json
node bench/bench.mjs
node bench/photos.mjs
