#!/usr/bin/env bash
# Builds the wasm module and packages it:
#   wasm/pkg/          the npm package `iamsim` (web/ for browsers and bundlers, node/ for Node)
#   web-demo/pkg/      the browser build the demo page loads (a copy of wasm/pkg/web)
# Prints the raw and gzip size of the .wasm and fails when gzip exceeds the budget.
# Needs scripts/install-toolchain.sh to have run (wasm32 target, matching wasm-bindgen CLI).
set -euo pipefail
cd "$(dirname "$0")/.."

# 700 KB: the importer (`importFolder`, with its YAML reader for CloudFormation templates) added
# about 138 KB gzip on 2026-12-04; it was 600 KB before.
BUDGET_GZIP=${BUDGET_GZIP:-716800}
WASM=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm-release/iamsim_wasm.wasm

WB_VER=$(awk '$0=="name = \"wasm-bindgen\"" {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
HAVE=$(wasm-bindgen --version 2>/dev/null || echo "no wasm-bindgen on PATH")
if [ "$HAVE" != "wasm-bindgen $WB_VER" ]; then
  echo "build-wasm: need wasm-bindgen $WB_VER (Cargo.lock), found: $HAVE; run scripts/install-toolchain.sh" >&2
  exit 1
fi
VERSION=$(awk -F'"' '/^\[workspace.package\]/ {p=1} p && /^version *=/ {print $2; exit}' Cargo.toml)

cargo build --target wasm32-unknown-unknown --profile wasm-release -p iamsim-wasm

rm -rf wasm/pkg web-demo/pkg
BINDGEN_FLAGS=(--remove-name-section --remove-producers-section --out-name iamsim_wasm)
wasm-bindgen --target web "${BINDGEN_FLAGS[@]}" --out-dir wasm/pkg/web "$WASM"
wasm-bindgen --target nodejs "${BINDGEN_FLAGS[@]}" --out-dir wasm/pkg/node "$WASM"
node wasm/js/build-pkg.mjs "$VERSION"
cp -r wasm/pkg/web web-demo/pkg
cp wasm/pkg/aws-managed-policies.txt web-demo/pkg/   # loaded by the page only when a model needs it

OUT=wasm/pkg/web/iamsim_wasm_bg.wasm
RAW=$(wc -c <"$OUT")
GZ=$(gzip -9 -c "$OUT" | wc -c)
printf 'iamsim_wasm_bg.wasm: %d bytes raw, %d bytes gzip -9 (budget %d)\n' "$RAW" "$GZ" "$BUDGET_GZIP"
if [ "$GZ" -gt "$BUDGET_GZIP" ]; then
  echo "build-wasm: the gzipped .wasm exceeds the budget of $BUDGET_GZIP bytes" >&2
  exit 1
fi
