#!/usr/bin/env bash
# `ankieta amend` (issue 11): upgrading the definition of a database of ROWS respondents of the
# bundled questionnaire (70 stored variables) to a version with a new question asked from wave 2
# and a derived variable. The check reads every stored answer once (which codes and columns hold
# answers); the anchor, measured in the same run, is the sqlite3 shell doing that same pass (a
# count of every column per wave) plus the ALTER TABLE that adds the new column.
#
#   bash bench/amend.sh            ROWS (default 1000000), REPS (default 3)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ROWS=${ROWS:-1000000}
REPS=${REPS:-3}
need_packages /usr/bin/time:time sqlite3
find_ankieta
RESULTS=$BENCH_DIR/amend-results.txt
: >"$RESULTS"
machine_report

Q=$REPO/questionnaires/podlasie-metal/questionnaire.yaml
NEXT=$BENCH_DIR/amend-next.yaml
# Version 2: the cluster-membership question, asked from wave 2, and a derived SME flag.
sed 's/^version: 1$/version: 2/' "$Q" | awk '
  /^  # Sampling variables/ && !done {
    print "  - id: effects"
    print "    title: {pl: \"Efekty klastra\", en: \"Effects of the cluster\"}"
    print "    questions:"
    print "      - id: e01_member"
    print "        type: single"
    print "        waves: 2+"
    print "        text: {pl: \"Czy firma uczestniczy w klastrze?\", en: \"Does the firm take part in the cluster?\"}"
    print "        options: [{value: 1, label: {pl: tak, en: \"yes\"}}, {value: 2, label: {pl: nie, en: \"no\"}}]"
    print ""
    done = 1
  }
  { print }
  END {
    print "derived:"
    print "  - id: sme"
    print "    recode: size_class"
    print "    options:"
    print "      - {value: 1, label: {pl: MŚP, en: SME}, from: [1, 2, 3]}"
    print "      - {value: 2, label: {pl: duże, en: large}, from: 4}"
  }' >"$NEXT"
"$ANKIETA" validate "$NEXT" >/dev/null

CSV=$BENCH_DIR/amend-$ROWS.csv
DB=$BENCH_DIR/amend-$ROWS.db
COPY=$BENCH_DIR/amend-copy.db
log "simulating and importing $ROWS rows (untimed)"
"$ANKIETA" simulate "$Q" --n "$ROWS" --seed 31 --out "$CSV" 2>/dev/null
rm -f "$DB" "$DB-wal" "$DB-shm"
"$ANKIETA" init "$Q" --db "$DB" >/dev/null 2>&1
"$ANKIETA" import "$CSV" --db "$DB" >/dev/null 2>&1

COUNTS=$(sqlite3 "$DB" "SELECT group_concat('count(\"' || name || '\")', ', ') FROM variables")
fresh_copy() { rm -f "$COPY" "$COPY-wal" "$COPY-shm"; sqlite3 "$DB" ".backup '$COPY'"; }
for rep in $(seq 1 "$REPS"); do
  fresh_copy
  timed "sqlite3" sqlite3 "$COPY" "SELECT _wave, $COUNTS FROM responses GROUP BY _wave; ALTER TABLE responses ADD COLUMN e01_member INTEGER;"
  fresh_copy
  timed "amend" "$ANKIETA" amend "$NEXT" --db "$COPY"
done
grep -q "amended to definition 2" "$BENCH_DIR/amend.err" || { log "amend did not amend"; exit 1; }
wall() { summary "$1" | cut -d' ' -f1; }
rss() { summary "$1" | cut -d' ' -f2; }
echo
echo "| run | wall (median) | peak RSS |"
echo "|---|---:|---:|"
echo "| sqlite3: one count pass over 70 columns + ALTER TABLE ADD COLUMN | $(wall sqlite3) s | $(rss sqlite3) KB |"
echo "| ankieta amend (new question from wave 2, derived variable) | $(wall amend) s | $(rss amend) KB |"
echo
awk -v a="$(wall amend)" -v s="$(wall sqlite3)" 'BEGIN { printf "- amend / sqlite3 shell: %.2fx\n", a / s }'
rm -f "$COPY" "$COPY-wal" "$COPY-shm"
