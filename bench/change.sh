#!/usr/bin/env bash
# Change-between-waves benchmark (issue 11): `ankieta change` against R survey computing the same
# link-design numbers end to end, same data, same run, wall time and peak RSS.
#
#   bash bench/change.sh                 two waves of 1,000,000 firms each, 60% of them in both
#   ROWS=100000 bash bench/change.sh     a smaller size
#
# Data (awk, seeded): 10 strata, each firm its own PSU, weight N_h / n_h with N_h = n_h (2 + h/2),
# fpc N_h; y lognormal, growing about 2% between the waves for continuing firms; c in 1..5, kept
# by 70% of continuing firms. Wave 2 keeps the first 60% of wave 1's firms and adds 40% new ones.
#   ankieta change y c --waves 1,2 --db DB     per-wave estimates of each wave's design, the
#                                              differences of the mean, total and the 5 shares and
#                                              totals with link-design SEs, CIs, t, p, the SEs if
#                                              independent, the firms in both, Rao-Scott F and chi2
#   Rscript bench/change.R W1.csv W2.csv       fread + stack + link columns + postStratify(svydesign)
#                                              + svyglm/svycontrast (mean, 5 shares) + svytotal/
#                                              svycontrast + svychisq(~c + wave)
# ankieta reads its database (init + import of both waves once, untimed for the ratio and shown
# apart); R reads the CSVs. R's own clock of its analysis part is reported too. Then ankieta's
# differences and SEs are checked against R's (relative 1e-9).
#
# CALIBRATED=1: each wave is also post-stratified to its own made-up totals of k, a band of 3
# (a weight set per wave, `ankieta weight --method poststratify --wave N`, untimed like the
# import), R post-stratifying the link design further by wave x k; the SEs then include the
# calibrations.
#
# Environment (and those of bench/common.sh): ROWS (firms per wave, default 1000000), REPS
# (ankieta runs, default 3), R_REPS (default 1), CALIBRATED (default 0).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ROWS=${ROWS:-1000000}
REPS=${REPS:-3}
R_REPS=${R_REPS:-1}
CALIBRATED=${CALIBRATED:-0}
need_packages /usr/bin/time:time Rscript:r-base-core python3:python3
if ! Rscript -e 'quit(status = !(requireNamespace("survey", quietly = TRUE) && requireNamespace("data.table", quietly = TRUE)))' 2>/dev/null; then
  install_debs r-cran-survey r-cran-data.table
fi
find_ankieta

Q=$REPO/bench/change-survey.yaml
RESULTS=$BENCH_DIR/change-results.txt
: >"$RESULTS"
machine_report
echo "R: $(Rscript -e 'cat(R.version.string, "survey", format(packageVersion("survey")), "data.table", format(packageVersion("data.table")))')"
echo "repetitions: ankieta $REPS, R $R_REPS; LOAD_MAX=$LOAD_MAX, LOAD_WAIT=${LOAD_WAIT}s"

