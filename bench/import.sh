#!/usr/bin/env bash
# Import benchmark (issue 2): `ankieta init` + `ankieta import` against the sqlite3 shell's
# `.import` of the same CSV (which checks nothing), wall time and peak RSS, in the same run.
#
#   bash bench/import.sh
#
# Simulates 1,000,000 respondents of the bundled questionnaire (seed 7); the 100,000 and 300,000
# row files are the first rows of it, to show that memory does not grow with the file. Every run
# starts from fresh databases in $BENCH_DIR (same disk for both tools); the CSV is read once
# beforehand so that both tools read it from the page cache. The order of the two tools alternates
# between repetitions. See bench/common.sh for ANKIETA, BENCH_DIR, LOAD_MAX and LOAD_WAIT.
#
# Environment: SIZES (default "100000 300000 1000000"), REPS (default 3).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SIZES=${SIZES:-100000 300000 1000000}
REPS=${REPS:-3}
need_packages /usr/bin/time:time sqlite3:sqlite3
find_ankieta

Q=$REPO/questionnaires/podlasie-metal/questionnaire.yaml
RESULTS=$BENCH_DIR/import-results.txt
: >"$RESULTS"

machine_report
echo "repetitions: $REPS per size; LOAD_MAX=$LOAD_MAX, LOAD_WAIT=${LOAD_WAIT}s"

max_n=0
for n in $SIZES; do ((n > max_n)) && max_n=$n; done
FULL=$BENCH_DIR/podlasie-$max_n.csv
log "simulating $max_n respondents"
timed "simulate-$max_n" "$ANKIETA" simulate "$Q" --n "$max_n" --seed 7 --out "$FULL"

for n in $SIZES; do
  csv=$BENCH_DIR/podlasie-$n.csv
  [[ $csv == "$FULL" ]] || head -n $((n + 1)) "$FULL" >"$csv"
  cat "$csv" >/dev/null  # into the page cache for both tools
  log "$n rows: $(du -h "$csv" | cut -f1)"
  db=$BENCH_DIR/import-ankieta.db
  db2=$BENCH_DIR/import-sqlite3.db
  for rep in $(seq 1 "$REPS"); do
    run_ankieta() {
      rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
      timed "ankieta-$n" sh -c '"$0" init "$1" --db "$2" >/dev/null && "$0" import "$3" --db "$2"' \
        "$ANKIETA" "$Q" "$db" "$csv"
      local loaded
      loaded=$(sqlite3 "$db" 'SELECT count(*) FROM responses')
      [[ $loaded == "$n" ]] || { log "ankieta loaded $loaded rows, expected $n"; exit 1; }
    }
    run_sqlite3() {
      rm -f "$db2" "$db2-journal"
      timed "sqlite3-$n" sqlite3 "$db2" -cmd '.mode csv' ".import $csv t"
      local loaded
      loaded=$(sqlite3 "$db2" 'SELECT count(*) FROM t')
      [[ $loaded == "$n" ]] || { log "sqlite3 loaded $loaded rows, expected $n"; exit 1; }
    }
    if ((rep % 2)); then run_ankieta; run_sqlite3; else run_sqlite3; run_ankieta; fi
  done
  echo "size-$n $(du -b "$db" | cut -f1) $(du -b "$db2" | cut -f1)" >>"$BENCH_DIR/import-sizes.txt"
  rm -f "$db" "$db-wal" "$db-shm" "$db2"
  [[ $csv == "$FULL" ]] || rm -f "$csv"
done

echo
echo "| rows | ankieta init+import: wall (median) | peak RSS | sqlite3 .import: wall (median) | peak RSS | wall ratio ankieta/sqlite3 | RSS ratio | mean load 1-min |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  read -r aw ar al an < <(summary "ankieta-$n")
  read -r sw sr sl sn < <(summary "sqlite3-$n")
  awk -v n="$n" -v aw="$aw" -v ar="$ar" -v sw="$sw" -v sr="$sr" -v al="$al" -v sl="$sl" -v runs="$an" 'BEGIN {
    printf "| %d | %.2f s | %.1f MiB | %.2f s | %.1f MiB | %.2f | %.1f | %.1f |\n",
      n, aw, ar / 1024, sw, sr / 1024, aw / sw, ar / sr, (al + sl) / 2 }'
done
echo
echo "(median of $REPS runs each; peak RSS is the largest of the runs; raw runs in $RESULTS)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
