#!/usr/bin/env bash
# The published benchmark (docs/benchmark.md): iamsim against the peer simulator iam-simulate on the
# same generated scenarios, whole process and steady state; with --scale, the scale figures.
# Installs what it needs (the peer from npm into a cache folder, run as a separate process only,
# never a dependency of iamsim) and prints one table.
#
#   scripts/benchmark.sh [--count N] [--seed S] [--scale]
set -euo pipefail
cd "$(dirname "$0")/.."
count=2000 seed=1 scale=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --count) count=$2; shift 2;;
    --seed) seed=$2; shift 2;;
    --scale) scale=1; shift;;
    *) echo "usage: scripts/benchmark.sh [--count N] [--seed S] [--scale]" >&2; exit 2;;
  esac
done
oracle=${IAMSIM_PEER_ORACLE:-../shared/peer-oracle}
[[ -f $oracle/oracle.mjs ]] || { echo "error: no peer oracle at $oracle (set IAMSIM_PEER_ORACLE)" >&2; exit 2; }
command -v node >/dev/null || { echo "error: node is needed for the peer (apt-get install nodejs npm)" >&2; exit 2; }
work=${IAMSIM_ORACLE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/iamsim-peer-oracle}
mkdir -p "$work"
cp "$oracle"/package.json "$oracle"/package-lock.json "$oracle"/oracle.mjs "$work"/
[[ -d $work/node_modules/@cloud-copilot/iam-simulate ]] || (cd "$work" && npm ci --silent)
cargo build --release --locked -q -p iamsim-cli
bin=target/release/iamsim

cases=$work/bench-s$seed-n$count.jsonl
lines=$work/bench-s$seed-n$count.lines.jsonl
many=$work/bench-s$seed-n$count.x100.jsonl
python3 "$oracle/gen.py" --seed "$seed" --count "$count" --out "$cases"
# iamsim reads the scenario without the generator's notes; 100 copies for its steady state.
python3 - "$cases" "$lines" "$many" <<'PY'
import json, sys
out = [json.dumps({k: v for k, v in json.loads(l).items() if k != "meta"}, separators=(",", ":")) for l in open(sys.argv[1])]
open(sys.argv[2], "w").write("\n".join(out) + "\n")
open(sys.argv[3], "w").write(("\n".join(out) + "\n") * 100)
PY

# Seconds of wall clock of a command reading the file $1 on stdin (stdout discarded), best of three.
best_of_3() {
  local input=$1 best=
  shift
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N); "$@" < "$input" > /dev/null; t1=$(date +%s.%N)
    best=$(python3 -c "import sys; t=float(sys.argv[2])-float(sys.argv[1]); b=sys.argv[3]; print(min(t, float(b)) if b else t)" "$t0" "$t1" "$best")
  done
  echo "$best"
}
peer_whole=$(best_of_3 "$cases" node "$work/oracle.mjs")
peer_steady=$(node "$work/oracle.mjs" --stats < "$cases" 2>&1 >/dev/null | python3 -c 'import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])["casesPerSecondLoop"])')
mine_whole=$(best_of_3 "$lines" "$bin" --jobs 1 batch)
mine_steady=$(best_of_3 "$many" "$bin" --jobs 1 batch)
mine_all=$(best_of_3 "$many" "$bin" batch)

python3 - "$count" "$peer_whole" "$peer_steady" "$mine_whole" "$mine_steady" "$mine_all" "$(nproc)" <<'PY'
import sys
n = int(sys.argv[1]); pw, ps, mw, ms, ma = (float(x) for x in sys.argv[2:7]); cores = sys.argv[7]
rows = [
    ("whole process, %d cases (start-up included)" % n, n / pw, n / mw),
    ("steady state, one core (peer: its own loop timer; iamsim: 100 x the cases)", ps, 100 * n / ms),
    ("steady state, iamsim on all %s cores" % cores, ps, 100 * n / ma),
]
print("| measure | iam-simulate cases/s | iamsim cases/s | ratio |")
print("|---|---:|---:|---:|")
for name, peer, mine in rows:
    print(f"| {name} | {peer:,.0f} | {mine:,.0f} | {mine / peer:,.0f}x |")
PY
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: $($bin --version), $(rustc --version), node $(node --version), iam-simulate $(node -p "require('$work/node_modules/@cloud-copilot/iam-simulate/package.json').version")"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
if [[ $scale == 1 ]]; then
  for size in 1000x50 5000x200; do
    echo
    echo "scale $size (cargo bench -p iamsim-benches --bench scale):"
    IAMSIM_SCALE=$size cargo bench -q -p iamsim-benches --bench scale 2>&1 | grep -E '^(scale|loaded|who-can|paths|diff)|time:' || true
  done
fi
