#!/usr/bin/env bash
# Derived variables (issue 12): `ankieta crosstab` whose row and banner are both derived (a
# condition and a band, computed from the stored answers at every run) against the same-sized
# crosstab of two stored variables, same data, same run (the anchor), on ROWS simulated
# respondents of bench/crosstab-survey.yaml with a derived: list appended; and the same stored
# crosstab with two nets (--net), each estimated as its own domain share.
#
# R survey computes the same derived variables and table end to end from the CSV (bench/crosstab.R
# derived), the anchor across tools.
#
#   bash bench/derived.sh            ROWS (default 1000000), REPS (default 3), R_REPS (default 1)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ROWS=${ROWS:-1000000}
REPS=${REPS:-3}
R_REPS=${R_REPS:-1}
need_packages /usr/bin/time:time Rscript:r-base-core
if ! Rscript -e 'quit(status = !(requireNamespace("survey", quietly = TRUE) && requireNamespace("data.table", quietly = TRUE)))' 2>/dev/null; then
  install_debs r-cran-survey r-cran-data.table
fi
find_ankieta
RESULTS=$BENCH_DIR/derived-results.txt
: >"$RESULTS"
machine_report

Q=$BENCH_DIR/derived-survey.yaml
cat "$REPO/bench/crosstab-survey.yaml" - >"$Q" <<'YAML'
derived:
  - id: content
    options:
      - {value: 1, label: {pl: zadowoleni, en: satisfied}, if: "row >= 4 or col >= 5"}
      - {value: 0, label: {pl: pozostali, en: others}, else: true}
  - id: school_band
    bands: school
    breaks: [-inf, 1000, 5000, 20000, 50000, 100000, inf]
YAML
CSV=$BENCH_DIR/derived-$ROWS.csv
DB=$BENCH_DIR/derived-$ROWS.db
log "simulating and importing $ROWS rows (untimed)"
"$ANKIETA" simulate "$Q" --n "$ROWS" --seed 21 --out "$CSV" 2>/dev/null
rm -f "$DB" "$DB-wal" "$DB-shm"
"$ANKIETA" init "$Q" --db "$DB" >/dev/null
"$ANKIETA" import "$CSV" --db "$DB" >/dev/null
"$ANKIETA" crosstab row --by col --db "$DB" >/dev/null  # writes the column cache
for rep in $(seq 1 "$REPS"); do
  timed "stored" "$ANKIETA" crosstab row --by col --db "$DB" --lang en
  timed "derived" "$ANKIETA" crosstab content --by school_band --db "$DB" --lang en
  timed "nets" "$ANKIETA" crosstab row --by col --db "$DB" --lang en --net "low=1,2" --net "high=4,5"
done
for rep in $(seq 1 "$R_REPS"); do
  timed "R" Rscript "$REPO/bench/crosstab.R" derived "$CSV"
done
wall() { summary "$1" | cut -d' ' -f1; }
echo
echo "| run | wall (median) |"
echo "|---|---:|"
echo "| ankieta crosstab row --by col (stored, 5 x 6) | $(wall stored) s |"
echo "| ankieta crosstab content --by school_band (derived condition x derived band, 2 x 6) | $(wall derived) s |"
echo "| ankieta crosstab row --by col --net low=1,2 --net high=4,5 (two nets, each its own 2 x 6 table) | $(wall nets) s |"
echo "| R survey: fread, the two derived variables, svyby(~content, ~school_band, svymean) + svychisq | $(wall R) s |"
echo
awk -v d="$(wall derived)" -v s="$(wall stored)" 'BEGIN { printf "- derived / stored: %.2fx\n", d / s }'
awk -v d="$(wall nets)" -v s="$(wall stored)" 'BEGIN { printf "- two nets / stored: %.2fx\n", d / s }'
awk -v r="$(wall R)" -v d="$(wall derived)" 'BEGIN { printf "- R survey / ankieta (derived table, end to end): %.0fx\n", r / d }'
