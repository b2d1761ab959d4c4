#!/usr/bin/env bash
# Cross-tabulation benchmark (issue 3): `ankieta crosstab` against R survey and GNU PSPP, from the
# data at rest to the printed table, wall time and peak RSS, same data, same run.
#
#   bash bench/crosstab.sh
#
# 1. The big table: 1,000,000 simulated respondents of bench/crosstab-survey.yaml (20 strata,
#    schools as PSUs, unequal weights), row (5 categories) by col (6 categories).
#      ankieta crosstab row --by col --db DB     every cell's total, cell/row/column proportion with
#                                                SE, margins, Rao-Scott F and the other tests
#      Rscript bench/crosstab.R table CSV        fread + svydesign + svyby(~row, ~col, svymean)
#                                                + svychisq(~row + col) (statistic "F")
#      pspp crosstab.sps                         GET DATA + WEIGHT BY w + CROSSTABS (frequency
#                                                weights: no SEs, no design)
#    ankieta reads its database (made once, untimed, by init + import: the time is shown apart);
#    R and PSPP read the CSV. R's own timing of the analysis part (after the CSV is in memory) is
#    reported separately.
# 2. Many small domains: 50,000 rows, the weighted count of every (a, b, c) domain with its SE:
#      ankieta crosstab combo --by grp           400 x 15 = 6,000 cells (combo = a x b), every cell
#                                                with its SEs and letters
#      ankieta freq combo --where "grp == C"     for C = 1..15: the same 6,000 domain totals +- SE
#      Rscript bench/crosstab.R domains CSV      svyby(~one, ~a + b + c, des, svytotal)
#    Before commit 54396ec the 400 x 15 crosstab built dense 6,000 x 6,000 covariance matrices
#    (77 s and 2.4 GiB on a 2-core EPYC); a run that hangs again is stopped after DOMAINS_TIMEOUT
#    seconds.
# Then ankieta's numbers are checked against R's (bench/compare.py, relative 1e-9).
#
# Environment (and those of bench/common.sh): ROWS (default 1000000), DOMAIN_ROWS (50000),
# REPS (ankieta and PSPP runs, default 3), R_REPS (default 1), DOMAINS_TIMEOUT (seconds for one
# ankieta crosstab of the domains case, default 300; 0 = no limit), SKIP_DOMAINS=1.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ROWS=${ROWS:-1000000}
DOMAIN_ROWS=${DOMAIN_ROWS:-50000}
REPS=${REPS:-3}
R_REPS=${R_REPS:-1}
DOMAINS_TIMEOUT=${DOMAINS_TIMEOUT:-300}
need_packages /usr/bin/time:time sqlite3:sqlite3 pspp:pspp Rscript:r-base-core python3:python3
if ! Rscript -e 'quit(status = !(requireNamespace("survey", quietly = TRUE) && requireNamespace("data.table", quietly = TRUE)))' 2>/dev/null; then
  install_debs r-cran-survey r-cran-data.table
fi
find_ankieta

Q=$REPO/bench/crosstab-survey.yaml
RESULTS=$BENCH_DIR/crosstab-results.txt
: >"$RESULTS"
machine_report
echo "R: $(Rscript -e 'cat(R.version.string, "survey", format(packageVersion("survey")), "data.table", format(packageVersion("data.table")))'), $(pspp --version | head -1)"
echo "repetitions: ankieta and PSPP $REPS, R $R_REPS; LOAD_MAX=$LOAD_MAX, LOAD_WAIT=${LOAD_WAIT}s"

# Simulated data; the simulator writes w = N_h / n_h = 20 for everyone, so the weights are made
# unequal here: w * (0.5 .. 1.5 by school) * (0.9 .. 1.1 by respondent), six decimals.
make_data() {  # N SEED -> $BENCH_DIR/crosstab-N.csv and .db
  local n=$1 seed=$2 csv=$BENCH_DIR/crosstab-$1.csv db=$BENCH_DIR/crosstab-$1.db
  "$ANKIETA" simulate "$Q" --n "$n" --seed "$seed" --out "$csv.tmp" 2>/dev/null
  awk -F, -v OFS=, 'NR == 1 { print; next }
    { f = 0.5 + (($3 * 7919) % 1009) / 1009; g = 0.9 + ((NR * 104729) % 997) / 4985
      $4 = sprintf("%.6f", $4 * f * g); print }' "$csv.tmp" >"$csv"
  rm -f "$csv.tmp" "$db" "$db-wal" "$db-shm"
  "$ANKIETA" init "$Q" --db "$db" >/dev/null
  timed "ankieta-import-$n" "$ANKIETA" import "$csv" --db "$db"
  cat "$csv" >/dev/null  # page cache
}

