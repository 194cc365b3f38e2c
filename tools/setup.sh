#!/usr/bin/env bash
# Sets up, builds and runs tilec on Debian 12 (run as root, or with sudo rights).
#
#   tools/setup.sh run    install missing packages, build, compile the bundled
#                         tiny Llama model, decode 32 tokens on the host
#                         backend, check them against transformers' output
#                         (the README's first command)
#   tools/setup.sh test   install, build, run the whole test suite (the README's
#                         second command; .ci/run calls it)
#   tools/setup.sh build  install and build only
#
# Idempotent and incremental: packages already present are not reinstalled, an
# existing build directory is reused. BUILD_DIR overrides the build directory
# (default: build/ in the repository).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
mode=${1:-build}
case "$mode" in run|test|build) ;; *)
  echo "usage: $0 run|test|build" >&2; exit 2 ;;
esac

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- 1. Debian packages --------------------------------------------------------
packages=(cmake ninja-build g++ python3 ccache pkgconf
          llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
          libfmt-dev libcli11-dev nlohmann-json3-dev python3-numpy libgtest-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "all ${#packages[@]} Debian packages present"
fi

# --- 2. Configure (once) and build (incrementally) -------------------------------
if [ ! -f "$build/build.ninja" ]; then
  log "configuring $build"
  cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
fi
log "building"
start=$(date +%s)
ninja -C "$build"
log "build done in $(( $(date +%s) - start )) s"

# --- 3. The job ---------------------------------------------------------------
case "$mode" in
run)
  # The bundled model: a tiny Llama checkpoint (config.json + safetensors,
  # random bf16 weights). Compile it, decode 32 tokens after a 4-token prompt,
  # and check the ids and logits against Hugging Face transformers' output.
  model=$root/examples/tiny-llama
  out=$build/example
  rm -rf "$out" && mkdir -p "$out"
  log "compiling $model (config.json only) with tilec"
  "$build/bin/tilec" "$model" -o "$out/artifact" --dtype f32 --max-seq-len 128 --workers 8 -v
  # On the GPU when there is one (kernel.ptx through the CUDA backend), else
  # on the host backend, with a trace of its tasks.
  backend=(--backend host --trace "$out/trace.json")
  if command -v nvidia-smi > /dev/null && nvidia-smi -L > /dev/null 2>&1; then
    backend=(--backend cuda)
  fi
  log "decoding 32 tokens on the ${backend[1]} backend"
  "$build/bin/tile-run" "$out/artifact" --weights "$model" --prompt-ids 1,17,42,7 --steps 32 \
    --logits-out "$out/logits.bin" "${backend[@]}" | tee "$out/run.txt"
  log "comparing with transformers (examples/tiny-llama/golden.json)"
  /usr/bin/python3 "$root/test/models/check_golden.py" "$model/golden.json" \
    "$(grep '^generated:' "$out/run.txt")" "$out/logits.bin"
  log "artifact: $out/artifact (schedule.tbl, manifest.json, program.mlir, kernel.ptx)"
  ;;
test)
  log "running the test suite (lit + GoogleTest, through CTest)"
  rm -f "$build/test/lit-results.json" "$build/ctest-results.xml"
  rc=0
  (cd "$build" && ctest --output-on-failure --output-junit ctest-results.xml) || rc=$?
  # One closing line for CI, counting lit tests one by one (CTest sees the
  # whole lit suite as one test) plus every GoogleTest case.
  python3 - "$build/test/lit-results.json" "$build/ctest-results.xml" <<'PY'
import json, sys
import xml.etree.ElementTree as ET
passed = failed = unsupported = 0
try:
    for t in json.load(open(sys.argv[1]))["tests"]:
        if t["code"] in ("PASS", "XFAIL"):
            passed += 1
        elif t["code"] == "UNSUPPORTED":
            unsupported += 1
        else:
            failed += 1
except (OSError, ValueError, KeyError) as e:
    print(f"lit results unreadable ({e}): counting the lit suite as failed")
    failed += 1
lit = (passed, failed)
try:
    for case in ET.parse(sys.argv[2]).getroot().iter("testcase"):
        if case.get("name") == "lit":
            continue
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            unsupported += 1
        else:
            passed += 1
except (OSError, ET.ParseError) as e:
    print(f"CTest results unreadable ({e}): counting the unit tests as failed")
    failed += 1
print(f"lit: {lit[0]} passed, {lit[1]} failed; unit tests: {passed - lit[0]} passed, "
      f"{failed - lit[1]} failed; {unsupported} unsupported (need a GPU, or ptxas)")
print(f"{passed} passed, {failed} failed")
PY
  exit $rc
  ;;
esac
