#!/usr/bin/env bash
# County-scale benchmark (issue 6): generates the benchmark county once (20 offices × 60 months,
# about a million usage-log entries; cached under target/county-bench/), then measures with
# hyperfine the median wall time, and with /usr/bin/time -v the peak memory, of
#
#   check (no git) · build into an empty folder · build again with nothing changed ·
#   build after one log file changed · history of one file (over the --git history, as
#   generated with every object loose and as a fresh clone packs it)
#
# and the whole history index (examples/history-bench.rs --repo) beside git log --name-status,
# and serve's rebuild after one log is saved (examples/serve-rebuild.rs),
# and prints a Markdown table with the machine and the date. Run from anywhere in the clone:
#
#   bench/county.sh              # 5 runs each
#   RUNS=10 bench/county.sh
#   OFFICES=4 MONTHS=12 bench/county.sh   # a smaller county, for a quick look
#   BIG_OFFICES=0 bench/county.sh          # without the 100-office check (issue 12, below)
#
# Installs hyperfine (Debian package `hyperfine`) and GNU time (`time`) with apt-get when they
# are missing. Numbers depend on the machine and on what else runs on it: the load average is
# printed beside them.
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
county_settings

need_timing_tools
need git git

build_release --example history-bench --example serve-rebuild
HISTORY_BENCH="$ROOT/target/release/examples/history-bench"
SERVE_REBUILD="$ROOT/target/release/examples/serve-rebuild"

# The data sets: the same county twice, plain files for check and build, and as a git history
# for the history index. Made once; delete $WORK to make them again.
generate "$SET/plain" "county (plain)" "$OFFICES"
generate "$SET/git" "county (git history)" "$OFFICES" --git
# The same history as a fresh clone gives it (objects packed, as CI and every office's clone
# have them); the generated repository keeps every object loose.
if [ ! -f "$SET/clone/.done" ]; then
    rm -rf "$SET/clone"
    git clone -q --no-local "$SET/git/records" "$SET/clone/records"
    touch "$SET/clone/.done"
fi
# Issue 12: check reads the county office by office, so its peak memory is set by the largest
# office and not by the county. The same shape with BIG_OFFICES offices (default 100, about
# 1.9 GB; 0 leaves it out) is checked beside the county above.
BIG_OFFICES=${BIG_OFFICES:-100}
BIG="$WORK/o${BIG_OFFICES}-m${MONTHS}-s${SEED}/plain"
if [ "$BIG_OFFICES" -gt 0 ]; then
    generate "$BIG" "county of $BIG_OFFICES offices (plain)" "$BIG_OFFICES"
fi
RECORDS="$SET/plain/records"
SITE="$SET/site"
SCRATCH="$SET/scratch"
mkdir -p "$SCRATCH"
# The records that the "one log changed" case edits: a copy, so the cached set stays as made.
EDITED="$SET/edited/records"
rm -rf "$SET/edited"
mkdir -p "$SET/edited"
cp -r "$RECORDS" "$EDITED"
ONE_LOG=$(cd "$EDITED" && find offices -path '*/logs/*' -name '*.toml' | sort | sed -n 1p)
HISTORY_FILE=$(cd "$SET/git/records" && find offices -path '*/logs/*' -name '*.toml' | sort | sed -n 10p)
ENTRIES=$(entries "$SET/plain/gen.log")
COMMITS=$(git -C "$SET/git/records" rev-list --count HEAD)
MAINLINE=$(git -C "$SET/git/records" rev-list --count --first-parent HEAD)

