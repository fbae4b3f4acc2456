#!/usr/bin/env bash
# imaudit's cold build beside Hugo's on a site of the same shape (issue 12's target: Hugo 0.111's
# time ÷ imaudit's ≥ 5× on the 20-office county). Steps:
#
#   1. generates the benchmark county once, cached where bench/county.sh keeps it
#      (target/county-bench/o20-m60-s1/plain/records; the two scripts share it);
#   2. builds imaudit's site once, and writes from it a Hugo project of the same shape with
#      bench/hugo-shape.py: one content page per imaudit page, each table's rows as data that a
#      table partial writes, the rest of the page's text as Markdown, a minimal theme (a base
#      template with header, breadcrumbs and footer; a table partial) and the non-page files
#      (style sheet, JSON, ICS, CSV) as static files;
#   3. times, alternating, RUNS rounds of `imaudit build --records R --out OUT` and
#      `hugo --quiet -s HUGO -d OUT`, each into an empty folder (hyperfine, one run per round,
#      after one untimed round of each), and one more run of each under /usr/bin/time -v for the
#      peak memory; prints the medians, the ratio, and the pages, files and bytes of both outputs.
#
#   bench/hugo.sh                        # 5 rounds
#   RUNS=10 bench/hugo.sh
#   OFFICES=4 MONTHS=12 bench/hugo.sh    # a smaller county, for a quick look
#
# Needs hugo (Debian's package `hugo`, 0.111.3 on bookworm: `apt-get install -y hugo`), hyperfine,
# GNU time and python3. Numbers depend on what else runs on the machine: the load average is
# printed beside them.
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
county_settings

# Hugo is not installed for the reader: it is a comparison, not a dependency of the tool.
if ! command -v hugo >/dev/null 2>&1; then
    echo "hugo is missing: install Debian's package with \`apt-get install -y hugo\` (0.111.3, the version issue 12 names), then run $0 again" >&2
    exit 1
fi
HUGO_VERSION=$(hugo version | sed -n 's/^hugo v\([0-9.]*\).*/\1/p')
case "$HUGO_VERSION" in
0.111.*) ;;
*) echo "note: hugo $HUGO_VERSION, issue 12's target names 0.111" >&2 ;;
esac

need_timing_tools

# shellcheck disable=SC2119 # no examples beside gen-county
build_release

# 1. The county, as bench/county.sh makes it (made once; delete $SET/plain to make it again).
generate "$SET/plain" "county (plain)" "$OFFICES"
RECORDS="$SET/plain/records"
BENCH="$SET/hugo"
SHAPE="$BENCH/imaudit-site" # imaudit's site, read for its shape
PROJECT="$BENCH/project"    # the Hugo project of the same shape
OUT_IMAUDIT="$BENCH/out-imaudit"
OUT_HUGO="$BENCH/out-hugo"
mkdir -p "$BENCH"

# 2. The Hugo project, written afresh every run so that it follows imaudit's current pages.
echo "building imaudit's site once, for its shape ..." >&2
rm -rf "$SHAPE"
"$BIN" build --records "$RECORDS" --out "$SHAPE" >/dev/null || true
echo "writing the Hugo project into $PROJECT ..." >&2
python3 bench/hugo-shape.py "$SHAPE" "$PROJECT"
rm -rf "$SHAPE"

IMAUDIT_CMD="$BIN build --records $RECORDS --out $OUT_IMAUDIT"
HUGO_CMD="hugo --quiet -s $PROJECT -d $OUT_HUGO"

median() { # median SECONDS... -> seconds, two decimals
    python3 -c 'import statistics,sys; print("%.2f" % statistics.median(map(float, sys.argv[1:])))' "$@"
}
one_run() { # one_run PREPARE COMMAND -> "wall cpu" of one hyperfine run, in seconds
    local json="$BENCH/hyperfine.json"
    hyperfine --runs 1 --ignore-failure --style none --export-json "$json" \
        --prepare "$1" "$2 >/dev/null" >/dev/null 2>&1
    python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print(r["times"][0], r["user"] + r["system"])' "$json"
}

