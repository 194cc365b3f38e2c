# -*- Python -*-
import os
import sys

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "TILEC"
# bash, not lit's internal shell: the end-to-end tests loop over chaos seeds.
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "Inputs", "lit.cfg.py", "lit.site.cfg.py", "lit-results.json"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tilec_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%examples", os.path.join(config.tilec_src_root, "examples")))
config.substitutions.append(("%tilec_src", config.tilec_src_root))
config.substitutions.append(("%tilec_obj", config.tilec_obj_root))
config.environment["FILECHECK_OPTS"] = "--enable-var-scope"

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

# Debian's LLVM keeps FileCheck, not, count and split-file in its bin/.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.tilec_tools_dir, append_path=True)
tool_dirs = [config.tilec_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(
    ["tile-opt", "tilec", "tile-run", "tile-tblgen", "not", "count", "split-file",
     "mlir-opt", "mlir-translate", "llc"], tool_dirs)
# The numpy references run on the Python that runs lit (Debian's python3,
# where tools/setup.sh installs python3-numpy).
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%reference", os.path.join(config.tilec_src_root, "test", "reference")))

# Optional tools and devices become features; tests that need them say
# `REQUIRES: ptxas` / `REQUIRES: cuda-gpu` and are reported UNSUPPORTED here.
if config.ptxas and os.path.exists(config.ptxas):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", config.ptxas))
# `cuda-backend` tests run tile-run --backend cuda: on the GPU where there is
# one (`cuda-gpu`), else on the PTX emulator (`ptx-emu`, tools/ptx-emu), which
# runs the same generated kernel.ptx on the CPU through the same runtime.
if config.have_cuda_gpu:
    config.available_features.add("cuda-gpu")
    config.available_features.add("cuda-backend")
elif config.ptx_emu and os.path.exists(config.ptx_emu):
    config.available_features.add("ptx-emu")
    config.available_features.add("cuda-backend")
    config.environment["TILEC_CUDA_DRIVER"] = config.ptx_emu
    # ...with compute-sanitizer's racecheck as part of every run.
    config.environment["TILEC_PTX_EMU_RACECHECK"] = "1"
