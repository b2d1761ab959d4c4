#!/usr/bin/env bash
# Workbook import benchmark (issue 13): `ankieta import FILE.xlsx` against `ankieta import` of the
# same data as plain CSV, in the same run: wall time and peak RSS.
#
#   bash bench/import-workbook.sh
#
# Simulates ROWS respondents of the bundled questionnaire (seed 7) and writes them as a workbook
# with python3-openpyxl (numbers as number cells, text as shared strings, as Excel stores a typed
# sheet). Each run imports into a fresh database in $BENCH_DIR; the order of the two alternates
# between repetitions. See bench/common.sh for ANKIETA, BENCH_DIR, LOAD_MAX and LOAD_WAIT.
#
# Environment: ROWS (default 100000), REPS (default 3).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ROWS=${ROWS:-100000}
REPS=${REPS:-3}
need_packages /usr/bin/time:time sqlite3:sqlite3 /usr/bin/python3:python3
# Debian's python (a python3 earlier in PATH may not see Debian's modules).
/usr/bin/python3 -c 'import openpyxl' 2>/dev/null || install_debs python3-openpyxl
find_ankieta

Q=$REPO/questionnaires/podlasie-metal/questionnaire.yaml
RESULTS=$BENCH_DIR/import-workbook-results.txt
: >"$RESULTS"
machine_report
echo "repetitions: $REPS; LOAD_MAX=$LOAD_MAX, LOAD_WAIT=${LOAD_WAIT}s"

CSV=$BENCH_DIR/podlasie-$ROWS.csv
XLSX=$BENCH_DIR/podlasie-$ROWS.xlsx
log "simulating $ROWS respondents"
"$ANKIETA" simulate "$Q" --n "$ROWS" --seed 7 --out "$CSV"
log "writing the workbook"
/usr/bin/python3 - "$CSV" "$XLSX" <<'PY'
import csv, sys
from openpyxl import Workbook
source, target = sys.argv[1], sys.argv[2]
book = Workbook(write_only=True)
sheet = book.create_sheet("Dane")
def cell(text):
    if text == "":
        return None
    try:
        number = float(text)
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    except ValueError:
        return text
with open(source, newline="", encoding="utf-8") as handle:
    for idx, record in enumerate(csv.reader(handle)):
        sheet.append(record if idx == 0 else [cell(field) for field in record])
book.save(target)
PY
log "$ROWS rows: CSV $(du -h "$CSV" | cut -f1), workbook $(du -h "$XLSX" | cut -f1)"
cat "$CSV" "$XLSX" >/dev/null

db=$BENCH_DIR/import-workbook.db
run_one() {
  local label=$1 file=$2
  rm -f "$db" "$db-wal" "$db-shm"
  "$ANKIETA" init "$Q" --db "$db" >/dev/null
  timed "$label" "$ANKIETA" import "$file" --db "$db"
  local loaded
  loaded=$(sqlite3 "$db" 'SELECT count(*) FROM responses')
  [[ $loaded == "$ROWS" ]] || { log "$label loaded $loaded rows, expected $ROWS"; exit 1; }
}
for rep in $(seq 1 "$REPS"); do
  if ((rep % 2)); then run_one csv "$CSV"; run_one xlsx "$XLSX"; else run_one xlsx "$XLSX"; run_one csv "$CSV"; fi
done
rm -f "$db" "$db-wal" "$db-shm"

echo
echo "| rows | import of the CSV: wall (median) | peak RSS | import of the workbook: wall (median) | peak RSS | wall ratio workbook/CSV | RSS ratio |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
read -r cw cr _ _ < <(summary csv)
read -r xw xr _ _ < <(summary xlsx)
awk -v n="$ROWS" -v cw="$cw" -v cr="$cr" -v xw="$xw" -v xr="$xr" 'BEGIN {
  printf "| %d | %.2f s | %.1f MiB | %.2f s | %.1f MiB | %.2f | %.2f |\n", n, cw, cr / 1024, xw, xr / 1024, xw / cw, xr / cr }'
echo
echo "(median of $REPS runs each; raw runs in $RESULTS)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
