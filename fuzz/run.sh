#!/usr/bin/env bash
# Runs each fuzz target for a set time (default 600 s) and prints libFuzzer's figures.
#
#   fuzz/run.sh                      # every target, 10 minutes each, one after the other
#   fuzz/run.sh 60 load_record       # one target for a minute
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a compiler that takes -Z flags: a nightly
# toolchain when rustup has one, else the stable one with RUSTC_BOOTSTRAP=1.
# New inputs go to fuzz/work/<target>/ (not committed); fuzz/corpus/<target>/ is the small
# committed seed corpus, read but never written. Crashes land in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(load_record evaluate_record import_system_log lsp_message)
fi

if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  cargo=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  cargo=(cargo fuzz)
fi

status=0
for t in "${targets[@]}"; do
  mkdir -p "work/$t"
  echo "== $t: ${seconds}s"
  # `cargo fuzz run` builds the target first (with ASan, in fuzz/target/).
  # -timeout: an input taking over 10 s is a hang; -rss_limit_mb: over 2 GiB is a leak.
  if ! "${cargo[@]}" run -O "$t" "work/$t" "corpus/$t" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      2>&1 | tee "work/$t.log" | grep -E '^(stat::|==|SUMMARY|Done)|panicked|Test unit written'; then
    status=1
  fi
  if grep -qE 'Test unit written|SUMMARY' "work/$t.log"; then
    status=1
  fi
done
exit $status
