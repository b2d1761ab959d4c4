#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan) into build-fuzz/ and runs each for
# SECONDS (default 60) from its seed corpus. Any crash, leak, sanitizer report, timeout or memory
# blow-up fails the script; the input that caused it is left in build-fuzz/crashes/TARGET/ and
# belongs in a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DANKIETA_WERROR=ON \
  -DANKIETA_FUZZ=ON -DANKIETA_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_csv_reader fuzz_xlsx_reader fuzz_questionnaire fuzz_expression fuzz_report_spec
status=0
for target in csv_reader xlsx_reader questionnaire expression report_spec; do
  work=build-fuzz/corpus/$target crashes=build-fuzz/crashes/$target
  mkdir -p "$work" "$crashes"
  echo "fuzz: $target for ${seconds}s"
  # The seed corpus stays read-only in fuzz/corpus; new inputs go to the build folder's copy.
  if ! build-fuzz/fuzz/fuzz_$target "$work" "fuzz/corpus/$target" -max_total_time="$seconds" \
      -max_len=65536 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$crashes/" -print_final_stats=1 \
      >"build-fuzz/$target.log" 2>&1; then
    echo "fuzz: $target FAILED; last lines of build-fuzz/$target.log:"
    tail -n 40 "build-fuzz/$target.log"
    status=1
  else
    grep -E '^stat::number_of_executed_units' "build-fuzz/$target.log" || true
  fi
done
exit $status
