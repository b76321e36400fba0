#!/usr/bin/env bash
# Every test of iamsim, as CI runs it (.ci/run calls exactly this). Installs what it needs on a
# fresh machine that has only the Rust toolchain, Node and npm. Fails loudly; never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$*"; }
start=$(date +%s)

step "toolchain (wasm32 target, wasm-bindgen-cli at the lockfile's version, chromium, npm packages)"
scripts/install-toolchain.sh

step "format"
cargo fmt --all -- --check

step "clippy (workspace lints: no unwrap/expect/panic/indexing outside tests)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "docs: the embedding API's documentation builds without warnings (its examples run as doctests below)"
RUSTDOCFLAGS="-D warnings" cargo doc -p iamsim-core --no-deps --locked

step "tests: core, cli, scenario corpus, property tests"
cargo test --workspace --locked

step "benchmarks compile and run once"
cargo test --benches -p iamsim-benches --locked

step "wasm package (size budget), Node package tests, browser end-to-end tests"
scripts/test-web.sh

step "the main job on the embedded example"
cargo run --release --locked -q -p iamsim-cli -- validate examples/policies/*.json
cargo run --release --locked -q -p iamsim-cli -- batch --explain examples/scenarios.jsonl > /dev/null
cargo run --release --locked -q -p iamsim-cli -- who-can ecs:UpdateService arn:aws:ecs:eu-west-1:222222222222:service/prod/web --mfa
cargo run --release --locked -q -p iamsim-cli -- test examples/access-tests.json

printf '\nall tests passed in %ss\n' "$(( $(date +%s) - start ))"
