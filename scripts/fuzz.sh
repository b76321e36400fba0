#!/usr/bin/env bash
# Runs every fuzz target for a given time each (default 60 s): scripts/fuzz.sh [SECONDS] [TARGET...]
# Installs what it needs: the nightly toolchain (rustup) and cargo-fuzz (crates.io).
# Seed corpora live in fuzz/seeds/<target>/ (committed); inputs libFuzzer finds go to
# fuzz/corpus/<target>/ (gitignored), crashes to fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-60}; shift || true
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || mapfile -t targets < <(cargo +nightly fuzz list)
for t in "${targets[@]}"; do
  echo "== fuzzing $t for ${secs}s"
  mkdir -p "corpus/$t"
  # The run fails (and this script with it) on a crash; its input is saved in artifacts/$t/.
  cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 2>&1 \
    | grep -E "^(Done|INFO: seed corpus|==[0-9]+== ERROR|SUMMARY|panicked|thread '|artifact_prefix|Test unit written)" || true
  [[ ${PIPESTATUS[0]} -eq 0 ]] || { echo "fuzz target $t failed; see fuzz/artifacts/$t/" >&2; exit 1; }
done
