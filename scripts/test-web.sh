#!/usr/bin/env bash
# Builds the wasm package, then runs the Node package tests (wasm/tests) and the browser
# end-to-end tests (web-demo/tests; screenshots in test-artifacts/web-demo/).
# Prerequisites: scripts/install-toolchain.sh. CHROMIUM_PATH overrides /usr/bin/chromium.
#
# Each step fails unless it ran at least the expected number of tests, all passing: `node --test`
# exits 0 on Node 20 when a pattern matches no test file, so the exit code alone proves nothing.
# Raise a floor when you add tests; lowering one needs a reason in the commit.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_TESTS_MIN=40 # wasm/tests/*.test.mjs
WEB_TESTS_MIN=60  # web-demo/tests/*.test.mjs (browser and page-module tests)

# run_node_tests NAME FLOOR DIR GLOB : runs the files GLOB matches in DIR with the TAP reporter,
# shows the output, and checks the closing `# pass N` / `# fail N` summary against FLOOR.
run_node_tests() {
  local name=$1 floor=$2 dir=$3 glob=$4
  local files log status=0
  files=$(cd "$dir" && compgen -G "$glob" | sort || true)
  if [ -z "$files" ]; then
    echo "FAIL: $name: no file matches $dir/$glob" >&2
    return 1
  fi
  log=$(mktemp)
  # shellcheck disable=SC2086 # test file names have no spaces
  (cd "$dir" && node --test --test-reporter=tap $files) | tee "$log" || status=$?
  local pass fail
  pass=$(awk '/^# pass /{print $3}' "$log" | tail -n1)
  fail=$(awk '/^# fail /{print $3}' "$log" | tail -n1)
  rm -f "$log"
  if [ -z "$pass" ] || [ -z "$fail" ]; then
    echo "FAIL: $name: no '# pass N' / '# fail N' summary from node --test" >&2
    return 1
  fi
  if [ "$status" -ne 0 ] || [ "$fail" -ne 0 ]; then
    echo "FAIL: $name: $fail failed (node --test exit $status)" >&2
    return 1
  fi
  if [ "$pass" -lt "$floor" ]; then
    echo "FAIL: $name: only $pass tests ran and passed, expected at least $floor" >&2
    return 1
  fi
  echo "== $name: $pass passed (floor $floor)"
}

scripts/build-wasm.sh
[ -d web-demo/node_modules/playwright-core ] || (cd web-demo && npm ci --no-audit --no-fund)

echo "== node package tests (wasm/tests)"
# Explicit globs: Node 22+ rejects a directory argument, and Node 20 would accept an empty one.
run_node_tests "wasm package tests" "$WASM_TESTS_MIN" . "wasm/tests/*.test.mjs"
echo "== browser tests (web-demo/tests)"
run_node_tests "browser tests" "$WEB_TESTS_MIN" web-demo "tests/*.test.mjs"
