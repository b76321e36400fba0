#!/usr/bin/env bash
# Builds the wasm package, then runs the Node package tests (wasm/tests) and the browser
# end-to-end tests (web-demo/tests; screenshots in test-artifacts/web-demo/).
# Prerequisites: scripts/install-toolchain.sh. CHROMIUM_PATH overrides /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build-wasm.sh
[ -d web-demo/node_modules/playwright-core ] || (cd web-demo && npm ci --no-audit --no-fund)

echo "== node package tests (wasm/tests)"
node --test wasm/tests/
echo "== browser tests (web-demo/tests)"
(cd web-demo && node --test tests/)