W1=$BENCH_DIR/change-$ROWS-w1.csv
W2=$BENCH_DIR/change-$ROWS-w2.csv
DB=$BENCH_DIR/change-$ROWS.db
log "simulating two waves of $ROWS firms"
awk -v n="$ROWS" -v w1="$W1" -v w2="$W2" 'BEGIN {
  srand(11)
  keep = int(0.6 * n); fresh = n - keep
  for (h = 1; h <= 10; h++) { n1[h] = 0; n2[h] = 0 }
  for (i = 1; i <= n; i++) { n1[1 + i % 10]++; if (i <= keep) n2[1 + i % 10]++ }
  for (j = 1; j <= fresh; j++) n2[1 + (n + j) % 10]++
  print "firm_id,stratum,y,c,n_population,w_design,k" > w1
  print "firm_id,stratum,y,c,n_population,w_design,k" > w2
  for (i = 1; i <= n; i++) {
    h = 1 + i % 10; f = 2 + h / 2
    z = sqrt(-2 * log(1 - rand())) * cos(6.283185307179586 * rand())
    y = sprintf("%.2f", exp(2.5 + 0.8 * z + 0.05 * h))
    c = 1 + int(5 * rand())
    printf "F%d,%d,%s,%d,%d,%.17g,%d\n", i, h, y, c, n1[h] * f, n1[h] * f / n1[h], 1 + (7 * i) % 3 > w1
    if (i <= keep) {
      y2 = sprintf("%.2f", y * exp(0.02 + 0.1 * (rand() - 0.5)))
      c2 = rand() < 0.7 ? c : 1 + int(5 * rand())
      printf "F%d,%d,%s,%d,%d,%.17g,%d\n", i, h, y2, c2, n2[h] * f, n2[h] * f / n2[h], 1 + (7 * i) % 3 > w2
    }
  }
  for (j = 1; j <= fresh; j++) {
    i = n + j; h = 1 + i % 10; f = 2 + h / 2
    z = sqrt(-2 * log(1 - rand())) * cos(6.283185307179586 * rand())
    printf "F%d,%d,%.2f,%d,%d,%.17g,%d\n", i, h, exp(2.55 + 0.8 * z + 0.05 * h), 1 + int(5 * rand()), n2[h] * f, n2[h] * f / n2[h], 1 + (7 * i) % 3 > w2
  }
}'
rm -f "$DB" "$DB-wal" "$DB-shm"
"$ANKIETA" init "$Q" --db "$DB" >/dev/null
timed "ankieta-import" bash -c '"$0" import "$1" --wave 1 --db "$3" && "$0" import "$2" --wave 2 --db "$3"' "$ANKIETA" "$W1" "$W2" "$DB"
cat "$W1" "$W2" >/dev/null  # page cache
R_FRAMES=()
if [ "$CALIBRATED" = 1 ]; then
  # Totals of k (3 bands, a third of the firms each) per wave: the wave's population (its
  # weights' sum) split 45/35/20% in wave 1 and 40/35/25% in wave 2.
  for wave in 1 2; do
    file=$([ "$wave" = 1 ] && echo "$W1" || echo "$W2")
    shares=$([ "$wave" = 1 ] && echo "0.45 0.35" || echo "0.4 0.35")
    awk -F, -v shares="$shares" 'NR > 1 { total += $6 } END {
      split(shares, share, " "); print "k,population"; left = total
      for (k = 1; k <= 2; k++) { v = int(total * share[k] + 0.5); left -= v; printf "%d,%d\n", k, v }
      printf "3,%.10g\n", left }' "$file" >"$BENCH_DIR/change-k-frame-w$wave.csv"
    "$ANKIETA" weight --frame "$BENCH_DIR/change-k-frame-w$wave.csv" --method poststratify --name "k$wave" --wave "$wave" --db "$DB" >/dev/null
    R_FRAMES+=("$BENCH_DIR/change-k-frame-w$wave.csv")
  done
fi

timed "ankieta-change-first" "$ANKIETA" change y c --waves 1,2 --db "$DB" --lang en
for rep in $(seq 1 "$REPS"); do
  timed "ankieta-change" "$ANKIETA" change y c --waves 1,2 --db "$DB" --lang en
done
for rep in $(seq 1 "$REPS"); do
  timed "ankieta-by-wave" "$ANKIETA" crosstab c --by wave --db "$DB" --lang en
done
for rep in $(seq 1 "$REPS"); do
  timed "ankieta-pooled" "$ANKIETA" means y --wave 1,2 --db "$DB" --lang en
done
"$ANKIETA" change y c --waves 1,2 --db "$DB" --format json >"$BENCH_DIR/ankieta-change.json"
"$ANKIETA" means y --wave 1,2 --db "$DB" --format json >"$BENCH_DIR/ankieta-pooled.json"
for rep in $(seq 1 "$R_REPS"); do
  timed "R-change" Rscript "$REPO/bench/change.R" "$W1" "$W2" "$BENCH_DIR/r-change-values.csv" "${R_FRAMES[@]}"
  t=$(awk '$1 == "R-TIME" && $2 == "analysis" { print $3 }' "$BENCH_DIR/R-change.err")
  d=$(awk '$1 == "R-TIME" && $2 == "design" { print $3 }' "$BENCH_DIR/R-change.err")
  echo "R-change-analysis $(awk -v a="$t" -v b="$d" 'BEGIN { print a + b }') 0 $(load1)" >>"$RESULTS"
