# shellcheck shell=bash
# What the bench scripts share (county.sh, hugo.sh, same-output.sh), sourced first by each:
#
#   . "$(dirname "$0")/lib.sh"
#
# It moves to the clone's root (so a script runs from anywhere in the clone) and defines
# functions; it sets no shell options and reads no settings until a script asks.
# The variables it sets (ROOT, BIN, GEN, RUNS, OFFICES, …) are read by the sourcing scripts:
# shellcheck disable=SC2034

# cargo, target/ and bench/hugo-shape.py are found from the clone's root.
cd "$(dirname "$0")/.." || exit
ROOT=$(pwd)

# county_settings: the settings of the cached benchmark county. hugo.sh times the county that
# county.sh makes and keeps (target/county-bench/o20-m60-s1), so the defaults and the cache's
# place are written once and both scripts find the same folder.
county_settings() {
    RUNS=${RUNS:-5}
    OFFICES=${OFFICES:-20}
    MONTHS=${MONTHS:-60}
    SEED=${SEED:-1}
    WORK=${WORK:-$ROOT/target/county-bench}
    SET="$WORK/o${OFFICES}-m${MONTHS}-s${SEED}"
}

# need COMMAND PACKAGE: installs the Debian package when the command is missing, so a fresh
# machine can run a benchmark without a setup step.
need() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "installing $2 ..." >&2
        if [ "$(id -u)" -eq 0 ]; then
            apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null
        else
            sudo apt-get update -qq >/dev/null && sudo apt-get install -y -qq "$2" >/dev/null
        fi
    fi
}

# need_timing_tools: what the timings are taken with: hyperfine (wall time), GNU time (peak
# memory, which hyperfine does not measure) and python3 (the arithmetic on their numbers).
need_timing_tools() {
    need hyperfine hyperfine
    [ -x /usr/bin/time ] || need /usr/bin/time time
    need python3 python3-minimal
}

# build_release [--example NAME]...: builds imaudit and gen-county (and the given examples) in
# release mode, as they are timed, and sets BIN and GEN to them.
build_release() {
    echo "building imaudit and gen-county (release) ..." >&2
    cargo build --release --quiet --bin imaudit --example gen-county "$@"
    BIN="$ROOT/target/release/imaudit"
    GEN="$ROOT/target/release/examples/gen-county"
}

# generate DIR WHAT OFFICES [GEN-COUNTY ARGS...]: writes a county of OFFICES offices × MONTHS
# months (seed SEED) into DIR/records with gen-county, its report in DIR/gen.log. A large
# county takes minutes to make, so it is made once: DIR/.done marks it finished (delete DIR to
# make it again), and an interrupted one is made afresh.
generate() {
    local dir=$1 what=$2 offices=$3
    shift 3
    if [ ! -f "$dir/.done" ]; then
        echo "generating the $what into $dir ..." >&2
        rm -rf "$dir"
        mkdir -p "$dir"
        "$GEN" --offices "$offices" --months "$MONTHS" --seed "$SEED" --out "$dir/records" "$@" 2>"$dir/gen.log"
        touch "$dir/.done"
    fi
}

# entries GEN_LOG -> the number of usage-log entries gen-county reported in its log; the one
# place that knows the wording of gen-county's summary line.
entries() {
    grep -h 'log entries' "$1" | sed 's/.*(\([0-9]*\) log entries).*/\1/'
}

# time_v COMMAND -> GNU time's report (-v) of one run of COMMAND, its output dropped: the peak
# resident memory and the CPU time, which hyperfine's wall times do not give.
time_v() {
    # GNU time's report is on stderr, which goes to the caller; COMMAND's stdout is dropped.
    # shellcheck disable=SC2069
    /usr/bin/time -v bash -c "$1 >/dev/null" 2>&1 >/dev/null || true
}

# peak_memory TIME_V_REPORT -> the peak resident memory, as "N MiB" or "N.NN GiB".
peak_memory() {
    local kib
    kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' <<<"$1")
    python3 -c "k = int('${kib:-0}'); print('%.2f GiB' % (k / 1048576) if k >= 1048576 else '%d MiB' % (k / 1024))"
}

# machine -> "N cores, CPU, N GiB RAM, kernel; date": the numbers depend on the machine, so
# every table says which one, and when.
machine() {
    local cpu
    cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p)
    echo "$(nproc) cores, ${cpu:-unknown CPU}, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC')"
}

# load_average -> the 1, 5 and 15 minute load averages: the numbers depend on what else runs on
# the machine, so they are printed beside them.
load_average() {
    cut -d' ' -f1-3 /proc/loadavg
}
