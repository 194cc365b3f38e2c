#!/usr/bin/env bash
# On a GPU machine: checks the cuda backend against the host backend, the
# golden outputs and the sanitizers, in one go, within a time budget.
#
#   tools/gpu-check.sh [--build] [CASE_DIR...]
#
# Needs: an NVIDIA GPU and driver, python3 with numpy (for the golden checks;
# $PYTHON picks one); cmake + g++ only with --build or
# when no carried binaries exist; compute-sanitizer for the sanitizer checks.
# No LLVM/MLIR, no network. Everything it runs comes from gpu-artifacts/
# (tools/prepare-gpu-check.sh makes it on the CPU machine):
#   - binaries: gpu-artifacts/bin/{tile-run,tilec-runtime-tests}, else (or
#     with --build) it builds them: cmake -S runtime, with the carried headers
#     of gpu-artifacts/include;
#   - cases: every gpu-artifacts/cases/*/ (or the CASE_DIRs given). A case is
#     a directory with artifact/ and case.sh (see prepare-gpu-check.sh), or a
#     bare artifact directory (manifest.json), run one step with random
#     weights.
#
# Per case, by its kind:
#   run      host vs cuda outputs (tolerance from case.sh; 0 0 = identical
#            bits); all steps in one launch vs one launch per step (identical
#            bits); 100 repeated runs on cuda with identical bits
#   decode   host vs cuda ids and logits; cuda vs golden.json
#            (test/models/check_golden.py); 100 repeated decodes, identical
#   deadlock the watchdog's error within its timeout, never a hang
#   race     runs to the end (no hang); whether results vary is reported
# plus the GPU unit tests (the ABI probe kernel) first; then the benchmark:
# the card's read ceiling (tools/bench/ceilings.py) and ms per decode token of
# gpu-artifacts/bench/* (a Llama-3.2-1B shape, random weights) against its
# HBM floor, into $OUT/bench.jsonl; then compute-sanitizer memcheck and
# racecheck on the cases with CASE_SANITIZE=1; last the PyTorch baseline
# (gpu-artifacts/baseline_decode.py, into $OUT/baseline.json) if present.
#
# GPU_CHECK_TIMEOUT_SCALE=N multiplies every check's time limit (the PTX
# emulator: tools/emu-check.sh). With TILEC_CUDA_DRIVER naming
# libtilec-ptx-emu.so the 'gpu' line says so instead of asking nvidia-smi.
#
# GPU_CHECK_QUICK=1 runs only the unit tests and the cases (no benchmark,
# edge chain, sanitizers or baseline): with CASE_DIRs, a bisection step of
# well under a minute.
#
# Every command runs under `timeout`, cut to what is left of the budget
# (GPU_CHECK_BUDGET_S, default 540 s); checks past it are skipped. Logs go to
# $OUT (the device tool's output folder) or ./gpu-check-out; the last thing
# printed is the table (check, result, time). Exit status 0 iff nothing failed.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
artifacts=${GPU_ARTIFACTS:-$root/gpu-artifacts}
out=${OUT:-$PWD/gpu-check-out}
budget=${GPU_CHECK_BUDGET_S:-540}
repeats=${GPU_CHECK_REPEATS:-100}
quick=${GPU_CHECK_QUICK:-0}
build=0
cases=()
for arg in "$@"; do
  case "$arg" in
  --build) build=1 ;;
  -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  *) cases+=("$arg") ;;
  esac
done
mkdir -p "$out/logs" "$out/work"
logs=$out/logs
start_all=$(date +%s)
# check_golden.py needs numpy: the first python3 that has it (or $PYTHON).
python=${PYTHON:-}
if [ -z "$python" ]; then
  for p in python3 /usr/bin/python3; do
    if timeout 30 "$p" -c 'import numpy' 2> /dev/null; then python=$p; break; fi
  done
fi
python=${python:-python3}
compare=("$python" "$root/tools/gpu_check_compare.py")

