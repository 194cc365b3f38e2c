#!/usr/bin/env bash
# Sets up, builds and runs tilec on Debian 12 (run as root, or with sudo rights).
#
#   tools/setup.sh run    install missing packages, build, compile the bundled
#                         example and run it (the README's first command)
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
packages=(cmake ninja-build g++ python3 ccache
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
  out=$build/example-out
  log "compiling examples/mlp_block.mlir (graph level) with tilec"
  "$build/bin/tilec" "$root/examples/mlp_block.mlir" -o "$out" -v
  log "compiling examples/two_workers.mlir (task level, schedule verified)"
  "$build/bin/tilec" "$root/examples/two_workers.mlir" -o "$out" -v
  log "compiled program:"
  cat "$out/two_workers.verified.mlir"
  ;;
test)
  log "running the test suite"
  rc=0
  rm -f "$build/test/lit-results.json"
  (cd "$build" && ctest --output-on-failure) || rc=$?
  # lit's per-test results make the closing line CI reads.
  python3 - "$build/test/lit-results.json" <<'PY'
import json, sys
try:
    tests = json.load(open(sys.argv[1]))["tests"]
except (OSError, ValueError, KeyError) as e:
    print(f"cannot read lit results: {e}"); print("0 passed, 1 failed"); sys.exit(0)
codes = [t["code"] for t in tests]
ok = sum(c in ("PASS", "XFAIL") for c in codes)
unsupported = sum(c == "UNSUPPORTED" for c in codes)
bad = len(codes) - ok - unsupported
print(f"lit: {len(codes)} tests, {unsupported} unsupported (missing ptxas or GPU)")
print(f"{ok} passed, {bad} failed")
PY
  exit $rc
  ;;
esac
