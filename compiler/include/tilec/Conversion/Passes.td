//===- Passes.td - tilec conversion passes -----------------*- tablegen -*-===//
#ifndef TILEC_CONVERSION_PASSES_TD
#define TILEC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertTileToNVVMPass : Pass<"convert-tile-to-nvvm", "::mlir::ModuleOp"> {
  let summary = "Lowers the task-level synchronization and copy ops of device "
                "code to NVVM, LLVM and inline PTX";
  let description = [{
    One pattern per op (compiler/lib/Conversion/TileToNVVM/), each with its
    test under test/Conversion/TileToNVVM/:

    | op | becomes |
    |---|---|
    | `tile.signal` | `red.<ordering>.<scope>.global.add.u32` (inline PTX: LLVM 22 drops the ordering of `atomicrmw`); `atom.acq_rel.<scope>` for `acq_rel` |
    | `tile.wait` | a spin on `ld.<ordering>.<scope>.global.u32` (an atomic load) until the counter reaches the event's count, backing off with `nanosleep` from 32 to 256 ns |
    | `tile.alloc_shared` | a 128-byte aligned offset into the dynamic shared memory `@__tile_dynamic_shared`; the module's total in `tile.dynamic_shared_bytes` |
    | `tile.mbarrier_init` | a shared `i64`; thread 0 runs `mbarrier.init.shared::cta.b64` and `fence.mbarrier_init.release.cluster`, then `barrier.sync 0` |
    | `tile.copy_async` | `mbarrier.arrive.expect_tx.shared::cta.b64` for the tile's bytes, then one `cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes` (one per row where the tile's rows are not contiguous in the source) |
    | `tile.await` | a spin on `mbarrier.try_wait.parity.shared::cta.b64` for the copy's phase |

    Types: `!tile.event` becomes `!llvm.struct<(ptr<1>, i32)>` (the counter
    and the count that completes this step), `!tile.barrier` `!llvm.ptr<3>`,
    `!tile.token` `!llvm.struct<(ptr<3>, i32)>` (the barrier and the phase
    parity), memrefs their LLVM descriptors; function signatures, calls and
    returns that carry these types are converted along.

    Device code is a function outside every `tile.program`: the kernel's own
    synchronization (the walker's signals in
    compiler/lib/Target/device/Kernel.mlir are `tile.signal`). Ops inside a
    `tile.program` are left alone: a program's header waits and signals
    become entries of its schedule table, which the walker runs.
  }];
  let dependentDialects = [
    "::mlir::LLVM::LLVMDialect", "::mlir::NVVM::NVVMDialect",
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect"
  ];
}

#endif // TILEC_CONVERSION_PASSES_TD
