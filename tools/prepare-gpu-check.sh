#!/usr/bin/env bash
# Here, on the CPU machine (which has LLVM/MLIR and tilec): prepares what
# tools/gpu-check.sh runs on a GPU machine (which has neither).
#
#   tools/prepare-gpu-check.sh [OUT]        OUT defaults to gpu-artifacts/
#
# OUT/cases/<name>/   one check case each: artifact/ (tilec's output, with
#                     kernel.ptx), data/ (generated inputs and weights, if
#                     any), case.sh (how gpu-check.sh runs and judges it)
# OUT/bin/            tile-run and tilec-runtime-tests built here with the CUDA
#                     backend (they need only libc, libstdc++ and, at run
#                     time, the driver's libcuda.so.1), if RUNTIME_BUILD has them
# OUT/include/        the nlohmann/, CLI/ and fmt/ headers, so the GPU machine
#                     can also build the runtime and tile-run itself
#                     (cmake -S runtime -DTILEC_THIRD_PARTY_INCLUDE=...)
# OUT/PREPARED.txt    what was prepared, from what, and what is missing
#
# gpu-artifacts/ is git-ignored: give it to the device machine as a carried
# path (the `run` tool's carry: ["gpu-artifacts"]); its cases refer to the
# checkpoints under test/models and examples/, which travel with the tree.
#
# Environment: TILEC (default build/bin/tilec), RUNTIME_BUILD (default
# build-cuda if it exists, else build: the build whose bin/ holds tile-run
# with the CUDA backend),
# PYTHON (a python3 with numpy, for test/reference/blocks.py).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/gpu-artifacts}
tilec=${TILEC:-$root/build/bin/tilec}
# The build whose tile-run has the cuda backend: build-cuda if there is one,
# else build (tools/setup.sh's, which has it wherever CUDA's cuda.h was found).
runtime_build=${RUNTIME_BUILD:-$root/build-cuda}
[ -n "${RUNTIME_BUILD:-}" ] || [ -x "$runtime_build/bin/tile-run" ] || runtime_build=$root/build
target=sm_90a
models=(llama-tied llama3-scaled mistral qwen2 qwen3)

log() { printf '==> %s\n' "$*"; }
die() { printf 'prepare-gpu-check: error: %s\n' "$*" >&2; exit 1; }

# Bring both builds up to date first: a tile-run older than the tilec that
# writes the tables would reject them (table version), or run old kernels.
for b in "$(dirname "$(dirname "$tilec")")" "$runtime_build"; do
  if [ -f "$b/build.ninja" ]; then
    log "building $b"
    ninja -C "$b" > /dev/null || die "the build in $b failed (ninja -C $b)"
  fi
done
[ -x "$tilec" ] || die "no tilec at $tilec: build it (tools/setup.sh build) or set TILEC"
python=${PYTHON:-}
if [ -z "$python" ]; then
  for p in /usr/bin/python3 python3; do
    if "$p" -c 'import numpy' 2>/dev/null; then python=$p; break; fi
  done
fi
[ -n "$python" ] || die "no python3 with numpy (needed by test/reference/blocks.py); set PYTHON"

rm -rf "${out:?}/cases" "${out:?}/bin" "${out:?}/include" "${out:?}/edge"
mkdir -p "$out/cases" "$out/bin" "$out/include" || die "cannot create $out"
report=()
missing_ptx=0
failed=0

# compile NAME TILEC-ARGS... : OUT/cases/NAME/artifact
compile() {
  local name=$1; shift
  local dir=$out/cases/$name
  mkdir -p "$dir"
  if ! "$tilec" "$@" -o "$dir/artifact" > "$dir/tilec.log" 2>&1; then
    report+=("$name: tilec FAILED (see cases/$name/tilec.log)")
    failed=$((failed + 1))
    return 1
  fi
  if [ -s "$dir/artifact/kernel.ptx" ]; then
    report+=("$name: ok ($(wc -l < "$dir/artifact/kernel.ptx") PTX lines)")
  else
    report+=("$name: NO kernel.ptx (the cuda backend will refuse it)")
    missing_ptx=$((missing_ptx + 1))
  fi
}

# case_file NAME: writes stdin to OUT/cases/NAME/case.sh
case_file() {
  {
    echo "# Written by tools/prepare-gpu-check.sh; sourced by tools/gpu-check.sh, which"
    echo "# sets ROOT (the repository) and CASE (this directory) first."
    cat
  } > "$out/cases/$1/case.sh"
}

log "compiling with $tilec ($("$tilec" --version 2>/dev/null | head -1)), target $target"

