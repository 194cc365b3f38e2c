#!/usr/bin/env bash
# Fits tools/bench/perf_model.py to the GPU figures recorded in bench/results
# (the Llama-3.2-1B shape on an H200 at commit 5978bff,
# 2026-11-27-h200-kernel-speed.md) and prints HEAD's prediction. No GPU:
# everything runs on the PTX emulator; about 20 minutes on 2 cores.
#
#   tools/bench/perf-model-calibrate.sh [WORK_DIR]   (default /tmp/perf-model)
#
# Builds 5978bff's tilec and tile-run in WORK_DIR/src-5978bff (a git worktree), then
# for each recorded configuration (default, --kv-chunk 32, --workers 264) and
# position (96, 480: the middles of the measured 64..127 and 448..511) it
# compiles the artifact and profiles one step with this build's emulator
# (build/lib/libtilec-ptx-emu.so), then calibrates and predicts. The old
# artifacts run on today's emulator through their own runtime (the driver
# API it uses has not changed).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${1:-/tmp/perf-model}
emu=$root/build/lib/libtilec-ptx-emu.so
[ -f "$emu" ] || { echo "perf-model-calibrate: $emu is not built" >&2; exit 2; }
mkdir -p "$work"
if [ ! -x "$work/src-5978bff/build/bin/tile-run" ]; then
  git -C "$root" worktree add -f "$work/src-5978bff" 5978bff > /dev/null
  cmake -G Ninja -S "$work/src-5978bff" -B "$work/src-5978bff/build" -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir -DCMAKE_CXX_COMPILER_LAUNCHER=ccache > /dev/null
  ninja -C "$work/src-5978bff/build" tilec tile-run > /dev/null
fi
profile() { # BIN_DIR NAME POSITION [TILEC FLAGS]
  local bin=$1 name=$2 pos=$3
  shift 3
  [ -d "$work/$name" ] || "$bin/tilec" --config "$root/tools/bench/configs/llama-3.2-1b.json" \
    --max-seq-len 512 -o "$work/$name" "$@" > /dev/null
  [ -f "$work/$name-$pos.prof" ] || TILEC_CUDA_DRIVER=$emu \
    TILEC_PTX_EMU_PROFILE="$work/$name-$pos.prof" "$bin/tile-run" "$work/$name" --backend cuda \
    --random-weights 1 --input token=1 --position "$pos" --steps 1 -q > /dev/null
  echo "perf-model-calibrate: profiled $name at position $pos" >&2
}
old=$work/src-5978bff/build/bin
for pos in 96 480; do
  profile "$old" old "$pos"
  profile "$old" old-kv32 "$pos" --kv-chunk 32
  profile "$old" old-w264 "$pos" --workers 264
  profile "$root/build/bin" head "$pos"
done
cat > "$work/cases.json" <<'JSON'
[
 {"label": "5978bff default, pos 64..127", "artifact": "old", "profile": "old-96.prof", "measured_ms": 3.76, "bandwidth_tbs": 4.025},
 {"label": "5978bff default, pos 448..511", "artifact": "old", "profile": "old-480.prof", "measured_ms": 3.97, "bandwidth_tbs": 4.025},
 {"label": "5978bff kv-chunk 32, pos 64..127", "artifact": "old-kv32", "profile": "old-kv32-96.prof", "measured_ms": 3.64, "bandwidth_tbs": 4.025},
 {"label": "5978bff kv-chunk 32, pos 448..511", "artifact": "old-kv32", "profile": "old-kv32-480.prof", "measured_ms": 3.66, "bandwidth_tbs": 4.025},
 {"label": "5978bff 264 workers, pos 64..127", "artifact": "old-w264", "profile": "old-w264-96.prof", "measured_ms": 2.96, "bandwidth_tbs": 4.025},
 {"label": "5978bff 264 workers, pos 448..511", "artifact": "old-w264", "profile": "old-w264-480.prof", "measured_ms": 3.19, "bandwidth_tbs": 4.025}
]
JSON
python3 "$root/tools/bench/perf_model.py" --calibrate "$work/cases.json" | tee "$work/calibration.txt"
read -r latency walker edge < <(sed -n 's/.*latency \([0-9.]*\) us, walker latency \([0-9.]*\) us, edge \([0-9.]*\) us.*/\1 \2 \3/p' "$work/calibration.txt")
for pos in 96 480; do
  for bw in 4.025 3.0; do
    echo "== HEAD, position $pos, $bw TB/s ($( [ "$bw" = 3.0 ] && echo H100 || echo H200 ))"
    python3 "$root/tools/bench/perf_model.py" "$work/head" "$work/head-$pos.prof" \
      --latency-us "$latency" --walker-latency-us "$walker" --edge-us "$edge" --bandwidth-tbs "$bw"
  done
done
