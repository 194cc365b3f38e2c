//===- TileTaskOps.td - task-level ops ---------------------*- tablegen -*-===//
//
// Programs, arena buffers, event counters, tasks and the synchronization and
// data-movement ops that task bodies use. Every synchronizing op spells its
// memory ordering and scope; every description names the PTX it becomes.
//
//===----------------------------------------------------------------------===//
#ifndef TILE_TASK_OPS_TD
#define TILE_TASK_OPS_TD

include "tile/Dialect/Tile/TileDialect.td"
include "tile/Dialect/Tile/TileAttrs.td"
include "tile/Dialect/Tile/TileInterfaces.td"
include "tile/Dialect/Tile/TileTypes.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class Tile_TaskLevelOp<string mnemonic, list<Trait> traits = []>
    : Op<Tile_Dialect, mnemonic, traits>;

def Tile_GlobalMemRef : MemRefOf<[BF16, F16, F32, I32, I8]>;

// Resources the async ops read and write, so passes see the effects.
def Tile_SharedMemory : Resource<"::mlir::tile::SharedMemoryResource">;

//===----------------------------------------------------------------------===//
// Structure: program, buffer, event, task
//===----------------------------------------------------------------------===//

def Tile_ProgramOp : Tile_TaskLevelOp<"program", [
    Symbol, SymbolTable, IsolatedFromAbove, SingleBlock, NoTerminator,
    HasParent<"::mlir::ModuleOp">]> {
  let summary = "the work of one device: buffers, events and tasks";
  let description = [{
    One persistent kernel for one device: `workers` CTAs (at most one per SM)
    each walk their ordered list of `tile.task`s. `target` is a CUDA
    architecture (`sm_90a`) or `host` for the CPU backend; what passes may
    assume of it (SMs, shared memory, features) is `#tile.target`, given
    as the `tile.target` attribute or known for the chip. Device ids are
    unique within a module; `tile.send` names a peer's symbols as
    `@peer::@symbol`.

    ```mlir
    tile.program @gpu0 device(0) target("sm_90a") workers(132) {
      %x = tile.buffer @x kind(activation) : memref<4096xbf16>
      %e = tile.event @x_ready target(4) scope(gpu)
      tile.task @t0 worker(0) order(0) signals(%e) { }
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, Tile_I64Attr:$device, StrAttr:$target,
                       Tile_I64Attr:$workers);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name `device` `(` $device `)` `target` `(` $target `)` `workers` `(` $workers `)`
    attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// End of the last planned buffer (offset + size), 0 if none is planned.
    int64_t getPlannedArenaEnd();
    /// Arena size the runtime allocates: the planned end, rounded up to 256.
    int64_t getArenaBytes();
    /// What passes may assume of the device: the `tile.target` attribute
    /// if the program has one, else TargetAttr::getKnown(target).
    TargetAttr getTargetDescription();
  }];
}

// Buffers and events are named like symbols but are not `Symbol`s: symbols
// cannot define SSA values, and tasks use them as values. Their names share
// one namespace per program with the tasks (checked by the program).
def Tile_BufferOp : Tile_TaskLevelOp<"buffer", [HasParent<"ProgramOp">]> {
  let summary = "a named region of the device arena";
  let description = [{
    Weights, KV caches, inputs and outputs have arena space of their own;
    activations and scratch live within a step and may share space with
    others whose lifetimes do not overlap. `offset` is the
    byte offset in the arena, set by memory planning; it is 16-byte aligned
    so every buffer can be read with 16-byte vector loads and bulk copies.
    `source` names the checkpoint tensor a weight is loaded from; `slice`
    `[dim, begin, end, extent]` says the buffer holds only indices [begin,
    end) of that tensor's dimension `dim`, which has `extent` indices (a
    tensor-parallel shard: rows of a column-split projection's weight,
    columns of a row-split one), the tensor's other dimensions being the
    buffer's.

    An activation may be a view of another buffer of its program: `in @g
    at B` places it B bytes into @g (memory planning gives it @g's offset
    plus B), so an op can write its slice of a gathered result in place.

    ```mlir
    %w = tile.buffer @wq kind(weight) offset(0) : memref<4096x4096xbf16>
    %wo = tile.buffer @wo kind(weight) source("o_proj.weight") slice [1, 0, 2048, 4096]
        : memref<4096x2048xbf16>
    %part = tile.buffer @part kind(activation) in @logits at 64000 : memref<16000xf32>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, Tile_BufferKindAttr:$kind,
                       OptionalAttr<Tile_I64Attr>:$offset,
                       OptionalAttr<StrAttr>:$source,
                       OptionalAttr<DenseI64ArrayAttr>:$slice,
                       OptionalAttr<FlatSymbolRefAttr>:$parent,
                       OptionalAttr<Tile_I64Attr>:$parent_offset);
  let results = (outs Tile_GlobalMemRef:$result);
  let assemblyFormat = [{
    $sym_name `kind` `(` $kind `)` (`offset` `(` $offset^ `)`)?
    (`source` `(` $source^ `)`)? (`slice` $slice^)?
    (`in` $parent^ `at` $parent_offset)? attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Size of the buffer in bytes.
    int64_t getSizeInBytes();
  }];
}

def Tile_EventOp : Tile_TaskLevelOp<"event", [HasParent<"ProgramOp">]> {
  let summary = "a monotonic event counter with its per-step target";
  let description = [{
    `target` is the number of signals the event receives per step; waiters of
    step `epoch` (1-based) wait until the counter reaches `target * epoch`.
    `scope` is the widest scope between its producers and consumers: `gpu`
    within one device, `sys` when a peer device signals it through
    `tile.send`.

    ```mlir
    %e = tile.event @h_ready target(8) scope(gpu)
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, Tile_I64Attr:$target,
                       Tile_MemoryScopeAttr:$scope);
  let results = (outs Tile_EventType:$result);
  let assemblyFormat = [{
    $sym_name `target` `(` $target `)` `scope` `(` $scope `)` attr-dict
  }];
  let hasVerifier = 1;
}

def Tile_TaskOp : Tile_TaskLevelOp<"task", [
    Symbol, SingleBlock, NoTerminator, AttrSizedOperandSegments,
    HasParent<"ProgramOp">]> {
  let summary = "a microtask run by one worker, with its waits and signals";
  let description = [{
    Before its body runs, a task waits on every event in `waits` (acquire);
    after it, it signals every event in `signals` once (release). The
    scheduler sets `worker` (the CTA) and `order` (position in that worker's
    list); unscheduled tasks have neither. Edges between tasks of one worker
    follow from `order` and need no event.

    ```mlir
    tile.task @down_0 worker(3) order(1) waits(%h_ready) signals(%out_ready) {
      ...
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, OptionalAttr<Tile_I64Attr>:$worker,
                       OptionalAttr<Tile_I64Attr>:$order,
                       Variadic<Tile_EventType>:$waits, Variadic<Tile_EventType>:$signals);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name (`worker` `(` $worker^ `)`)? (`order` `(` $order^ `)`)?
    (`waits` `(` $waits^ `)`)? (`signals` `(` $signals^ `)`)?
    attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Event synchronization
//===----------------------------------------------------------------------===//

// The synchronizing ops (wait, signal, send, await) deliberately declare no
// memory effects: acquire/release order *other* memory accesses, which MLIR's
// effect system cannot express, so they must stay unknown (a full barrier) to
// every transformation.
def Tile_WaitOp : Tile_TaskLevelOp<"wait"> {
  let summary = "waits until an event counter reaches target * epoch";
  let description = [{
    Spins on the counter with `ld.<ordering>.<scope>.global.u32` (e.g.
    `ld.acquire.gpu.global.u32`, backing off with `nanosleep`) until it reaches
    the event's `target * epoch`. A watchdog bounds the spin. Valid orderings
    are those of a load (`acquire`, `relaxed`); the scope must cover the
    event's scope. In a task body, `tile-hoist-sync` makes it one of the
    task's header `waits` (an acquire at the event's scope before the body),
    which is how it executes today: the walker's bounded wait on the table's
    entry. In device code, `convert-tile-to-nvvm` lowers it to that spin
    (test/Conversion/TileToNVVM/wait.mlir).

    ```mlir
    tile.wait %e ordering(acquire) scope(gpu)
    ```
  }];
  let arguments = (ins Tile_EventType:$event, Tile_MemoryOrderingAttr:$ordering,
                       Tile_MemoryScopeAttr:$scope);
  let assemblyFormat = [{
    $event `ordering` `(` $ordering `)` `scope` `(` $scope `)` attr-dict
  }];
  let hasVerifier = 1;
}

def Tile_SignalOp : Tile_TaskLevelOp<"signal"> {
  let summary = "increments an event counter by one";
  let description = [{
    Lowers to inline PTX `red.<ordering>.<scope>.global.add.u32` (e.g.
    `red.release.gpu.global.add.u32`): LLVM 22's NVPTX backend drops the
    ordering of `atomicrmw`, so the ordering is written out explicitly. Valid
    orderings are those of a store-like RMW (`release`, `acq_rel`, `relaxed`).
    In a task body, `tile-hoist-sync` makes it one of the task's header
    `signals` (a release at the event's scope after the body), which is how
    it executes today; `acq_rel` has no such form and is refused there. In
    device code, `convert-tile-to-nvvm` lowers it to the inline PTX above
    (`atom.acq_rel.<scope>.global.add.u32` for `acq_rel`, which `red` lacks);
    the walker's own signals are lowered this way
    (test/Conversion/TileToNVVM/signal.mlir).

    ```mlir
    tile.signal %e ordering(release) scope(gpu)
    ```
  }];
  let arguments = (ins Tile_EventType:$event, Tile_MemoryOrderingAttr:$ordering,
                       Tile_MemoryScopeAttr:$scope);
  let assemblyFormat = [{
    $event `ordering` `(` $ordering `)` `scope` `(` $scope `)` attr-dict
  }];
  let hasVerifier = 1;
}

def Tile_SendOp : Tile_TaskLevelOp<"send", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>,
    DeclareOpInterfaceMethods<Tile_TaskComputeOpInterface>]> {
  let summary = "stores a tile into a peer device's buffer, then signals there";
  let description = [{
    Writes `source` into buffer `@peer::@buffer` at `offsets` of the peer
    device (`st.global` through the runtime's peer-pointer table), then
    increments the peer's event with `red.release.sys.global.add.u32` so that
    the peer's acquire wait sees the data. Crossing devices needs `sys` scope,
    both on the send and on the peer's event.

    In a scheduled program a send is its task's one compute op: the table
    holds it as kind `send` (TileTaskKinds.td), the destination a peer
    operand (`TILEC_OPERAND_PEER`), the peer's event last in the task's
    signals. That needs constant offsets and a destination range that is
    contiguous (`getFlatDestinationOffset`); the host backend copies and
    releases, the cuda backend does not run sends yet.

    ```mlir
    tile.send %part to @gpu1::@partial[%c0] signal @gpu1::@partial_ready
        ordering(release) scope(sys) : memref<1024xbf16>
    ```
  }];
  let arguments = (ins Tile_GlobalMemRef:$source,
                       SymbolRefAttr:$buffer, Variadic<Index>:$offsets,
                       SymbolRefAttr:$event, Tile_MemoryOrderingAttr:$ordering,
                       Tile_MemoryScopeAttr:$scope);
  let assemblyFormat = [{
    $source `to` $buffer `[` $offsets `]` `signal` $event
    `ordering` `(` $ordering `)` `scope` `(` $scope `)` attr-dict `:` type($source)
  }];
  let extraClassDeclaration = [{
    /// Where the source lands in the destination, in elements from its
    /// start, when the offsets are constants and the range is contiguous
    /// (the form the schedule table holds); nullopt otherwise.
    std::optional<int64_t> getFlatDestinationOffset();
    /// The peer program, its destination buffer and its event (null where
    /// the symbols do not resolve: verifySymbolUses reports that).
    ProgramOp getPeerProgram();
    BufferOp getDestinationBuffer();
    EventOp getPeerEvent();
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Shared memory, mbarriers and bulk async copies
//===----------------------------------------------------------------------===//

def Tile_AllocSharedOp : Tile_TaskLevelOp<"alloc_shared"> {
  let summary = "a statically sized slice of the kernel's shared memory";
  let description = [{
    Becomes an offset into the kernel's dynamic shared memory
    (`.extern .shared .align 128 .b8 smem[]`). The memref lives in address
    space 3 (shared). At most the program's `#tile.target` shared_bytes
    (232448 on sm_90, 166912 on sm_80). `convert-tile-to-nvvm` gives each
    allocation its own 128-byte aligned offset and records the total on the
    module as `tile.dynamic_shared_bytes`, the launch's dynamic shared memory
    (test/Conversion/TileToNVVM/alloc-shared.mlir).

    ```mlir
    %ring = tile.alloc_shared : memref<4x64x128xbf16, 3>
    ```
  }];
  let results = (outs Res<AnyStaticShapeMemRef, "", [MemAlloc<Tile_SharedMemory>]>:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Tile_MBarrierInitOp : Tile_TaskLevelOp<"mbarrier_init", [
    MemoryEffects<[MemAlloc<Tile_SharedMemory>, MemWrite<Tile_SharedMemory>]>]> {
  let summary = "allocates and initializes a shared-memory mbarrier";
  let description = [{
    Lowers to `mbarrier.init.shared::cta.b64 [bar], count`, followed by
    `fence.mbarrier_init.release.cluster` so the async proxy sees it. `count`
    is the number of arrivals per phase. In device code every thread of the
    CTA runs it together: thread 0 initializes, then `barrier.sync 0`
    (`convert-tile-to-nvvm`, test/Conversion/TileToNVVM/mbarrier-init.mlir).

    ```mlir
    %bar = tile.mbarrier_init count(1)
    ```
  }];
  let arguments = (ins Tile_I64Attr:$count);
  let results = (outs Tile_BarrierType:$result);
  let assemblyFormat = "`count` `(` $count `)` attr-dict";
  let hasVerifier = 1;
}

def Tile_CopyAsyncOp : Tile_TaskLevelOp<"copy_async", [
    AttrSizedOperandSegments, MemoryEffects<[MemWrite<Tile_SharedMemory>]>]> {
  let summary = "bulk asynchronous copy of a tile from global to shared memory";
  let description = [{
    Copies the `dest`-shaped tile of `source` starting at `offsets` into
    shared memory with
    `cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes`,
    after `mbarrier.arrive.expect_tx.shared::cta.b64` on `barrier` for its
    byte count (the thread that runs it issues it; in device code, one
    thread). Returns a token that `tile.await` consumes. The tile must be a
    multiple of 16 bytes (a bulk-copy requirement), and its rows contiguous in
    both memories. It reads only weights in a task, so it is issued ahead of
    the task's event waits.

    `phase` is the parity (0 or 1) of the barrier phase the copy completes:
    0, the default, is the first phase after `tile.mbarrier_init`. A barrier
    of count 1 completes one phase per copy, so the n-th copy on it (from 0)
    gives `phase` n % 2. A parity cannot tell phase n from phase n + 2: before
    the copy that starts phase n + 1 is issued, every thread that awaits
    phase n must be past its `tile.await` (a CTA barrier between them).

    Lowered by `convert-tile-to-nvvm` (compiler/lib/Conversion/TileToNVVM,
    test/Conversion/TileToNVVM/copy-async.mlir); the token becomes the
    barrier's address and the parity.

    ```mlir
    %t = tile.copy_async %w[%row, %c0] to %ring_slot barrier(%bar)
        : memref<4096x4096xbf16>, memref<64x4096xbf16, 3>
    ```
  }];
  let arguments = (ins Arg<Tile_GlobalMemRef, "", [MemRead]>:$source,
                       Variadic<Index>:$offsets,
                       Arg<AnyStaticShapeMemRef, "", [MemWrite]>:$dest,
                       Tile_BarrierType:$barrier, Optional<I32>:$phase);
  let results = (outs Tile_TokenType:$token);
  let assemblyFormat = [{
    $source `[` $offsets `]` `to` $dest `barrier` `(` $barrier `)`
    (`phase` `(` $phase^ `)`)? attr-dict `:` type($source) `,` type($dest)
  }];
  let hasVerifier = 1;
}

def Tile_AwaitOp : Tile_TaskLevelOp<"await"> {
  let summary = "waits until an async copy has landed in shared memory";
  let description = [{
    Spins on `mbarrier.try_wait.parity.<ordering>.<scope>.shared::cta.b64` of
    the copy's barrier. Valid orderings are `acquire` and `relaxed`; valid
    scopes are `cta` and `cluster` (an mbarrier is observed by its CTA or
    cluster only). Every thread that runs it waits
    (`convert-tile-to-nvvm`, test/Conversion/TileToNVVM/await.mlir).

    ```mlir
    tile.await %t ordering(acquire) scope(cta)
    ```
  }];
  let arguments = (ins Tile_TokenType:$token, Tile_MemoryOrderingAttr:$ordering,
                       Tile_MemoryScopeAttr:$scope);
  let assemblyFormat = [{
    $token `ordering` `(` $ordering `)` `scope` `(` $scope `)` attr-dict
  }];
  let hasVerifier = 1;
}

#endif // TILE_TASK_OPS_TD