# --- the bundled examples, with the inputs of their host-backend tests ---------
if compile mlp "$root/examples/mlp_block.mlir" --target $target --workers=4 --max-task-bytes=4096; then
  "$python" "$root/test/reference/blocks.py" mlp "$out/cases/mlp/data" --seed 7 > /dev/null
  case_file mlp <<'EOF'
CASE_KIND=run
CASE_ARGS=(--weights "$CASE/data/weights.safetensors" --input "h=@$CASE/data/h.bin")
CASE_ATOL=1e-4 CASE_RTOL=1e-4
CASE_SANITIZE=1
EOF
fi
if compile attention "$root/examples/attention_block.mlir" --target $target --workers=4 --kv-chunk=4; then
  "$python" "$root/test/reference/blocks.py" attention "$out/cases/attention/data" --seed 3 \
    --steps 5 > /dev/null
  case_file attention <<'EOF'
CASE_KIND=run
CASE_ARGS=(--weights "$CASE/data/weights.safetensors" --input "h=@$CASE/data/h.bin")
CASE_STEPS=5
CASE_ATOL=1e-4 CASE_RTOL=1e-4
EOF
fi
if compile two_workers "$root/examples/two_workers.mlir"; then
  case_file two_workers <<'EOF'
CASE_KIND=run
CASE_ARGS=(--random-weights 1 --input "x=@$ROOT/test/examples/Inputs/ones64.f32")
CASE_STEPS=3
CASE_ATOL=0 CASE_RTOL=0
EOF
fi

# --- the tiny models: decode a prompt + 32 tokens, against golden.json ---------
decode_case() { # NAME MODEL_DIR DTYPE WORKERS [TILEC-FLAGS...]
  local name=$1 model=$2 dtype=$3 workers=$4
  shift 4
  compile "$name" "$root/$model" --target $target --dtype "$dtype" --max-seq-len 64 \
    --workers "$workers" "$@" || return 0
  if [ "$dtype" = f32 ]; then
    case_file "$name" <<EOF
CASE_KIND=decode
CASE_ARGS=(--weights "\$ROOT/$model" --prompt-ids 1,17,42,7 --steps 32)
CASE_GOLDEN="\$ROOT/$model/golden.json"
CASE_GOLDEN_ARGS=()
CASE_ATOL=1e-4 CASE_RTOL=1e-4
EOF
  else
    # bf16: fed the golden ids (teacher forcing), as test/models/*.test do.
    case_file "$name" <<EOF
CASE_KIND=decode
CASE_FORCE_IDS=\$(python3 -c "import json; print(','.join(map(str, json.load(open('\$ROOT/$model/golden.json'))['generated'])))")
CASE_ARGS=(--weights "\$ROOT/$model" --prompt-ids 1,17,42,7 --steps 32 --force-ids "\$CASE_FORCE_IDS")
CASE_GOLDEN="\$ROOT/$model/golden.json"
CASE_GOLDEN_ARGS=(--teacher-forced --atol 0.1)
CASE_ATOL=0.1 CASE_RTOL=0
CASE_IDS_MAY_DIFFER=1
EOF
  fi
}
decode_case tiny-llama-f32 examples/tiny-llama f32 8
# One worker per SM of an H100/H200: the persistent kernel on the whole GPU.
decode_case tiny-llama-f32-132w examples/tiny-llama f32 132
for m in "${models[@]}"; do
  decode_case "$m-f32" "test/models/$m" f32 8
  decode_case "$m-bf16" "test/models/$m" bf16 8
done
# The same with attention's combine as tasks of its own: if a model fails
# on the GPU and these pass, the folded combine (@stage_combined) is at
# fault (head_dim 16 takes its 8-element groups, 12 its element path).
decode_case llama3-scaled-f32-sepcomb test/models/llama3-scaled f32 8 --separate-attention-combine
decode_case llama-tied-bf16-sepcomb test/models/llama-tied bf16 8 --separate-attention-combine
# And with the query's rope and the KV appends as three tasks: if a model
# fails and this passes, tile.rope_append's body is at fault.
decode_case qwen3-bf16-seprope test/models/qwen3 bf16 8 --separate-rope-append
for c in llama3-scaled-f32-sepcomb llama-tied-bf16-sepcomb qwen3-bf16-seprope; do # diagnostics: few repeats
  [ -f "$out/cases/$c/case.sh" ] && echo "CASE_REPEATS=10" >> "$out/cases/$c/case.sh"
done
# The sanitizers also run one bf16 model: its matvecs and attention take
# the vector paths (shared memory, 16-byte loads), the examples' do not.
[ -f "$out/cases/llama-tied-bf16/case.sh" ] && echo "CASE_SANITIZE=1" >> "$out/cases/llama-tied-bf16/case.sh"

