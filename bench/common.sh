# Shared helpers of bench/import.sh and bench/crosstab.sh (sourced, not run).
#
# Environment:
#   ANKIETA    the ankieta binary to measure (default: build it in $REPO/build-bench, Release)
#   BENCH_DIR  scratch folder for CSV files and databases (default: /tmp/ankieta-bench); the
#              databases of both tools are written there, so both run on the same disk
#   LOAD_MAX   wait until the 1-minute load average is below this before each timed run (default 2)
#   LOAD_WAIT  ...but wait at most this many seconds (default 120); the load is recorded either way

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ankieta-bench}
LOAD_MAX=${LOAD_MAX:-2}
LOAD_WAIT=${LOAD_WAIT:-120}
mkdir -p "$BENCH_DIR"

log() { printf '%s\n' "$*" >&2; }

# Installs the Debian packages whose commands are missing: need_packages CMD:PACKAGE ...
need_packages() {
  local missing=() pair
  for pair in "$@"; do
    if ! command -v "${pair%%:*}" >/dev/null 2>&1 && [[ ! -x ${pair%%:*} ]]; then missing+=("${pair#*:}"); fi
  done
  ((${#missing[@]} == 0)) || install_debs "${missing[@]}"
}

install_debs() {
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo=sudo
  log "installing: $*"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

# Sets ANKIETA, building the program if it is not given.
find_ankieta() {
  if [[ -z ${ANKIETA:-} ]]; then
    log "building ankieta (Release) in $REPO/build-bench"
    cmake -S "$REPO" -B "$REPO/build-bench" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$REPO/build-bench" -j2 --target ankieta >/dev/null
    ANKIETA=$REPO/build-bench/cli/ankieta
  fi
  [[ -x $ANKIETA ]] || { log "no ankieta binary at $ANKIETA"; exit 1; }
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# Waits (at most LOAD_WAIT seconds) for the 1-minute load average to drop below LOAD_MAX.
wait_for_quiet() {
  local waited=0
  while awk -v l="$(load1)" -v m="$LOAD_MAX" 'BEGIN { exit !(l >= m) }'; do
    ((waited >= LOAD_WAIT)) && break
    sleep 5
    waited=$((waited + 5))
  done
}

machine_report() {
  echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
    "$(free -g | awk '/^Mem:/ { print $2 " GiB RAM" }'), $(uname -sr)"
  echo "disk of $BENCH_DIR: $(df -h --output=source,fstype "$BENCH_DIR" | tail -1 | tr -s ' ')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "versions: $("$ANKIETA" --help 2>&1 | head -1 | cut -d' ' -f1-2)" \
    "at $ANKIETA (source commit $(git -C "$(dirname "$ANKIETA")" rev-parse --short HEAD 2>/dev/null || echo '?')$(
      git -C "$(dirname "$ANKIETA")" diff --quiet HEAD 2>/dev/null || echo ' with uncommitted changes')), sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
}

# Runs a command under GNU time; appends "LABEL WALL_S MAXRSS_KB LOAD1" to $RESULTS.
# Its stdout goes to $BENCH_DIR/LABEL.out, its stderr to $BENCH_DIR/LABEL.err.
timed() {
  local label=$1
  shift
  wait_for_quiet
  local load
  load=$(load1)
  local safe=${label//[^A-Za-z0-9_.-]/_}
  /usr/bin/time -f '%e %M' -o "$BENCH_DIR/$safe.time" "$@" >"$BENCH_DIR/$safe.out" 2>"$BENCH_DIR/$safe.err" || {
    log "FAILED: $label: $*"
    tail -5 "$BENCH_DIR/$safe.err" >&2
    return 1
  }
  local wall rss
  read -r wall rss < <(tail -1 "$BENCH_DIR/$safe.time")
  echo "$label $wall $rss $load" >>"$RESULTS"
  log "  $label: ${wall} s, ${rss} KB peak RSS (load $load)"
}

# Median wall time, max peak RSS and mean load of LABEL's runs in $RESULTS: "WALL RSS LOAD RUNS"
summary() {
  awk -v l="$1" '$1 == l { w[n++] = $2; if ($3 > r) r = $3; s += $4 }
    END { if (!n) { print "- - - 0"; exit }
          for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (w[j] < w[i]) { t = w[i]; w[i] = w[j]; w[j] = t }
          m = (n % 2) ? w[(n - 1) / 2] : (w[n / 2 - 1] + w[n / 2]) / 2
          printf "%.2f %d %.1f %d\n", m, r, s / n, n }' "$RESULTS"
}
