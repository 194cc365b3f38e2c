//===- Passes.td - tilec passes ----------------------------*- tablegen -*-===//
#ifndef TILEC_TRANSFORMS_PASSES_TD
#define TILEC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FusePass : Pass<"tile-fuse", "::mlir::ModuleOp"> {
  let summary = "Fuses epilogues and prologues into graph-level projections";
  let description = [{
    Rewrites graph-level ops so that partitioning makes fewer, fuller tasks:
    - `add(linear(x, w), r)` → `linear(x, w) residual(r)` (the residual add
      becomes the projection's epilogue);
    - `silu_mul(linear(x, wg), linear(x, wu))` → `swiglu_linear(x, wg, wu)`
      (one tile reads matching rows of both weights);
    - `linear(rmsnorm(h, w))` and `swiglu_linear(rmsnorm(h, w), ...)` →
      the projection with `norm(w)`: every tile recomputes the norm of `h`
      in its prologue instead of waiting for a separate norm task.
    - `kv_append(c, rope(k, p), p)` → `kv_append(c, k, p) {rope}`: the key
      row is rotated on its way into the cache, one task instead of two.
    A producer is fused only into its single user; the norm is folded into
    every projection that consumes it and disappears once unused.

    Before / after:
    ```mlir
    %n = tile.rmsnorm %h, %nw : ...
    %y = tile.linear %n, %w : ...
    %r = tile.add %h, %y : ...
    // becomes
    %r = tile.linear %h, %w norm(%nw : ...) residual(%h : ...) {norm_epsilon = ...} : ...
    ```
  }];
}

def PartitionPass : Pass<"tile-partition", "::mlir::ModuleOp"> {
  let summary = "Turns graph-level functions into task-level programs";
  let description = [{
    Each `func.func` of graph ops becomes a `tile.program` of the same name:
    arguments become buffers by their role attribute (`tile.weight =
    "<checkpoint tensor name>"`, `tile.kv_cache = "<name>"`, `tile.input =
    "<name>"`), results become `output` buffers (named by `tile.output`),
    except that a result with `tile.feeds = "<input>"` is written into that
    input's buffer (the greedy token feeding the next step),
    intermediate values become `activation` buffers, and every op becomes
    tasks with one compute op each:
    - `linear`/`swiglu_linear`: row blocks (`tile.matvec`,
      `tile.matvec_swiglu`) of at most `max-task-bytes` of weights, spread
      over the workers; sibling `linear`s (same x and norm prologue, like q,
      k and v) are blocked together over their stacked rows, so a worker
      pays one task's fixed cost for its rows of all of them (their tasks
      are listed at the first sibling);
    - `attention`: one `tile.attention_partial` per KV head and chunk of
      `kv-chunk` cache positions, then one `tile.attention_combine` per KV
      head group, unless the attention's only use is a `linear`'s x without
      a norm prologue, with at most 8 chunks and 256 heads whose merged
      output fits the kernel's staging memory (`fold-combine`): then that
      projection's tiles take the partials as x and merge them first (one
      task level less);
    - a `rope` whose only use is an attention's query, with that
      attention's key append (rotated the same way, see tile-fuse) and
      value append: one `tile.rope_append` task (`fold-rope-append`);
    - `rmsnorm`, other `rope`s and `kv_append`s, `embed`, `argmax`: one
      task each;
      `add`/`silu_mul`: element ranges.
    `tile.kv_append` writes its cache argument in place. Decode only: every
    activation has one token row. Tasks are listed in the graph's order,
    which defines the program's meaning for later passes.
  }];
  let dependentDialects = ["::mlir::tile::TileDialect", "::mlir::arith::ArithDialect"];
  let options = [
    Option<"workers", "workers", "int64_t", "132", "workers (CTAs) of the program">,
    Option<"target", "target", "std::string", "\"sm_90a\"", "target of the program">,
    Option<"device", "device", "int64_t", "0", "device id of the program">,
    Option<"maxTaskBytes", "max-task-bytes", "int64_t", "1048576",
           "most weight bytes one projection task reads">,
    Option<"kvChunk", "kv-chunk", "int64_t", "256",
           "cache positions per split-KV attention task">,
    Option<"foldCombine", "fold-combine", "bool", "true",
           "merge an attention's partials in the prologue of the projection "
           "that consumes it (no combine tasks)">,
    Option<"foldRopeAppend", "fold-rope-append", "bool", "true",
           "rotate an attention's query and append its key and value rows in "
           "one tile.rope_append task (else a rope_heads and two kv_store tasks)">,
  ];
}

