#!/usr/bin/env bash
# The bundled example end to end: installs, builds, then takes the Podlasie needs questionnaire and
# its sample responses through validate → init → import → info, leaving example/podlasie.db.
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
"$ankieta" info --db "$db" --lang en
