#!/usr/bin/env bash
# The bundled example end to end: installs, builds, then takes the Podlasie needs questionnaire and
# its two waves of sample responses through validate → init → import → weight → amend → import of
# wave 2 → weight → info → tables → change → report, leaving example/podlasie.db, the tables in
# example/tables.txt and the report (with its "change since wave 1" section) in example/report.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
ankieta=build/cli/ankieta
questionnaire=questionnaires/podlasie-metal/questionnaire.yaml
mkdir -p example
db=example/podlasie.db
rm -f "$db" "$db-wal" "$db-shm"
set -x
"$ankieta" validate "$questionnaire"
"$ankieta" init "$questionnaire" --db "$db"
"$ankieta" import data/sample.csv --db "$db"
# The broker's Excel copy of the first 50 questionnaires (';', decimal comma, Windows-1250):
# the same firms, so their rows are replaced by identical ones.
"$ankieta" import data/sample-excel-cp1250.csv --encoding cp1250 --on-duplicate replace --db "$db"
# Weight the sample to the population of firms (size class x subregion, data/frame.csv).
"$ankieta" weight --frame data/frame.csv --method poststratify --name frame --db "$db"
# Wave 2, a year on: the definition gains the effects-monitoring module (asked from wave 2), the
# same firms are asked again where they answer, new firms join; the frame has changed.
"$ankieta" amend questionnaires/podlasie-metal/questionnaire-v2.yaml --db "$db"
"$ankieta" import data/sample-wave2.csv --wave 2 --db "$db"
"$ankieta" weight --frame data/frame-wave2.csv --method poststratify --name frame-wave2 --wave 2 --db "$db"
"$ankieta" info --db "$db" --lang en
{
  # Tables of one wave: the latest (wave 2) unless --wave says otherwise; each says which.
  "$ankieta" freq size_class q04_exporter q12_prod_innov_types q26_cluster_benefits --wave 1 --db "$db" --lang en
  "$ankieta" crosstab q18_staff_shortage --by size_class,subregion --db "$db" --lang en
  "$ankieta" crosstab q19_professions --by size_class --db "$db" --lang en
  "$ankieta" means q01_employees q07_financial --by size_class --db "$db" --lang en
  "$ankieta" freq q33_cluster_member q35_school_cooperation --db "$db" --lang en
  "$ankieta" means q38_cluster_events --by q33_cluster_member --db "$db" --lang en
  # Change between the waves, the SE accounting for the firms seen in both.
  "$ankieta" change q21_trainings q24_info_exchange q20_cooperation --waves 1,2 --db "$db" --lang en
  "$ankieta" crosstab q18_staff_shortage --by wave --db "$db" --lang en
} | tee example/tables.txt
# The needs-identification report: one self-contained HTML file (and the same in XLSX).
"$ankieta" report questionnaires/podlasie-metal/report.yaml --db "$db" --out example/report.html
"$ankieta" report questionnaires/podlasie-metal/report.yaml --db "$db" --out example/report.xlsx
# The workbook for typing the next wave's paper questionnaires (drop-down lists, range checks).
"$ankieta" form questionnaires/podlasie-metal/questionnaire-v2.yaml --out example/wpisywanie.xlsx