# --- sm_80: the kernel without Hopper's bulk copies and L2 bulk prefetches ----
# (an H100 runs sm_80 PTX too): llama3-scaled bf16, judged like its sm_90a case.
if compile llama3-scaled-bf16-sm80 "$root/test/models/llama3-scaled" --target sm_80 \
     --dtype bf16 --max-seq-len 64 --workers 8; then
  case_file llama3-scaled-bf16-sm80 <<'EOF'
source "$CASE/../llama3-scaled-bf16/case.sh"
CASE_REPEATS=10
EOF
fi

# --- tensor parallelism: N devices emulated on one GPU (every program's CTAs
# in one launch, sends through the peer table, a sys-scope step barrier) ------
decode_case tiny-llama-f32-tp2 examples/tiny-llama f32 8 --devices 2
decode_case tiny-llama-f32-tp4 examples/tiny-llama f32 8 --devices 4
decode_case mistral-bf16-tp4 test/models/mistral bf16 8 --devices 4
# 2 x 66 workers: the whole GPU, one CTA per SM.
decode_case qwen3-f32-tp2-66w test/models/qwen3 f32 66 --devices 2
# Heterogeneous: device 0 embeds and picks tokens, devices 1-2 run the layers.
decode_case tiny-llama-f32-tokdev3 examples/tiny-llama f32 8 --devices 3 --placement token-device

# --- wide shapes: the bf16 fast paths beyond what the tiny models reach --------
# Rows of 2304 and 4104 columns (several 2048-column rounds, a partial one),
# head_dim 128, 9 query heads per KV head (more than the 8 warps), chunks of
# 300 positions (more than one per thread); 300 prompt tokens teacher-forced,
# then 4 steps, host vs cuda logits.
if compile wide-bf16 "$root/test/gpu/Inputs/wide-bf16/config.json" --target $target \
     --max-seq-len 640 --kv-chunk 300 --workers 16; then
  case_file wide-bf16 <<'EOF'
CASE_KIND=decode
CASE_PROMPT=$(python3 -c "print(','.join(str((i * 37 + 11) % 512) for i in range(300)))")
CASE_ARGS=(--random-weights 1 --prompt-ids "$CASE_PROMPT" --steps 4 --force-ids 1,2,3)
CASE_ATOL=0.1 CASE_RTOL=0
CASE_IDS_MAY_DIFFER=1
# 100 repeats of its 304-step decode took 39 s on an H200; the other cases
# repeat 100 times.
CASE_REPEATS=20
EOF
fi

# --- the weight ring: the bf16 cases again, weights through the ring ------------
# Each reuses its case's artifact and judgement, with --weight-ring on every
# cuda run (tile-run; the host side is unchanged).
for c in llama-tied-bf16 llama3-scaled-bf16 mistral-bf16 qwen2-bf16 qwen3-bf16 wide-bf16; do
  [ -f "$out/cases/$c/case.sh" ] || continue
  mkdir -p "$out/cases/$c-ring"
  {
    echo "# The case $c with the weight ring (written by tools/prepare-gpu-check.sh)."
    echo "source \"\$CASE/../$c/case.sh\""
    echo "ARTIFACT=\$CASE/../$c/artifact"
    echo "CASE_CUDA_ARGS=(--weight-ring)"
    [ "$c" = llama-tied-bf16 ] && echo "CASE_SANITIZE=1"
  } > "$out/cases/$c-ring/case.sh"
  report+=("$c-ring: $c with --weight-ring")
done

# --- broken schedules, forced past the verifier -------------------------------
# A wait on an event nobody signals: must be the watchdog's error, not a hang.
if compile deadlock "$root/test/gpu/Inputs/deadlock.mlir" --no-verify-schedule; then
  case_file deadlock <<'EOF'
CASE_KIND=deadlock
CASE_ARGS=(--random-weights 1 --wait-timeout-ms 200)
EOF
fi
# The missing wait of test/examples (a race), retargeted from host to the GPU:
# must run to the end; whether its results vary is reported, not judged.
mkdir -p "$out/cases/missing-wait"
sed "s/target(\"host\")/target(\"$target\")/" "$root/test/examples/Inputs/missing-wait.mlir" \
  > "$out/cases/missing-wait/missing-wait.mlir"
if compile missing-wait "$out/cases/missing-wait/missing-wait.mlir" --no-verify-schedule; then
  case_file missing-wait <<'EOF'
CASE_KIND=race
CASE_ARGS=(--random-weights 5 --input "x=@$ROOT/test/examples/Inputs/ones64.f32")
CASE_STEPS=10
EOF
fi

