//===- Passes.td - tilec passes ----------------------------*- tablegen -*-===//
#ifndef TILEC_TRANSFORMS_PASSES_TD
#define TILEC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def VerifySchedulePass : Pass<"tile-verify-schedule", "::mlir::ModuleOp"> {
  let summary = "Proves a scheduled task program free of deadlocks";
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
