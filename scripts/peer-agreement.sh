#!/usr/bin/env bash
# Differential testing against the peer simulator (../shared/peer-oracle): decides generated
# scenarios with both engines over several seeds and prints every difference with iamsim's reason.
# Not part of CI (it needs the peer from npm and takes a few minutes); the figures are in the README.
#
#   scripts/peer-agreement.sh [SEEDS...]      (default: 1 2 3 4 5 6, 2,000 scenarios each)
set -euo pipefail
cd "$(dirname "$0")/.."
oracle=${IAMSIM_PEER_ORACLE:-../shared/peer-oracle}
[[ -x $oracle/run.sh ]] || { echo "error: no peer oracle at $oracle (set IAMSIM_PEER_ORACLE)" >&2; exit 2; }
work=${IAMSIM_ORACLE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/iamsim-peer-oracle}
export IAMSIM_ORACLE_DIR=$work
cargo build --release --locked -q -p iamsim-cli
seeds=("${@:-1 2 3 4 5 6}")
total=0 same=0
for seed in ${seeds[@]}; do
  out=$("$oracle/run.sh" --seed "$seed" --count 2000 -- target/release/iamsim batch)
  read -r n s < <(echo "$out" | sed -n 's/^cases: \([0-9]*\), same: \([0-9]*\).*/\1 \2/p')
  total=$((total + n)); same=$((same + s))
  echo "$out" | grep DIFF | while read -r _ id rest; do
    id=${id%:}
    python3 - "$work/cases-s$seed-n2000.jsonl" "$id" <<'PY' | target/release/iamsim batch --explain | python3 -c 'import json,sys; r=json.load(sys.stdin); print("  ", r["id"], "—", r["trace"]["reason"])'
import json, sys
for line in open(sys.argv[1]):
    c = json.loads(line)
    if c["id"] == sys.argv[2]:
        c.pop("meta", None)
        print(json.dumps(c))
PY
  done
done
echo "agreement: $same of $total scenarios decided identically"
