// A hand-written, already scheduled program for two devices: a projection
// split by input columns (device 0 holds columns 0-31 of the weight and of
// x, device 1 columns 32-63), whose partial sums are all-reduced by sends.
// Each device sends its partial into the other's @theirs and signals the
// other's sys-scope event; each adds the two partials once its peer's has
// arrived. tilec proves the protocol (who writes @theirs, who reads it after
// which event) before it writes the artifact.
//
//   tilec examples/two_devices.mlir -o out -v
//   tile-run out --weights W --input gpu0/x=@x0.bin --input gpu1/x=@x1.bin \
//       --output gpu0/out=out0.bin --output gpu1/out=out1.bin
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(input) : memref<32xf32>
  %w = tile.buffer @w kind(weight) source("proj.lo.weight") : memref<64x32xbf16>
  %mine = tile.buffer @mine kind(activation) : memref<64xf32>
  %theirs = tile.buffer @theirs kind(activation) : memref<64xf32>
  %out = tile.buffer @out kind(output) : memref<64xf32>
  // Device 1's partial has landed in @theirs.
  %arrived = tile.event @arrived target(1) scope(sys)

  tile.task @partial worker(0) order(0) {
    tile.matvec %w, %x to %mine rows(0, 64) : memref<64x32xbf16>, memref<32xf32>, memref<64xf32>
  }
  tile.task @share worker(0) order(1) {
    %c0 = arith.constant 0 : index
    tile.send %mine to @gpu1::@theirs[%c0] signal @gpu1::@arrived ordering(release) scope(sys) : memref<64xf32>
  }
  tile.task @reduce worker(0) order(2) waits(%arrived) {
    tile.ewise add %mine, %theirs to %out range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(input) : memref<32xf32>
  %w = tile.buffer @w kind(weight) source("proj.hi.weight") : memref<64x32xbf16>
  %mine = tile.buffer @mine kind(activation) : memref<64xf32>
  %theirs = tile.buffer @theirs kind(activation) : memref<64xf32>
  %out = tile.buffer @out kind(output) : memref<64xf32>
  %arrived = tile.event @arrived target(1) scope(sys)

  tile.task @partial worker(0) order(0) {
    tile.matvec %w, %x to %mine rows(0, 64) : memref<64x32xbf16>, memref<32xf32>, memref<64xf32>
  }
  tile.task @share worker(0) order(1) {
    %c0 = arith.constant 0 : index
    tile.send %mine to @gpu0::@theirs[%c0] signal @gpu0::@arrived ordering(release) scope(sys) : memref<64xf32>
  }
  // The sum in the same order as on device 0 (its partial first), so both
  // devices hold the same bits.
  tile.task @reduce worker(0) order(2) waits(%arrived) {
    tile.ewise add %theirs, %mine to %out range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}
