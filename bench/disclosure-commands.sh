#!/usr/bin/env bash
# Disclosure control in the commands (issue 14): `crosstab --protect` (the threshold rule on every
# cell and margin, secondary suppression audited by GLPK) and `means --protect` (every rule on the
# weighted contributions behind each group's total, sorted per cell) against the same commands
# without it, same data, same run (the anchor), on ROWS simulated respondents of
# bench/crosstab-survey.yaml. With --holding school the firms of a school count as one contributor.
# The region x col crosstab (20 x 6) has small cells at this size only when ROWS is small; SMALL_ROWS
# (default 3000) runs the same pair on a sample that has them, so that the secondary pass works.
#
#   bash bench/disclosure-commands.sh        ROWS (default 1000000), SMALL_ROWS, REPS (default 3)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ROWS=${ROWS:-1000000}
SMALL_ROWS=${SMALL_ROWS:-3000}
REPS=${REPS:-3}
need_packages /usr/bin/time:time
find_ankieta
RESULTS=$BENCH_DIR/disclosure-commands-results.txt
: >"$RESULTS"
machine_report

Q=$REPO/bench/crosstab-survey.yaml
prepare() {
  local rows=$1 db=$BENCH_DIR/disclosure-$1.db csv=$BENCH_DIR/disclosure-$1.csv
  log "simulating and importing $rows rows (untimed)"
  "$ANKIETA" simulate "$Q" --n "$rows" --seed 14 --out "$csv" 2>/dev/null
  rm -f "$db" "$db-wal" "$db-shm"
  "$ANKIETA" init "$Q" --db "$db" >/dev/null
  "$ANKIETA" import "$csv" --db "$db" >/dev/null
  "$ANKIETA" crosstab region --by col --db "$db" >/dev/null  # writes the column cache
  "$ANKIETA" means school --by col --db "$db" >/dev/null
}
prepare "$ROWS"
prepare "$SMALL_ROWS"
BIG=$BENCH_DIR/disclosure-$ROWS.db
SMALL=$BENCH_DIR/disclosure-$SMALL_ROWS.db
for rep in $(seq 1 "$REPS"); do
  timed "crosstab" "$ANKIETA" crosstab region --by col --db "$BIG" --lang en
  timed "crosstab-protect" "$ANKIETA" crosstab region --by col --db "$BIG" --lang en --protect
  timed "crosstab-holding" "$ANKIETA" crosstab region --by col --db "$BIG" --lang en --holding school
  timed "means" "$ANKIETA" means school --by col --db "$BIG" --lang en
  timed "means-protect" "$ANKIETA" means school --by col --db "$BIG" --lang en --protect --reliability
  timed "small-crosstab" "$ANKIETA" crosstab region --by col --db "$SMALL" --lang en
  timed "small-crosstab-protect" "$ANKIETA" crosstab region --by col --db "$SMALL" --lang en --protect
done
withheld() { grep -o '# withheld: .*' "$BENCH_DIR/$1.out" | head -1; }
wall() { summary "$1" | cut -d' ' -f1; }
rss() { summary "$1" | awk '{ printf "%.0f", $2 / 1024 }'; }
echo
echo "| run | wall (median) | peak RSS | withheld |"
echo "|---|---:|---:|---|"
for label in crosstab crosstab-protect crosstab-holding means means-protect small-crosstab small-crosstab-protect; do
  echo "| $label | $(wall "$label") s | $(rss "$label") MB | $(withheld "$label") |"
done
echo
awk -v a="$(wall crosstab-protect)" -v b="$(wall crosstab)" -v c="$(wall crosstab-holding)" -v d="$(wall means-protect)" \
    -v e="$(wall means)" -v f="$(wall small-crosstab-protect)" -v g="$(wall small-crosstab)" 'BEGIN {
  printf "- crosstab --protect / crosstab: %.2fx (%d rows)\n", a / b, '"$ROWS"'
  printf "- crosstab --holding school / crosstab: %.2fx\n", c / b
  printf "- means --protect --reliability / means: %.2fx\n", d / e
  printf "- crosstab --protect / crosstab on %d rows (small cells, secondary suppression at work): %.2fx\n", '"$SMALL_ROWS"', f / g }'
