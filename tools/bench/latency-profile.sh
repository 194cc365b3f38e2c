#!/usr/bin/env bash
# The latency structure of one decode step of a Llama-3.2-1B-shaped artifact
# (bf16, random weights, 512-position cache), measured on the PTX emulator,
# no GPU: per task body, instructions, global-load round trips in PTX order
# (an upper bound) and load-chain depth (a lower bound) per call, and the
# PTX lines most waited at (tools/ptx-emu/README.md). A benchmark, not a
# test: it asserts nothing. One to three minutes, 3 GB of memory.
#
#   tools/bench/latency-profile.sh [POSITION] [TILEC-FLAGS...]   (default 300)
#
# Compiles with build/bin/tilec (TILEC overrides), runs build/bin/tile-run on
# build/lib/libtilec-ptx-emu.so, prints the profile (also kept in
# latency-profile.txt in the current directory, beside the artifact in
# latency-profile-artifact/: tools/bench/perf_model.py reads both).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tilec=${TILEC:-$root/build/bin/tilec}
tile_run=${TILE_RUN:-$root/build/bin/tile-run}
emu=${PTX_EMU:-$root/build/lib/libtilec-ptx-emu.so}
position=${1:-300}
shift || true
[ -f "$emu" ] || { echo "latency-profile: $emu is not built (the emulator needs cuda.h)" >&2; exit 2; }
art=$PWD/latency-profile-artifact
rm -rf "$art"
"$tilec" --config "$root/tools/bench/configs/llama-3.2-1b.json" --max-seq-len 512 -o "$art" "$@" > /dev/null
echo "latency-profile: one step at position $position of $(grep -c . "$art/kernel.ptx") PTX lines, on the emulator..." >&2
start=$(date +%s)
TILEC_CUDA_DRIVER=$emu TILEC_PTX_EMU_PROFILE=$PWD/latency-profile.txt \
  "$tile_run" "$art" --backend cuda --random-weights 1 --input token=1 \
  --position "$position" --steps 1 -q > /dev/null
echo "latency-profile: $(( $(date +%s) - start )) s" >&2
cat latency-profile.txt
echo "latency-profile: the model's prediction: tools/bench/perf_model.py $art $PWD/latency-profile.txt" >&2