# 3. The timings: one untimed round, then RUNS rounds of imaudit then Hugo, each into an empty
# folder, so both see the same machine (page cache, load) over the same minutes.
LOAD_BEFORE=$(load_average)
echo "warming up (one untimed round of each) ..." >&2
one_run "rm -rf $OUT_IMAUDIT" "$IMAUDIT_CMD" >/dev/null
one_run "rm -rf $OUT_HUGO" "$HUGO_CMD" >/dev/null
IMAUDIT_WALL=() IMAUDIT_CPU=() HUGO_WALL=() HUGO_CPU=()
for round in $(seq "$RUNS"); do
    echo "round $round of $RUNS ..." >&2
    read -r wall cpu < <(one_run "rm -rf $OUT_IMAUDIT" "$IMAUDIT_CMD")
    IMAUDIT_WALL+=("$wall") IMAUDIT_CPU+=("$cpu")
    read -r wall cpu < <(one_run "rm -rf $OUT_HUGO" "$HUGO_CMD")
    HUGO_WALL+=("$wall") HUGO_CPU+=("$cpu")
done
peak() { # peak OUT COMMAND -> peak resident memory of one more run into an empty OUT
    rm -rf "$1"
    peak_memory "$(time_v "$2")"
}
IMAUDIT_PEAK=$(peak "$OUT_IMAUDIT" "$IMAUDIT_CMD")
HUGO_PEAK=$(peak "$OUT_HUGO" "$HUGO_CMD")
LOAD_AFTER=$(load_average)

IMAUDIT_MEDIAN=$(median "${IMAUDIT_WALL[@]}")
HUGO_MEDIAN=$(median "${HUGO_WALL[@]}")
RATIO=$(python3 -c "print('%.1f' % ($HUGO_MEDIAN / $IMAUDIT_MEDIAN))")
all() { # all SECONDS... -> "1.23, 1.45, ..."
    python3 -c 'import sys; print(", ".join("%.2f" % float(x) for x in sys.argv[1:]))' "$@"
}
shape() { # shape OUT -> "N pages (.html), N files, N bytes"
    echo "$(find "$1" -type f -name '*.html' | wc -l) pages (.html), $(find "$1" -type f | wc -l) files, $(du -sb "$1" | cut -f1) bytes"
}

ENTRIES=$(entries "$SET/plain/gen.log" || true)
echo
echo "County: $OFFICES offices × $MONTHS months, ${ENTRIES:-?} usage-log entries, $(find "$RECORDS" -type f | wc -l) files ($(du -sh "$RECORDS" | cut -f1))."
echo "imaudit output: $(shape "$OUT_IMAUDIT")."
echo "Hugo output:    $(shape "$OUT_HUGO")."
echo "Hugo project:   $(find "$PROJECT/content" -type f | wc -l) content pages, $(du -sb "$PROJECT" | cut -f1) bytes (bench/hugo-shape.py)."
echo "Machine: $(machine); load average before: $LOAD_BEFORE, after: $LOAD_AFTER."
echo "imaudit $("$BIN" --version | cut -d' ' -f2) ($(git rev-parse --short HEAD 2>/dev/null || echo '?')), hugo $HUGO_VERSION; $RUNS alternating rounds after one untimed round of each (hyperfine, one run per round); CPU time = user + system, all threads, mean; peak memory of one more run (/usr/bin/time -v)."
echo
echo "| cold build into an empty folder | median wall time | runs | CPU time | peak memory |"
echo "| --- | --- | --- | --- | --- |"
echo "| imaudit build | $IMAUDIT_MEDIAN s | $(all "${IMAUDIT_WALL[@]}") | $(python3 -c 'import statistics,sys; print("%.1f s" % statistics.mean(map(float, sys.argv[1:])))' "${IMAUDIT_CPU[@]}") | $IMAUDIT_PEAK |"
echo "| hugo | $HUGO_MEDIAN s | $(all "${HUGO_WALL[@]}") | $(python3 -c 'import statistics,sys; print("%.1f s" % statistics.mean(map(float, sys.argv[1:])))' "${HUGO_CPU[@]}") | $HUGO_PEAK |"
echo
echo "Hugo ÷ imaudit (median wall time): ${RATIO}× (issue 12's target: ≥ 5×)."