# --- the benchmark: a Llama-3.2-1B-shaped model (random weights on the GPU) ----
# The default partition, and variants that answer tuning questions:
# attention split into 32-position chunks (16 per KV head at 512 positions:
# more attention tasks in parallel), two workers (CTAs) per SM, and the
# attention combine as tasks of its own (not folded into the o projection).
mkdir -p "$out/bench"
bench() { # NAME CONFIG TILEC-FLAGS...
  local name=$1 config=$2
  shift 2
  if "$tilec" "$config" -o "$out/bench/$name" --target "$target" --max-seq-len 512 "$@" \
       > "$out/bench/$name.log" 2>&1; then
    report+=("bench/$name: ok ($*)")
  else
    report+=("bench/$name: FAILED to compile (see bench/$name.log)")
  fi
}
config=$root/tools/bench/configs/llama-3.2-1b.json
bench llama-3.2-1b "$config"
bench llama-3.2-1b-kv32 "$config" --kv-chunk 32
# 8 chunks of 64: the most a folded combine takes (kv32's 16 get combine tasks).
bench llama-3.2-1b-kv64 "$config" --kv-chunk 64
bench llama-3.2-1b-w264 "$config" --workers 264
# What folding attention's combine into the o projection gains (or costs).
bench llama-3.2-1b-sepcomb "$config" --separate-attention-combine
# The query's rope and the KV appends as three tasks, not one rope_append:
# which schedule is faster on the GPU (emulator: the same round trips).
bench llama-3.2-1b-seprope "$config" --separate-rope-append
# PERF.md's second shape (15 GB of weights; gpu-check times fewer modes).
bench llama-3.1-8b "$root/tools/bench/configs/llama-3.1-8b.json"
# One cross-worker dependency edge (PERF.md: <= 1 us): a chain of 256 empty
# tasks alternating between two workers (tools/bench/edge_chain.py).
mkdir -p "$out/edge"
if "$python" "$root/tools/bench/edge_chain.py" 256 "$target" > "$out/edge/chain.mlir" &&
   "$tilec" "$out/edge/chain.mlir" -o "$out/edge/chain" > "$out/edge/chain.log" 2>&1; then
  report+=("edge/chain: ok (256 edges per step)")
else
  report+=("edge/chain: FAILED (see edge/chain.log)")
fi
# tile-run needs the manifest, the table and the kernel; the program text
# (program.mlir, 4-8 MB each) only takes room in the 64 MiB that travel.
rm -f "$out"/bench/*/program.mlir

# --- the PyTorch baseline of PERF.md, timed in the same run on the same card ----
baseline=$root/../shared/bench/baseline_decode.py
if [ -f "$baseline" ]; then
  cp "$baseline" "$out/baseline_decode.py" && report+=("baseline_decode.py: from $baseline")
else
  rm -f "$out/baseline_decode.py"
  report+=("baseline_decode.py: not found at $baseline (gpu-check skips the PyTorch baseline)")
fi

# --- binaries built here, and headers to build them there -----------------------
bins=()
for b in tile-run tilec-runtime-tests; do
  src=$runtime_build/bin/$b
  if [ -x "$src" ]; then
    cp "$src" "$out/bin/" && bins+=("$b")
  fi
done
if [ -x "$out/bin/tile-run" ] && ! grep -q -- --cuda-device <<< "$("$out/bin/tile-run" --help 2>/dev/null)"; then
  report+=("bin/tile-run: built without the CUDA backend options: removed")
  rm -f "$out/bin/tile-run"
fi
for b in "${bins[@]}"; do
  [ -x "$out/bin/$b" ] || continue
  deps=$(ldd "$out/bin/$b" 2>/dev/null | awk '{print $1}' | grep -v -E '^(linux-vdso|/lib64/ld-linux)' | tr '\n' ' ')
  report+=("bin/$b: needs $deps")
done
[ ${#bins[@]} -gt 0 ] || report+=("bin/: no binaries in $runtime_build/bin (gpu-check.sh will build them)")
for h in nlohmann CLI fmt; do
  if [ -d "/usr/include/$h" ]; then
    cp -r "/usr/include/$h" "$out/include/"
  else
    report+=("include/$h: not found under /usr/include")
  fi
done

{
  echo "Prepared by tools/prepare-gpu-check.sh on $(hostname) at $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "tilec: $tilec ($("$tilec" --version 2>/dev/null | head -1)); binaries from $runtime_build/bin"
  echo "Run on a GPU machine: tools/gpu-check.sh (carry gpu-artifacts)"
  echo
  printf '%s\n' "${report[@]}"
} > "$out/PREPARED.txt"
cat "$out/PREPARED.txt"
du -sh "$out" | awk '{print "size: " $1}'
if [ $missing_ptx -gt 0 ]; then
  log "$missing_ptx artifact(s) have no kernel.ptx: tilec does not write the kernel yet"
fi
[ $failed -eq 0 ] || die "$failed artifact(s) failed to compile"
