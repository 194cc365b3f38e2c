#!/usr/bin/env bash
# gpu-check's correctness cases on the PTX emulator, on this machine (no GPU).
#
#   tools/emu-check.sh [CASE_DIR...]
#
# Runs tools/gpu-check.sh with the cuda backend on build/lib/libtilec-ptx-emu.so
# (tools/ptx-emu): every case of gpu-artifacts/cases but the wide ones (or the
# CASE_DIRs given; EMU_CHECK_WIDE=1 adds the wide ones, ~35 min each here)
# against the host backend and the goldens, the backend's GPU unit tests, the
# watchdog cases; no benchmark, sanitizers or timings (GPU_CHECK_QUICK=1).
# Every launch also checks shared memory for races (TILEC_PTX_EMU_RACECHECK=1,
# unless set to 0 already): a race fails the run that hit it.
# Repeats default to 2 (GPU_CHECK_REPEATS), limits are stretched 10x
# (GPU_CHECK_TIMEOUT_SCALE), the budget is 3600 s (GPU_CHECK_BUDGET_S). Makes
# gpu-artifacts/ first (tools/prepare-gpu-check.sh) if it is missing. Logs and
# the table go to emu-check-out/ (or $OUT). Exit status 0 iff nothing failed.
# Use it before spending GPU time: what fails here fails there.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
emu=$build/lib/libtilec-ptx-emu.so
if [ ! -f "$emu" ]; then
  echo "emu-check: $emu is not built: the PTX emulator needs the CUDA toolkit's cuda.h" \
       "(set CUDA_HOME and rebuild)" >&2
  exit 2
fi
[ -d "$root/gpu-artifacts/cases" ] || bash "$root/tools/prepare-gpu-check.sh"
export TILEC_CUDA_DRIVER=$emu
export TILEC_PTX_EMU_RACECHECK=${TILEC_PTX_EMU_RACECHECK:-1}
export GPU_CHECK_QUICK=1
export GPU_CHECK_REPEATS=${GPU_CHECK_REPEATS:-2}
export GPU_CHECK_TIMEOUT_SCALE=${GPU_CHECK_TIMEOUT_SCALE:-10}
export GPU_CHECK_BUDGET_S=${GPU_CHECK_BUDGET_S:-3600}
export OUT=${OUT:-$root/emu-check-out}
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for d in "$root"/gpu-artifacts/cases/*/; do
    [[ $(basename "$d") == wide* && ${EMU_CHECK_WIDE:-0} != 1 ]] && continue
    cases+=("${d%/}")
  done
  [ "${EMU_CHECK_WIDE:-0}" = 1 ] || echo "emu-check: leaving out the wide cases (EMU_CHECK_WIDE=1 runs them)" >&2
fi
exec bash "$root/tools/gpu-check.sh" "${cases[@]}"