# One run of each case, as hyperfine runs it: "name|prepare|command".
CASES=(
    "check (no git)||$BIN check --records $RECORDS --format json"
    "build into an empty folder|rm -rf $SCRATCH/cold|$BIN build --records $RECORDS --out $SCRATCH/cold"
    "build again, nothing changed||$BIN build --records $RECORDS --out $SITE"
    "build after one log file changed|sed -i '0,/^purpose = \"/s//purpose = \"X/' $EDITED/$ONE_LOG|$BIN build --records $EDITED --out $SITE-edited"
    "history of one file ($MAINLINE merges, $COMMITS commits)||$BIN history --records $SET/git/records $SET/git/records/$HISTORY_FILE"
    "git log --name-status (same repository, for reference)||git -C $SET/git/records log --name-status"
    "history of one file, fresh clone (packed objects)||$BIN history --records $SET/clone/records $SET/clone/records/$HISTORY_FILE"
    "git log --name-status, fresh clone (for reference)||git -C $SET/clone/records log --name-status"
)

if [ "$BIG_OFFICES" -gt 0 ]; then
    CASES+=("check (no git), $BIG_OFFICES offices||$BIN check --records $BIG/records --format json")
fi

# The sites the rebuild cases start from.
"$BIN" build --records "$RECORDS" --out "$SITE" >/dev/null || true
"$BIN" build --records "$EDITED" --out "$SITE-edited" >/dev/null || true

median() { # median JSON -> seconds
    python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}

ROWS=()
for case in "${CASES[@]}"; do
    IFS='|' read -r name prepare command <<<"$case"
    echo "measuring: $name" >&2
    json="$SCRATCH/hyperfine.json"
    args=(--runs "$RUNS" --warmup 1 --ignore-failure --export-json "$json" --style none)
    if [ -n "$prepare" ]; then
        args+=(--prepare "$prepare")
    fi
    hyperfine "${args[@]}" "$command >/dev/null" >/dev/null
    wall=$(median "$json")
    # Peak memory of one more run, prepared the same way.
    if [ -n "$prepare" ]; then
        bash -c "$prepare"
    fi
    timed=$(time_v "$command")
    user=$(sed -n 's/.*User time (seconds): //p' <<<"$timed")
    sys=$(sed -n 's/.*System time (seconds): //p' <<<"$timed")
    peak=$(peak_memory "$timed")
    cpu=$(python3 -c "print('%.1f s' % (float('${user:-0}') + float('${sys:-0}')))")
    ROWS+=("| $name | ${wall} s | $cpu | $peak |")
done

# Files the nothing-changed build wrote (none, if every file was kept).
touch "$SCRATCH/stamp"
sleep 1
"$BIN" build --records "$RECORDS" --out "$SITE" >/dev/null || true
REWRITTEN=$(find "$SITE" -type f -newer "$SCRATCH/stamp" | wc -l)
PAGES=$(find "$SITE" -type f -name '*.html' | wc -l)
SIZE=$(du -sh "$SITE" | cut -f1)

echo
echo "County: $OFFICES offices × $MONTHS months, $ENTRIES usage-log entries, $(find "$RECORDS" -type f | wc -l) files ($(du -sh "$RECORDS" | cut -f1)); site: $PAGES pages, $SIZE."
echo "Machine: $(machine); load average before: $(load_average)."
echo "Median wall time of $RUNS runs (hyperfine); CPU time (user + system, all threads) and peak resident memory of one more run (/usr/bin/time -v)."
echo
echo "| what | median wall time | CPU time | peak memory |"
echo "| --- | --- | --- | --- |"
printf '%s\n' "${ROWS[@]}"
echo
echo "The whole history index (what check and build read with git; in-process, median of 5, beside git log):"
echo "- generated repository (loose objects): $("$HISTORY_BENCH" --repo "$SET/git/records")"
echo "- fresh clone (packed objects): $("$HISTORY_BENCH" --repo "$SET/clone/records")"
echo
echo "serve (examples/serve-rebuild.rs: serve::rebuild in-process, the watcher's 300 ms poll + 300 ms quiet period not counted):"
rm -rf "$SET/served"
mkdir -p "$SET/served"
cp -r "$RECORDS" "$SET/served/records"
echo "- $("$SERVE_REBUILD" "$SET/served/records" "$SET/served/site" "$RUNS")"
rm -rf "$SET/served"
echo
echo "Files rewritten by a build with nothing changed: $REWRITTEN of $(find "$SITE" -type f | wc -l)."
