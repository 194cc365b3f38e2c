// Broken on purpose: @stuck waits on @never, which no task signals. The
// verifier rejects it; compiled with --no-verify-schedule, the watchdog of
// every backend must turn it into an error naming the worker, the task and
// the event, instead of a hang.
tile.program @gpu0 device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(256) : memref<64xf32>
  %z = tile.buffer @z kind(output) offset(512) : memref<64xf32>
  %never = tile.event @never target(1) scope(gpu)
  tile.task @stuck worker(0) order(0) waits(%never) {
    tile.ewise add %x, %x to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @free worker(1) order(0) {
    tile.ewise add %x, %x to %z range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}