# ---- the results table -------------------------------------------------------
names=() results=() times=() notes=()
record() { # NAME RESULT SECONDS NOTE
  names+=("$1") results+=("$2") times+=("$3") notes+=("$4")
  printf '%-40s %-5s %6ss  %s\n' "$1" "$2" "$3" "$4" | tee -a "$logs/summary.log"
}
elapsed() { echo $(($(date +%s) - start_all)); }
over_budget() { [ "$(elapsed)" -ge "$budget" ]; }
# The last line of a log (past its command line) matching a pattern, shortened.
note_from() { tail -n +2 "$1" 2>/dev/null | grep -E "$2" | tail -1 | cut -c1-120; }

# check NAME TIMEOUT_S CMD...: runs CMD under `timeout`, logs to
# logs/NAME.log ('/' becomes '_'), records PASS, FAIL or TIME. The table's
# note: the last log line matching $NOTE_PATTERN if set, else $NOTE; both are
# cleared afterwards.
NOTE="" NOTE_PATTERN=""
check() {
  local name=$1 limit=$2
  shift 2
  local log=$logs/${name//\//_}.log rc t0 dt secs note
  if over_budget; then
    record "$name" SKIP 0 "time budget of ${budget}s spent"
    NOTE="" NOTE_PATTERN=""
    return 2
  fi
  # GPU_CHECK_TIMEOUT_SCALE stretches every limit (the emulator is slow);
  # no check runs past the budget: its limit is cut to what is left.
  limit=$((limit * ${GPU_CHECK_TIMEOUT_SCALE:-1}))
  local left=$((budget - $(elapsed)))
  [ "$limit" -le "$left" ] || limit=$((left > 5 ? left : 5))
  t0=$(date +%s%N)
  local line="$*"
  { echo "\$ ${line//$'\n'/ }"; timeout --kill-after=10 "$limit" "$@"; } > "$log" 2>&1
  rc=$?
  dt=$((($(date +%s%N) - t0) / 1000000))
  secs=$(printf '%d.%02d' $((dt / 1000)) $((dt % 1000 / 10)))
  note=$NOTE
  if [ -n "$NOTE_PATTERN" ]; then
    local found
    found=$(note_from "$log" "$NOTE_PATTERN")
    note=${found:-$note}
  fi
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    record "$name" TIME "$secs" "timed out after ${limit}s (logs/${log##*/})"
  elif [ $rc -eq 0 ]; then
    record "$name" PASS "$secs" "$note"
  else
    [ -n "$note" ] || note=$(note_from "$log" '[Ee]rror|FAIL')
    record "$name" FAIL "$secs" "${note:+$note; }exit $rc (logs/${log##*/})"
  fi
  NOTE="" NOTE_PATTERN=""
  return $rc
}

# ---- 0. the machine --------------------------------------------------------------
{
  echo "gpu-check at $(date -u '+%Y-%m-%d %H:%M UTC') on $(hostname)"
  timeout 20 nvidia-smi
  command -v compute-sanitizer
  [ -f "$artifacts/PREPARED.txt" ] && cat "$artifacts/PREPARED.txt"
} > "$logs/machine.log" 2>&1
if [[ ${TILEC_CUDA_DRIVER:-} == *libtilec-ptx-emu* ]]; then
  # tools/emu-check.sh: the cuda backend on the PTX emulator, no GPU.
  record gpu INFO 0 "PTX emulator $TILEC_CUDA_DRIVER: logic only, no timings"
else
  NOTE_PATTERN='.'
  check gpu 30 nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
fi

# ---- 1. binaries: carried, or built here -----------------------------------------
chmod +x "$artifacts"/bin/* 2> /dev/null # in case the copy lost the mode
tile_run=$artifacts/bin/tile-run
unit_tests=$artifacts/bin/tilec-runtime-tests
[ -x "$unit_tests" ] || unit_tests=""
if [ $build = 0 ] && [ -x "$tile_run" ]; then
  NOTE="carried: $tile_run"
  check binaries 30 bash -c '"$1" --help | grep -q -- --cuda-device' _ "$tile_run" || tile_run=""
else
  bdir=$out/build
  NOTE="cmake -S runtime -B $bdir"
  check build-runtime 400 bash -c 'cmake -S "$1/runtime" -B "$2" -DCMAKE_BUILD_TYPE=Release \
      -DTILEC_THIRD_PARTY_INCLUDE="$3/include" && cmake --build "$2" -j "$(nproc)"' \
    _ "$root" "$bdir" "$artifacts"
  tile_run=$bdir/bin/tile-run
fi
if [ -z "$tile_run" ] || [ ! -x "$tile_run" ]; then
  record "(everything else)" SKIP 0 "no usable tile-run"
  tile_run=""
fi

# ---- 2. the backend alone: unit tests with the ABI probe kernel -------------------
# On a GPU machine a skipped GPU test is a failure (the no-driver test is left out).
if [ -n "$unit_tests" ] && [ -n "$tile_run" ]; then
  NOTE_PATTERN='^\[  (PASSED|FAILED|SKIPPED) '
  check unit-tests/cuda 180 bash -c 'out=$("$@" 2>&1); rc=$?; printf "%s\n" "$out"
      [ $rc -eq 0 ] && ! grep -q "^\[  SKIPPED \]" <<< "$out"' _ \
    env TILEC_TEST_PROBE_PTX="$root/test/runtime/Inputs/abi_probe.ptx" "$unit_tests" \
    --gtest_filter='CudaGpuTest.*:CudaBackendTest.*-CudaBackendTest.WithoutTheDriverIsAClearError'
fi

# ---- 3. the cases ---------------------------------------------------------------
if [ ${#cases[@]} -eq 0 ]; then
  for d in "$artifacts"/cases/*/; do [ -d "$d" ] && cases+=("${d%/}"); done
fi
[ ${#cases[@]} -gt 0 ] ||
  record cases FAIL 0 "none under $artifacts/cases (run tools/prepare-gpu-check.sh)"

# The defaults of a case, then its case.sh (which sees ROOT and CASE).
# shellcheck disable=SC2034 # ROOT and CASE_FORCE_IDS are for case.sh
load_case() {
  CASE=$1 ROOT=$root
  CASE_KIND=run CASE_ARGS=(--random-weights 1) CASE_STEPS=1 CASE_ATOL=1e-4 CASE_RTOL=1e-4
  CASE_GOLDEN="" CASE_GOLDEN_ARGS=() CASE_SANITIZE=0 CASE_FORCE_IDS="" CASE_IDS_MAY_DIFFER=0
  CASE_CUDA_ARGS=() CASE_REPEATS=$repeats
  ARTIFACT=$CASE/artifact
  if [ -f "$CASE/case.sh" ]; then
    # shellcheck disable=SC1091
    source "$CASE/case.sh"
  elif [ -f "$CASE/manifest.json" ]; then
    ARTIFACT=$CASE
  fi
  STEPS=()
  [ "$CASE_KIND" = decode ] || STEPS=(--steps "$CASE_STEPS")
  # GPU_CHECK_REPEATS caps a case's own repeat count too.
  [ "$CASE_REPEATS" -le "$repeats" ] || CASE_REPEATS=$repeats
}

# --output flags for every output buffer of the artifact, into DIR.
output_args() { # DIR
  local address
  while read -r address _; do
    printf -- '--output\n%s=%s/%s.bin\n' "$address" "$1" "${address//\//__}"
  done < <(timeout 60 "${compare[@]}" outputs "$ARTIFACT")
}

# A short watchdog: legitimate waits take microseconds, a broken schedule
# should fail in seconds.
cuda=(--backend cuda --wait-timeout-ms 2000)
timing='tile-run: .* on the cuda backend'
sanitize_cases=()
for case_dir in "${cases[@]}"; do
  [ -n "$tile_run" ] || break
  name=$(basename "$case_dir")
  if [ ! -f "$case_dir/case.sh" ] && [ ! -f "$case_dir/manifest.json" ]; then
    record "$name" FAIL 0 "$case_dir: neither a case (case.sh) nor an artifact (manifest.json)"
    continue
  fi
  load_case "$case_dir"
  work=$out/work/$name
  mkdir -p "$work"
  if [ ! -s "$ARTIFACT/kernel.ptx" ]; then
    record "$name" FAIL 0 "no kernel.ptx in $ARTIFACT"
    continue
  fi
  [ "$CASE_SANITIZE" = 1 ] && sanitize_cases+=("$case_dir")
  # The case's cuda flags (e.g. --weight-ring) on every cuda run.
  cuda=(--backend cuda --wait-timeout-ms 2000 "${CASE_CUDA_ARGS[@]}")
  case $CASE_KIND in
  run)
    mkdir -p "$work/host" "$work/cuda" "$work/cuda-one-launch"
    mapfile -t host_out < <(output_args "$work/host")
    mapfile -t cuda_out < <(output_args "$work/cuda")
    NOTE_PATTERN='tile-run: .* on the host backend'
    check "$name/host" 120 "$tile_run" "$ARTIFACT" "${CASE_ARGS[@]}" "${STEPS[@]}" "${host_out[@]}"
    NOTE_PATTERN=$timing
    check "$name/cuda" 120 "$tile_run" "$ARTIFACT" "${cuda[@]}" "${CASE_ARGS[@]}" "${STEPS[@]}" \
      "${cuda_out[@]}"
    NOTE_PATTERN='max abs diff'
    check "$name/cuda-vs-host" 60 "${compare[@]}" buffers "$ARTIFACT" "$work/cuda" "$work/host" \
      "$CASE_ATOL" "$CASE_RTOL"
    if [ "$CASE_STEPS" -gt 1 ]; then
      mapfile -t one_out < <(output_args "$work/cuda-one-launch")
      NOTE_PATTERN=$timing
      check "$name/cuda-one-launch" 120 "$tile_run" "$ARTIFACT" "${cuda[@]}" "${CASE_ARGS[@]}" \
        "${STEPS[@]}" --steps-per-call "$CASE_STEPS" --steps-per-launch "$CASE_STEPS" \
        "${one_out[@]}"
      NOTE_PATTERN='max abs diff'
      check "$name/one-launch-vs-per-step" 60 "${compare[@]}" buffers "$ARTIFACT" \
        "$work/cuda-one-launch" "$work/cuda" 0 0
    fi
    NOTE_PATTERN='repeated runs'
    check "$name/repeat-$CASE_REPEATS" 180 "$tile_run" "$ARTIFACT" "${cuda[@]}" "${CASE_ARGS[@]}" \
      "${STEPS[@]}" --repeat "$CASE_REPEATS" -q
    ;;
  decode)
    check "$name/host" 120 "$tile_run" "$ARTIFACT" "${CASE_ARGS[@]}" -q \
      --logits-out "$work/host.logits"
    grep '^generated:' "$logs/${name}_host.log" > "$work/host.ids"
    NOTE_PATTERN=$timing
    check "$name/cuda" 120 "$tile_run" "$ARTIFACT" "${cuda[@]}" "${CASE_ARGS[@]}" \
      --logits-out "$work/cuda.logits"
    grep '^generated:' "$logs/${name}_cuda.log" > "$work/cuda.ids"
    ids_rule=()
    [ "$CASE_IDS_MAY_DIFFER" = 1 ] && ids_rule=(--ids-may-differ)
    NOTE_PATTERN='logits:'
    check "$name/cuda-vs-host" 60 "${compare[@]}" decode "$work/cuda.ids" "$work/host.ids" \
      "$work/cuda.logits" "$work/host.logits" "$CASE_ATOL" "$CASE_RTOL" "${ids_rule[@]}"
    if [ -n "$CASE_GOLDEN" ]; then
      NOTE_PATTERN='^[0-9]+ ids'
      check "$name/golden" 60 "$python" "$root/test/models/check_golden.py" "$CASE_GOLDEN" \
        "$(cat "$work/cuda.ids")" "$work/cuda.logits" "${CASE_GOLDEN_ARGS[@]}"
    fi
    NOTE_PATTERN='repeated runs'
    check "$name/repeat-$CASE_REPEATS" 240 "$tile_run" "$ARTIFACT" "${cuda[@]}" "${CASE_ARGS[@]}" \
      --repeat "$CASE_REPEATS" -q
    ;;
  deadlock)
    # Must fail with the watchdog's message, well within the timeout.
    NOTE_PATTERN='watchdog'
    check "$name/watchdog" 90 bash -c 'out=$("$@" 2>&1); rc=$?; printf "%s\n" "$out"
        [ $rc -ne 0 ] && grep -q "^tile-run: error: watchdog: " <<< "$out"' \
      _ "$tile_run" "$ARTIFACT" --backend cuda "${CASE_ARGS[@]}"
    NOTE_PATTERN='watchdog'
    check "$name/watchdog-host" 90 bash -c 'out=$("$@" 2>&1); rc=$?; printf "%s\n" "$out"
        [ $rc -ne 0 ] && grep -q "^tile-run: error: watchdog: " <<< "$out"' \
      _ "$tile_run" "$ARTIFACT" "${CASE_ARGS[@]}"
    ;;
  race)
    NOTE="must finish; its results may vary"
    check "$name/runs" 120 "$tile_run" "$ARTIFACT" "${cuda[@]}" "${CASE_ARGS[@]}" "${STEPS[@]}" \
      --repeat 20 -q
    ;;
  *)
    record "$name" FAIL 0 "unknown CASE_KIND '$CASE_KIND' in $case_dir/case.sh"
    ;;
  esac