pspp_syntax() {  # CSV ROW COL -> syntax on stdout
  cat <<EOF
GET DATA /TYPE=TXT /FILE='$1' /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2 /DELIMITERS=','
  /VARIABLES=pupil_id A8 region F2.0 school F8.0 w F12.6 row F1.0 col F1.0 combo F3.0 grp F2.0.
WEIGHT BY w.
CROSSTABS /TABLES=$2 BY $3 /CELLS=COUNT COLUMN /STATISTICS=CHISQ.
EOF
}

r_analysis_time() {  # LABEL: appends R's own analysis time of the last run of LABEL
  local t
  t=$(awk '$1 == "R-TIME" && $2 == "analysis" { print $3 }' "$BENCH_DIR/$1.err")
  echo "$1-analysis $t 0 $(load1)" >>"$RESULTS"
}

# ---------------------------------------------------------------------------------------------
log "simulating and importing $ROWS rows (import untimed for the ratio; shown for information)"
make_data "$ROWS" 11
CSV=$BENCH_DIR/crosstab-$ROWS.csv
DB=$BENCH_DIR/crosstab-$ROWS.db
pspp_syntax "$CSV" row col >"$BENCH_DIR/crosstab-table.sps"

# The first analysis after an import also writes ankieta's column cache (docs/storage.md); it is
# timed apart, the repetitions after it read the cache.
timed "ankieta-table-first" "$ANKIETA" crosstab row --by col --db "$DB" --lang en
for rep in $(seq 1 "$REPS"); do
  timed "ankieta-table" "$ANKIETA" crosstab row --by col --db "$DB" --lang en
  timed "pspp-table" pspp "$BENCH_DIR/crosstab-table.sps"
done
for rep in $(seq 1 "$R_REPS"); do
  timed "R-table" Rscript "$REPO/bench/crosstab.R" table "$CSV" "$BENCH_DIR/r-table-values.csv"
  r_analysis_time R-table
done
"$ANKIETA" crosstab row --by col --db "$DB" --format json >"$BENCH_DIR/ankieta-table.json"

# ---------------------------------------------------------------------------------------------
domains_done=0
if [[ ${SKIP_DOMAINS:-0} != 1 ]]; then
  log "many small domains: $DOMAIN_ROWS rows"
  make_data "$DOMAIN_ROWS" 12
  DCSV=$BENCH_DIR/crosstab-$DOMAIN_ROWS.csv
  DDB=$BENCH_DIR/crosstab-$DOMAIN_ROWS.db
  # The same domain totals with their SEs from 15 one-way tables, each a domain of the full design.
  timed "ankieta-domains-freq" bash -c 'for c in $(seq 1 15); do
      "$0" freq combo --where "grp == $c" --db "$1" --format json >"$2/freq-grp-$c.json" || exit 1; done' \
    "$ANKIETA" "$DDB" "$BENCH_DIR"
  limit=()
  ((DOMAINS_TIMEOUT > 0)) && limit=(timeout "$DOMAINS_TIMEOUT")
  # One run with JSON output (used for the comparison) is the timed one: rendering is a small
  # part here, and a second run would double a long wait.
  if timed "ankieta-domains" "${limit[@]}" "$ANKIETA" crosstab combo --by grp --db "$DDB" --format json; then
    cp "$BENCH_DIR/ankieta-domains.out" "$BENCH_DIR/ankieta-domains.json"
    domains_done=1
  else
    log "ankieta crosstab combo --by grp did not finish within ${DOMAINS_TIMEOUT}s"
    echo "ankieta-domains-timeout $DOMAINS_TIMEOUT 0 $(load1)" >>"$RESULTS"
  fi
  pspp_syntax "$DCSV" combo grp >"$BENCH_DIR/crosstab-domains.sps"
  timed "pspp-domains" pspp "$BENCH_DIR/crosstab-domains.sps"
  for rep in $(seq 1 "$R_REPS"); do
    timed "R-domains" Rscript "$REPO/bench/crosstab.R" domains "$DCSV" "$BENCH_DIR/r-domains-values.csv"
    r_analysis_time R-domains
  done
fi

# ---------------------------------------------------------------------------------------------
echo
echo "### Same numbers? (ankieta JSON against R survey, relative tolerance 1e-9)"
echo
echo '```'
python3 "$REPO/bench/compare.py" table "$BENCH_DIR/ankieta-table.json" "$BENCH_DIR/r-table-values.csv" || true
if [[ ${SKIP_DOMAINS:-0} != 1 ]]; then
  python3 "$REPO/bench/compare.py" domains-freq "$BENCH_DIR/r-domains-values.csv" "$BENCH_DIR"/freq-grp-*.json || true
