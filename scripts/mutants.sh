#!/usr/bin/env bash
# Mutation testing of the rule-bearing modules of iamsim-core with cargo-mutants: each mutant (a
# `<` turned into `<=`, a match arm deleted, a function returning a constant) must make a test fail.
# Not part of CI: a full run takes hours on two cores. Results and every surviving mutant are
# recorded in docs/testing.md.
#
#   scripts/mutants.sh                      # the default files below, one job, 300 s test timeout
#   scripts/mutants.sh core/src/value/date.rs core/src/eval/flow.rs   # chosen files
#
# Environment: MUTANTS_JOBS (default 1), MUTANTS_TIMEOUT (seconds per test run, default 300),
# MUTANTS_OUT (directory for mutants.out, default target/mutants), MUTANTS_TESTS ("fast": core's
# unit tests plus the corpus, boundary, exemption and variable-operator tests; "all": every test
# of both packages).
# Installs cargo-mutants with `cargo install --locked cargo-mutants` when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo mutants --version >/dev/null 2>&1; then
  echo "installing cargo-mutants"
  cargo install --locked cargo-mutants
fi

# The rule-bearing modules: evaluation, compilation, conditions and operators, principals,
# assume/STS, and the model loader (organization rules). Run a few at a time on a small machine.
DEFAULT_FILES=(
  core/src/policy/operator.rs
  core/src/eval/condition.rs
  core/src/value/date.rs
  core/src/value/decimal.rs
  core/src/eval/flow.rs
  core/src/eval/policies.rs
  core/src/eval/statement.rs
  core/src/compile/condition.rs
  core/src/compile/principal.rs
  core/src/request.rs
  core/src/assume/sts.rs
  core/src/model/build.rs
)
if [ "$#" -gt 0 ]; then FILES=("$@"); else FILES=("${DEFAULT_FILES[@]}"); fi

args=()
for f in "${FILES[@]}"; do
  [ -f "$f" ] || { echo "no such file: $f" >&2; exit 2; }
  args+=(--file "$f")
done

case "${MUTANTS_TESTS:-fast}" in
  fast) test_args=(--lib --test=corpus --test=boundaries --test=exemptions --test=variable_operators) ;;
  all) test_args=() ;;
  *) echo "MUTANTS_TESTS must be fast or all" >&2; exit 2 ;;
esac

# One target directory outside the copied tree, reused from run to run: only the workspace crates
# are rebuilt for each mutant, never the dependencies.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/mutants-build}"
# Core is built with opt-level 2 in test builds (Cargo.toml) for the slow suites; the selected tests
# run in seconds unoptimised, while each mutant's two optimised builds of core took about five
# minutes on the shared 2-core machine (under one unoptimised). Override to measure otherwise.
export CARGO_PROFILE_DEV_PACKAGE_IAMSIM_CORE_OPT_LEVEL="${CARGO_PROFILE_DEV_PACKAGE_IAMSIM_CORE_OPT_LEVEL:-0}"

# The corpus (tests/scenarios) and the boundary tests live in iamsim-tests: without them most
# mutants of the evaluation code survive, so both packages' tests run for every mutant.
# cargo-mutants runs its own baseline with the mutated package's tests only (where `--test corpus`
# does not exist), so the unmutated baseline is run here, with the same tests, and skipped there.
# The baseline builds in a target directory of its own: in the shared one, cargo can take the last
# run's build of the copied tree (same sources, same times) for fresh, and run test binaries
# whose compiled-in `CARGO_MANIFEST_DIR` is that deleted copy (the corpus test then finds 0 files).
echo "== baseline: the selected tests must pass on the unmutated tree"
CARGO_TARGET_DIR="$CARGO_TARGET_DIR-baseline" cargo test -p iamsim-core -p iamsim-tests "${test_args[@]}"
# The test selection goes to every cargo invocation (`--cargo-arg`), not after `--`: cargo-mutants
# passes what follows `--` to `cargo test` only, so each mutant's `cargo test --no-run` build
# would otherwise build and link every test target of both packages (the embedded managed
# policies' tests among them), several times the cost of the selected ones.
cargo_args=()
for a in "${test_args[@]}"; do cargo_args+=("--cargo-arg=$a"); done
exec cargo mutants "${args[@]}" \
  "${cargo_args[@]}" \
  --baseline skip \
  --test-package iamsim-core,iamsim-tests \
  --jobs "${MUTANTS_JOBS:-1}" \
  --timeout "${MUTANTS_TIMEOUT:-300}" \
  --no-shuffle \
  --output "${MUTANTS_OUT:-target/mutants}"