done

echo
echo "### Same numbers? (ankieta JSON against R survey, relative tolerance 1e-9)"
echo
echo '```'
python3 - "$BENCH_DIR/ankieta-change.json" "$BENCH_DIR/r-change-values.csv" "$BENCH_DIR/ankieta-pooled.json" <<'PY' || true
import csv, json, sys
tables = json.load(open(sys.argv[1]))
r = {row["name"]: row for row in csv.DictReader(open(sys.argv[2]))}
def diff(table, statistic, value):
    for row in table["rows"]:
        if row["statistic"] == statistic and (row["value"] == value):
            return row["differences"][0]
got = {"mean": diff(tables[0], "mean", None), "total": diff(tables[0], "total", None)}
for k in range(1, 6):
    got[f"prop_{k}"] = diff(tables[1], "prop", str(k))
worst, n = 0.0, 0
for name, d in got.items():
    for key in ("estimate", "se"):
        want = float(r[name][key]); rel = abs(d[key] - want) / abs(want); worst = max(worst, rel); n += 1
pooled = json.load(open(sys.argv[3]))["rows"][0]
got["pooled_mean"] = {"estimate": pooled["mean"], "se": pooled["mean_se"]}
for key in ("estimate", "se"):
    want = float(r["pooled_mean"][key]); worst = max(worst, abs(got["pooled_mean"][key] - want) / abs(want)); n += 1
f = [t for t in tables[1]["tests"] if t["name"] == "rao-scott-f"][0]
want = float(r["rao_scott_f"]["estimate"]); worst = max(worst, abs(f["statistic"] - want) / abs(want)); n += 1
print(f"{n} values (7 differences and SEs, the pooled mean and SE, Rao-Scott F): largest relative difference {worst:.2e}",
      "OK" if worst < 1e-9 else "DIFFERENT")
PY
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
echo "### two waves of $ROWS firms, 60% in both: y (numeric) and c (5 categories)$([ "$CALIBRATED" = 1 ] && echo ", each wave post-stratified to its totals of k")"
echo
echo "| run | wall (median) | peak RSS | mean load 1-min | runs |"
echo "|---|---:|---:|---:|---:|"
row ankieta-import "ankieta import of both waves (once, not part of the ratio)"
row ankieta-change-first "ankieta change, first after the imports (writes the column cache)"
row ankieta-change "ankieta change y c --waves 1,2 (database at rest to printed tables)"
row ankieta-by-wave "ankieta crosstab c --by wave (the same link design, laid out as a banner)"
row ankieta-pooled "ankieta means y --wave 1,2 (both waves pooled on the link design)"
row R-change "R: Rscript fread + link columns + postStratify(svydesign) + svyglm/svycontrast + svytotal + svychisq"
row R-change-analysis "R: link columns + design + analysis only (R's own clock, data in memory)"
echo
echo "- R end to end / ankieta change: $(ratio "$(wall R-change)" "$(wall ankieta-change)")x"
echo "- R end to end / ankieta's first change after the imports: $(ratio "$(wall R-change)" "$(wall ankieta-change-first)")x"
echo "- R analysis only / ankieta change (whole command): $(ratio "$(wall R-change-analysis)" "$(wall ankieta-change)")x"
echo "- R end to end / ankieta crosstab c --by wave: $(ratio "$(wall R-change)" "$(wall ankieta-by-wave)")x"
echo "- R end to end (which includes the pooled svymean) / ankieta means y --wave 1,2: $(ratio "$(wall R-change)" "$(wall ankieta-pooled)")x"
echo
echo "(raw runs in $RESULTS; outputs in $BENCH_DIR/*.out)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
