#!/usr/bin/env bash
# Secondary suppression of a 20 x 10 magnitude table with margins and 30 primary cells, five seeds
# (docs/benchmarks.md). Usage: bash bench/disclosure.sh [BUILD_DIR]
set -euo pipefail
build="${1:-build}"
cmake --build "$build" --target bench_disclosure -j2 >/dev/null
for seed in 1 2 3 4 5; do "$build/bench/bench_disclosure" "$seed"; done
