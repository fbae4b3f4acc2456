#!/usr/bin/env bash
# Same output, two builds (issue 12: "the restructuring changes structure, not results"). Runs
# two imaudit binaries over the same record sets and compares every output byte for byte:
# check in each format (human, json, sarif, github, markdown), rules, deadlines (+ .ics) and
# every file of the built site; and check's options (--office, --only, --as-of, --color,
# --since on the git history, --against-manifest the old build's manifest). The record sets:
# the demo records, a generated county and the same county with its generated git history
# (`gen-county --git`).
#
#   bench/same-output.sh OLD_BINARY NEW_BINARY        # e.g. a binary built at the commit before
#   OFFICES=4 MONTHS=12 bench/same-output.sh A B      # the generated county's size (default 3×14)
#
# Prints one line per comparison and exits 1 on the first difference set it finds (all are run).
set -uo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
OLD=$(realpath "$1")
NEW=$(realpath "$2")
OFFICES=${OFFICES:-3}
MONTHS=${MONTHS:-14}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build --quiet --example gen-county
GEN=target/debug/examples/gen-county
"$GEN" --offices "$OFFICES" --months "$MONTHS" --seed 1 --out "$WORK/county" >/dev/null
"$GEN" --offices "$OFFICES" --months "$MONTHS" --seed 2 --out "$WORK/git/records" --git >/dev/null

status=0
run_both() {
    # run_both NAME DIR ARGS...: the outputs of both binaries, in DIR, stdout and exit code
    local name=$1 dir=$2
    shift 2
    for which in old new; do
        local bin=$OLD
        [ "$which" = new ] && bin=$NEW
        (cd "$dir" && "$bin" "$@" >"$WORK/$which.out" 2>"$WORK/$which.err"; echo "exit $?" >>"$WORK/$which.out")
    done
    if cmp -s "$WORK/old.out" "$WORK/new.out"; then
        echo "same: $name"
    else
        echo "DIFFERENT: $name"
        diff "$WORK/old.out" "$WORK/new.out" | head -20
        status=1
    fi
}

for set in "demo:$PWD:records" "county:$WORK:county" "git:$WORK/git:records"; do
    IFS=: read -r label dir records <<<"$set"
    for format in human json sarif github markdown; do
        run_both "$label check --format $format" "$dir" check --records "$records" --format "$format"
    done
    # check's options, each of which the office-by-office reading of `check` must keep
    # (issue 12): one office, some rules, another evaluation date, an office that is not there.
    offices=("$dir/$records"/offices/*/)
    office=$(basename "${offices[0]}")
    run_both "$label check --office $office" "$dir" check --records "$records" --office "$office"
    run_both "$label check --only (json)" "$dir" check --records "$records" --format json \
        --only termination-overdue,log-month-missing,parse-error
    run_both "$label check --as-of --color always" "$dir" check --records "$records" \
        --as-of 2026-03-31 --color always
    run_both "$label check --office (none such)" "$dir" check --records "$records" --office nowhere
    if [ "$label" = git ]; then
        for format in human json markdown; do
            run_both "$label check --since HEAD~5 --format $format" "$dir" check \
                --records "$records" --since HEAD~5 --format "$format"
        done
    fi
    run_both "$label rules" "$dir" rules --records "$records"
    run_both "$label deadlines (+ .ics)" "$dir" deadlines --records "$records" --ics /dev/stdout
    for which in old new; do
        bin=$OLD
        [ "$which" = new ] && bin=$NEW
        (cd "$dir" && "$bin" build --records "$records" --out "$WORK/site-$label-$which" >/dev/null 2>&1)
    done
    run_both "$label check --against-manifest" "$dir" check --records "$records" \
        --against-manifest "$WORK/site-$label-old/manifest.json"
    # .imaudit-pages holds the fingerprints of the pages, which include the executable itself;
    # .imaudit-manifest-texts, the records' text hashes for the next build, is keyed by it too.
    if diff -r -x .imaudit-pages -x .imaudit-manifest-texts "$WORK/site-$label-old" "$WORK/site-$label-new" >/dev/null; then
        echo "same: $label site ($(find "$WORK/site-$label-new" -type f | wc -l) files)"
    else
        echo "DIFFERENT: $label site"
        diff -rq -x .imaudit-pages -x .imaudit-manifest-texts "$WORK/site-$label-old" "$WORK/site-$label-new" | head -10
        status=1
    fi
done
exit "$status"