done

# The ms of a timed run's second call (steps 64-127: warm) from its log.
second_call_ms() { grep -E '^steps 64-127 ' "$1" | grep -oE '[0-9.]+ ms$' | awk '{print $1}'; }

# ---- 4. the benchmark ------------------------------------------------------------
# Time per decode token of a Llama-3.2-1B-shaped artifact with random weights,
# all steps in one launch and one launch per step, against the HBM floor:
# weight bytes / the card's streaming-read ceiling, measured first
# (tools/bench/ceilings.py, a cuBLAS GEMV through PyTorch; 3.0 TB/s, PERF.md's
# H100 figure, if PyTorch is missing). Two calls of 64 steps each; the second
# (warm) call is the figure.
if [ "$quick" != 1 ] && [ -n "$tile_run" ] && compgen -G "$artifacts/bench/*/manifest.json" > /dev/null; then
  NOTE_PATTERN='gemv_TBps_read'
  check ceilings 90 "$python" "$root/tools/bench/ceilings.py"
  read_tbps=$(grep -oE '"gemv_TBps_read": [0-9.]+' "$logs/ceilings.log" | awk '{print $2}')
  read_tbps=${read_tbps:-3.0}
  for art in "$artifacts"/bench/*/; do
    [ -f "$art/manifest.json" ] || continue
    name=bench/$(basename "$art")
    floor=$("$python" -c "import json,sys; m=json.load(open(sys.argv[1])); b=sum(x['bytes'] for p in m['programs'] for x in p['buffers'] if x['kind']=='weight'); print('%.3f' % (b / float(sys.argv[2]) / 1e9))" "$art/manifest.json" "$read_tbps" 2>/dev/null)
    # launch:position:ring: 64 steps per launch or one launch per step, from
    # position 0 (the figure: positions 64..127) or 384 (448..511, the end
    # of the 512-position cache, where attention costs the most); "ring":
    # with the weight ring (tile-run --weight-ring).
    # Two workers per SM leave no room for the ring's 128 KiB of stages.
    modes=(64:0: 1:0: 64:384:)
    [[ $art == *w264* ]] || modes+=(64:0:ring 64:384:ring)
    # The 8B shape: filling 15 GB with random weights takes a while; two runs.
    [[ $art == *8b* ]] && modes=(64:0: 64:0:ring)
    # The separate-combine, separate-rope and kv-chunk 64 variants: against
    # the default's same two runs.
    [[ $art == *sepcomb* || $art == *seprope* || $art == *kv64* ]] && modes=(64:0: 64:384:)
    for mode in "${modes[@]}"; do
      IFS=: read -r launch position ring <<< "$mode"
      run=launch-$launch
      [ "$position" = 0 ] || run=$run-from-$position
      ring_args=() ring_json=false
      [ -z "$ring" ] || { run=$run-ring; ring_args=(--weight-ring); ring_json=true; }
      NOTE_PATTERN='ms/step'
      log=$logs/${name//\//_}_$run.log
      check "$name/$run" 180 "$tile_run" "$art" --backend cuda --random-weights 1 \
        --input token=1 --position "$position" --steps 128 --steps-per-call 64 \
        --steps-per-launch "$launch" --wait-timeout-ms 20000 "${ring_args[@]}" || continue
      ms=$(second_call_ms "$log" | awk '{printf "%.4f", $1 / 64}')
      [ -n "$ms" ] || continue
      echo "{\"case\": \"$name\", \"steps_per_launch\": $launch, \"weight_ring\": $ring_json, \"positions\": \"$((position + 64))-$((position + 127))\", \"ms_per_token\": $ms, \"floor_ms\": ${floor:-null}, \"read_TBps\": $read_tbps}" >> "$out/bench.jsonl"
      [ -n "$floor" ] && record "$name/$run/vs-floor" INFO 0 \
        "$ms ms/token; floor $floor ms at $read_tbps TB/s ($("$python" -c "print('%.2f' % ($floor / $ms))") of the floor)"
    done
    # Where the time goes: a trace of two steps in one launch (the kernel
    # stamps each task: reached, waits met, body done), summarized per task
    # kind for the second step (tools/bench/trace_summary.py) and along its
    # critical path (tools/bench/critical_path.py: bodies, cross-worker
    # waits, same-worker gaps); both are in the check's log.
    [[ $art == *w264* || $art == *kv32* || $art == *kv64* || $art == *8b* || $art == *sepcomb* || $art == *seprope* ]] && continue
    for ring in "" ring; do
      trace_args=() run=trace
      [ -z "$ring" ] || { trace_args=(--weight-ring); run=trace-ring; }
      mkdir -p "$out/work/$name"
      NOTE_PATTERN='cross-worker waits'
      check "$name/$run" 120 bash -c '"$1" "$2" --backend cuda --random-weights 1 --input token=1 \
          --position 64 --steps 2 --steps-per-call 2 --steps-per-launch 2 --wait-timeout-ms 20000 \
          --trace "$3" -q "${@:7}" > /dev/null && "$4" "$5" "$3" && "$4" "$6" "$2" "$3"' _ \
        "$tile_run" "$art" "$out/work/$name/$run.json" "$python" \
        "$root/tools/bench/trace_summary.py" "$root/tools/bench/critical_path.py" "${trace_args[@]}"
    done
  done
fi

# ---- 4b. one cross-worker dependency edge ---------------------------------------------
# gpu-artifacts/edge/chain: 256 empty tasks alternating between two workers,
# each waiting for the previous; ms per step (second call of 64 steps in one
# launch) / 256 = one edge: signal, wait, wake-up and the walker's per-task
# work. PERF.md's bar: <= 1 us.
chain=$artifacts/edge/chain
if [ "$quick" != 1 ] && [ -n "$tile_run" ] && [ -f "$chain/manifest.json" ]; then
  NOTE_PATTERN='ms/step'
  if check edge/chain 60 "$tile_run" "$chain" --backend cuda --steps 128 --steps-per-call 64 \
      --steps-per-launch 64 --wait-timeout-ms 20000; then
    ms=$(second_call_ms "$logs/edge_chain.log")
    [ -n "$ms" ] && record edge/chain/per-edge INFO 0 \
      "$("$python" -c "print('%.3f' % (float('$ms') / 64 / 256 * 1000))") us per edge (64 steps x 256 edges in $ms ms; PERF.md bar: <= 1 us)"
  fi
fi

# ---- 5. compute-sanitizer --------------------------------------------------------
if [ "$quick" != 1 ] && [ -n "$tile_run" ] && [ ${#sanitize_cases[@]} -gt 0 ]; then
  if ! command -v compute-sanitizer > /dev/null; then
    record sanitizer FAIL 0 "compute-sanitizer not found"
  else
    for case_dir in "${sanitize_cases[@]}"; do
      load_case "$case_dir"
      name=$(basename "$case_dir")
      for tool in memcheck racecheck; do
        # Sanitized kernels run many times slower: a generous watchdog.
        NOTE_PATTERN='ERROR SUMMARY|RACECHECK SUMMARY'
        check "$name/$tool" 120 compute-sanitizer --tool "$tool" --error-exitcode 99 \
          --print-limit 20 "$tile_run" "$ARTIFACT" --backend cuda --wait-timeout-ms 60000 \
          "${CASE_CUDA_ARGS[@]}" "${CASE_ARGS[@]}" "${STEPS[@]}" -q
      done
    done
  fi
fi

# ---- 6. the PyTorch baseline (PERF.md: same run, same card) -------------------------
# gpu-artifacts/baseline_decode.py (copied by prepare-gpu-check.sh from the
# project's shared bench folder): plain PyTorch Llama-3.2-1B and 3.1-8B decode,
# eager and CUDA-graph replayed, writes $OUT/baseline.json. Last: it is the
# least important and the slowest.
if [ "$quick" != 1 ] && [ -f "$artifacts/baseline_decode.py" ]; then
  NOTE_PATTERN='graph|ceilings'
  check baseline/pytorch 300 env OUT="$out" PYTHONUNBUFFERED=1 "$python" \
    "$artifacts/baseline_decode.py"
fi

# ---- the table (last) -------------------------------------------------------------
fails=0
{
  echo
  echo "gpu-check: $(elapsed)s, logs in $out/logs"
  printf '%-40s %-5s %7s  %s\n' check result time note
  for i in "${!names[@]}"; do
    printf '%-40s %-5s %6ss  %s\n' "${names[$i]}" "${results[$i]}" "${times[$i]}" "${notes[$i]}"
    case ${results[$i]} in FAIL | TIME) fails=$((fails + 1)) ;; esac
  done
} > "$out/table.txt"
passes=0
for r in "${results[@]}"; do [ "$r" = PASS ] && passes=$((passes + 1)); done
echo "$passes passed, $fails failed" >> "$out/table.txt"
cat "$out/table.txt"
# The whole table runs to 150+ lines; a caller that keeps only the end of
# the output (the device tool keeps 12,000 characters) still gets what
# matters: every check that did not pass, then the figures.
{
  echo
  echo "gpu-check summary: not passed, then figures (whole table: $out/table.txt)"
  for i in "${!names[@]}"; do
    case ${results[$i]} in
    FAIL | TIME | SKIP) printf '%-44s %-5s %s\n' "${names[$i]}" "${results[$i]}" "${notes[$i]:0:150}" ;;
    esac
  done
  for i in "${!names[@]}"; do
    [ "${results[$i]}" = INFO ] && printf '%-44s %s\n' "${names[$i]}" "${notes[$i]}"
  done
  echo "$passes passed, $fails failed"
} | tee -a "$out/table.txt"
[ $fails -eq 0 ]
