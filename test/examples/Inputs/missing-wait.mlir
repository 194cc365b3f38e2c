// Broken on purpose: @consume reads %h on worker 0 while @produce writes it
// on worker 1, with no event between them. The verifier rejects it; compiled
// with --no-verify-schedule it races, and chaos mode makes the race visible.
tile.program @gpu0 device(0) target("host") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %w = tile.buffer @w kind(weight) offset(256) source("w") : memref<64x64xf32>
  %h = tile.buffer @h kind(activation) offset(16640) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(16896) : memref<64xf32>
  tile.task @produce worker(1) order(0) {
    tile.matvec %w, %x to %h rows(0, 64) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @consume worker(0) order(0) {
    tile.ewise add %h, %x to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}
