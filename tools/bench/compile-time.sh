#!/usr/bin/env bash
# Times tilec compiling a Llama-3.1-8B-shaped config to an artifact (PTX
# comes later): median of N runs, wall clock, on this machine. A benchmark,
# not a test: it asserts nothing.
#
#   tools/bench/compile-time.sh [N]   (default 5)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tilec=${TILEC:-$root/build/bin/tilec}
runs=${1:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
times=()
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  "$tilec" "$root/tools/bench/configs/llama-3.1-8b.json" -o "$out/art" --max-seq-len 512 > /dev/null
  end=$(date +%s%N)
  times+=("$(( (end - start) / 1000000 ))")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
tasks=$(grep -c "tile.task @" "$out/art/program.mlir")
events=$(grep -c "tile.event @" "$out/art/program.mlir")
echo "llama-3.1-8b config -> artifact: median ${median} ms over ${runs} runs" \
     "(runs, ms: ${times[*]}); ${tasks} tasks, ${events} events, 132 workers;" \
     "$(nproc) cores, $(date -u +%Y-%m-%d)"