def PlanMemoryPass : Pass<"tile-plan-memory", "::mlir::ModuleOp"> {
  let summary = "Assigns every buffer a byte offset in its program's arena";
  let description = [{
    Weights, KV caches, inputs and outputs persist and get space of their own,
    in order, and so does every buffer a peer program's `tile.send` writes
    (its writer is not among this program's tasks). Activation and scratch
    buffers live from the first to the last
    task (in program order) that touches them; buffers whose lives do not
    overlap share space (first fit, largest first); a view (`in @parent at
    B`) gets its parent's offset plus B, and its accesses keep its parent
    alive. Offsets are multiples of `alignment`. Buffers that already have an
    offset keep it.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", "256", "byte alignment of every buffer">,
  ];
}

def SchedulePass : Pass<"tile-schedule", "::mlir::ModuleOp"> {
  let summary = "Assigns tasks to workers and orders them, inserting events";
  let description = [{
    List scheduling over the tasks' dependences (read after write, write
    after read and write after write on overlapping arena bytes, in program
    order): the ready task with the longest remaining critical path (cost =
    bytes it moves) goes to the worker that can start it first, charging
    `sync-cost` byte-equivalents for an edge that crosses workers. Events
    then come from vector clocks: a producer already implied by another
    producer (through that one's worker order or its own waits, as with the
    write-after-read hazards of arena reuse) is dropped; a task whose
    remaining producers all ran before it on its own worker needs no event;
    any other task waits on one event for its remaining producers, shared by
    all tasks with that set (`target` = the set's size; each producer
    signals it once). Requires planned memory.
  }];
  let dependentDialects = ["::mlir::tile::TileDialect"];
  let options = [
    Option<"syncCost", "sync-cost", "int64_t", "16384",
           "cost of a cross-worker edge, in bytes moved by one worker">,
  ];
}

def HoistSyncPass : Pass<"tile-hoist-sync", "::mlir::ModuleOp"> {
  let summary = "Moves the tile.wait and tile.signal ops of task bodies into task headers";
  let description = [{
    The kernel synchronizes a task through its header: it waits (acquire, at
    the event's scope) on every event of `waits` before the body and
    signals (release, at the event's scope) every event of `signals` after
    it. A body's `tile.wait` becomes a header wait and its `tile.signal` a
    header signal, which keeps the program's meaning: a task holds at most
    one compute op, so waiting earlier or signalling later only delays, and
    the header's acquire/release is at least the op's ordering at the
    event's scope. What would change the meaning is an error on the op:
    a wait after a signal in the same body (hoisting it could deadlock a
    cycle through another worker), an `acq_rel` signal (the header's
    release has no acquire half), signalling one event twice, or waiting on
    an event the task signals. Runs before `tile-verify-schedule` and the
    table writer, which encode only headers.

    ```mlir
    tile.task @t worker(0) order(0) waits(%a) {
      tile.wait %b ordering(acquire) scope(gpu)
      tile.ewise add %x, %y to %z range(0, 64) : ...
      tile.signal %c ordering(release) scope(gpu)
    }
    // becomes
    tile.task @t worker(0) order(0) waits(%a, %b) signals(%c) {
      tile.ewise add %x, %y to %z range(0, 64) : ...
    }
    ```
  }];
}

def VerifySchedulePass : Pass<"tile-verify-schedule", "::mlir::ModuleOp"> {
  let summary = "Proves a scheduled task program free of deadlocks and races";
  let description = [{
    Runs every `tile.program` of the module symbolically for one step: each
    worker walks its tasks in `order`; a task's synchronization is its header
    `waits`, then the `tile.wait`, `tile.signal` and `tile.send` ops of its
    body in program order, then its header `signals`. A wait passes once its
    event has received `target` signals; sends signal the peer's event, so
    programs of all devices run together.

    The pass fails, naming task, worker and event, when:
    - a task has no `worker`/`order` (the schedule is incomplete);
    - some worker can never proceed (a deadlock: a missing signal, a cycle of
      waits across workers, or a wait ordered behind its own producer on one
      worker);
    - an event receives a number of signals per step other than its `target`
      (too few leaves a wait of a later step hanging, too many lets a later
      step's waiter pass early).

    Then it checks races: for every two tasks whose accesses (from their
    compute ops) overlap in the arena, at least one writing, the one that
    comes first in program order must happen before the other: through
    program order on one worker, or a chain of signal → wait edges (a wait
    for an event orders the waiter after every signaler of it). Reports
    read-before-write, overwrite-before-read and write-write races naming
    both tasks and the buffers. Only acquire/release synchronization orders
    memory (a relaxed wait or signal still counts towards its event). A
    `tile.send` reads its whole source, and every task of the peer program
    touching the destination buffer must be ordered with the send.

    The IR is left unchanged. Example of a rejected schedule:

    ```mlir
    tile.program @p device(0) target("sm_90a") workers(2) {
      %a = tile.event @a target(1) scope(gpu)
      %b = tile.event @b target(1) scope(gpu)
      tile.task @x worker(0) order(0) waits(%b) signals(%a) {}
      tile.task @y worker(1) order(0) waits(%a) signals(%b) {}
    }
    ```
  }];
}

#endif // TILEC_TRANSFORMS_PASSES_TD