fi
if ((domains_done)); then
  python3 "$REPO/bench/compare.py" domains "$BENCH_DIR/ankieta-domains.json" "$BENCH_DIR/r-domains-values.csv" || true
fi
echo '```'

row() {  # LABEL DESCRIPTION
  read -r w r l n < <(summary "$1")
  awk -v d="$2" -v w="$w" -v r="$r" -v l="$l" -v n="$n" 'BEGIN {
    if (n == 0) { printf "| %s | - | - | - | 0 |\n", d; exit }
    printf "| %s | %.2f s | %s | %.1f | %d |\n", d, w, (r > 0 ? sprintf("%.0f MiB", r / 1024) : "-"), l, n }'
}
wall() { summary "$1" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.3g", a / b }'; }

echo
echo "### $ROWS rows, row (5) x col (6)"
echo
echo "| run | wall (median) | peak RSS | mean load 1-min | runs |"
echo "|---|---:|---:|---:|---:|"
row "ankieta-import-$ROWS" "ankieta init+import of the CSV (once, not part of the ratio)"
row ankieta-table-first "ankieta crosstab, first after the import (writes the column cache)"
row ankieta-table "ankieta crosstab (database at rest to printed table)"
row R-table "R: Rscript fread + svydesign + svyby + svychisq (CSV at rest to printed table)"
row R-table-analysis "R: svydesign + svyby + svychisq only (R's own clock, data in memory)"
row pspp-table "PSPP: GET DATA + WEIGHT + CROSSTABS (CSV at rest to printed table)"
at=$(wall ankieta-table); it=$(wall "ankieta-import-$ROWS")
echo
echo "- R end to end / ankieta crosstab: $(ratio "$(wall R-table)" "$at")x"
echo "- R analysis only / ankieta crosstab (whole command): $(ratio "$(wall R-table-analysis)" "$at")x"
echo "- R end to end / ankieta's first crosstab after the import: $(ratio "$(wall R-table)" "$(wall ankieta-table-first)")x"
echo "- R end to end / (ankieta import + first crosstab, CSV to table): $(ratio "$(wall R-table)" "$(awk -v a="$(wall ankieta-table-first)" -v b="$it" 'BEGIN { print a + b }')")x"
echo "- PSPP / ankieta crosstab: $(ratio "$(wall pspp-table)" "$at")x"

if [[ ${SKIP_DOMAINS:-0} != 1 ]]; then
  echo
  echo "### $DOMAIN_ROWS rows, 6,000 domains (combo 400 x grp 15 = a x b x c)"
  echo
  echo "| run | wall (median) | peak RSS | mean load 1-min | runs |"
  echo "|---|---:|---:|---:|---:|"
  row "ankieta-import-$DOMAIN_ROWS" "ankieta init+import of the CSV (once)"
  if ((domains_done)); then
    row ankieta-domains "ankieta crosstab combo --by grp --format json"
  else
    echo "| ankieta crosstab combo --by grp | > ${DOMAINS_TIMEOUT} s (stopped) | - | $(load1) | 1 |"
  fi
  row ankieta-domains-freq "ankieta freq combo --where \"grp == C\", C = 1..15 (15 runs)"
  row R-domains "R: Rscript fread + svydesign + svyby(~one, ~a+b+c, svytotal)"
  row R-domains-analysis "R: svydesign + svyby only (R's own clock)"
  row pspp-domains "PSPP: CROSSTABS combo BY grp with WEIGHT (counts only)"
  echo
  if ((domains_done)); then
    echo "- R end to end / ankieta crosstab: $(ratio "$(wall R-domains)" "$(wall ankieta-domains)")x"
    echo "- R analysis only / ankieta crosstab: $(ratio "$(wall R-domains-analysis)" "$(wall ankieta-domains)")x"
  else
    echo "- R end to end / ankieta crosstab: below $(ratio "$(wall R-domains)" "$DOMAINS_TIMEOUT")x (ankieta did not finish)"
  fi
  echo "- R end to end / ankieta 15 x freq: $(ratio "$(wall R-domains)" "$(wall ankieta-domains-freq)")x"
  echo "- R analysis only / ankieta 15 x freq: $(ratio "$(wall R-domains-analysis)" "$(wall ankieta-domains-freq)")x"
fi
echo
echo "(raw runs in $RESULTS; outputs in $BENCH_DIR/*.out)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
