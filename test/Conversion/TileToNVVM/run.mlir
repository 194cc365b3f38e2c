// Every pattern of convert-tile-to-nvvm, run: block 0 copies two weight
// tiles into shared memory (one contiguous, one row by row, the second
// on the barrier's next phase), writes them out and signals; block 1 waits
// for the signal and reads what block 0 wrote.
// REQUIRES: cuda-backend
// RUN: tile-opt %s --convert-tile-to-nvvm \
// RUN:   | mlir-opt --convert-scf-to-cf --finalize-memref-to-llvm \
// RUN:       --convert-arith-to-llvm --convert-cf-to-llvm --convert-nvvm-to-llvm \
// RUN:       --reconcile-unrealized-casts \
// RUN:   | mlir-translate --mlir-to-llvmir \
// RUN:   | llc -mtriple=nvptx64-nvidia-cuda -mcpu=sm_90a -mattr=+ptx80 -o %t.ptx
// RUN: %python %S/Inputs/run_kernel.py %t.ptx exchange --grid 2 --block 64 \
// RUN:   --shared 512 f32:128:iota f32:144:zero u32:1:zero | FileCheck %s

// Rows 2..5 of the 8x16 source (values 32..95), then rows 6..7, columns
// 8..15 (104..111, 120..127); block 1 adds 1000 to the first.
// CHECK: buffer 0: 0 1 2
// CHECK: buffer 1: 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 104 105 106 107 108 109 110 111 120 121 122 123 124 125 126 127
// CHECK-SAME: 1032 1033 1034 1035 1036 1037 1038 1039 1040 1041 1042 1043 1044 1045 1046 1047 1048 1049 1050 1051 1052 1053 1054 1055 1056 1057 1058 1059 1060 1061 1062 1063 1064 1065 1066 1067 1068 1069 1070 1071 1072 1073 1074 1075 1076 1077 1078 1079 1080 1081 1082 1083 1084 1085 1086 1087 1088 1089 1090 1091 1092 1093 1094 1095{{$}}
// CHECK: buffer 2: 1{{$}}

llvm.func @exchange(%src: !llvm.ptr<1>, %out: !llvm.ptr<1>, %counter: !llvm.ptr<1>) attributes {nvvm.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c6 = arith.constant 6 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %i0 = llvm.mlir.constant(0 : i64) : i64
  %i1 = llvm.mlir.constant(1 : i64) : i64
  %i8 = llvm.mlir.constant(8 : i64) : i64
  %i16 = llvm.mlir.constant(16 : i64) : i64
  %one = llvm.mlir.constant(1 : i32) : i32
  %tid32 = nvvm.read.ptx.sreg.tid.x : i32
  %block = nvvm.read.ptx.sreg.ctaid.x : i32
  %tid = arith.index_cast %tid32 : i32 to index

  // The source as memref<8x16xf32, 1>; the event: the counter, count 1.
  %d0 = llvm.mlir.poison : !llvm.struct<(ptr<1>, ptr<1>, i64, array<2 x i64>, array<2 x i64>)>
  %d1 = llvm.insertvalue %src, %d0[0] : !llvm.struct<(ptr<1>, ptr<1>, i64, array<2 x i64>, array<2 x i64>)>
  %d2 = llvm.insertvalue %src, %d1[1] : !llvm.struct<(ptr<1>, ptr<1>, i64, array<2 x i64>, array<2 x i64>)>
  %d3 = llvm.insertvalue %i0, %d2[2] : !llvm.struct<(ptr<1>, ptr<1>, i64, array<2 x i64>, array<2 x i64>)>
  %d4 = llvm.insertvalue %i8, %d3[3, 0] : !llvm.struct<(ptr<1>, ptr<1>, i64, array<2 x i64>, array<2 x i64>)>
  %d5 = llvm.insertvalue %i16, %d4[3, 1] : !llvm.struct<(ptr<1>, ptr<1>, i64, array<2 x i64>, array<2 x i64>)>
  %d6 = llvm.insertvalue %i16, %d5[4, 0] : !llvm.struct<(ptr<1>, ptr<1>, i64, array<2 x i64>, array<2 x i64>)>
  %d7 = llvm.insertvalue %i1, %d6[4, 1] : !llvm.struct<(ptr<1>, ptr<1>, i64, array<2 x i64>, array<2 x i64>)>
  %w = builtin.unrealized_conversion_cast %d7 : !llvm.struct<(ptr<1>, ptr<1>, i64, array<2 x i64>, array<2 x i64>)> to memref<8x16xf32, 1>
  %e0 = llvm.mlir.poison : !llvm.struct<(ptr<1>, i32)>
  %e1 = llvm.insertvalue %counter, %e0[0] : !llvm.struct<(ptr<1>, i32)>
  %e2 = llvm.insertvalue %one, %e1[1] : !llvm.struct<(ptr<1>, i32)>
  %event = builtin.unrealized_conversion_cast %e2 : !llvm.struct<(ptr<1>, i32)> to !tile.event

  %zero32 = arith.constant 0 : i32
  %isProducer = arith.cmpi eq, %block, %zero32 : i32
  scf.if %isProducer {
    %tile = tile.alloc_shared : memref<4x16xf32, 3>
    %narrow = tile.alloc_shared : memref<2x8xf32, 3>
    %bar = tile.mbarrier_init count(1)
    %t0 = tile.copy_async %w[%c2, %c0] to %tile barrier(%bar) : memref<8x16xf32, 1>, memref<4x16xf32, 3>
    tile.await %t0 ordering(acquire) scope(cta)
    // Every thread past phase 0 before the barrier's next phase: a parity
    // cannot tell phase 0 from phase 2 (without this the emulator hangs).
    llvm.inline_asm has_side_effects "barrier.sync 0;", "~{memory}" : () -> ()
    %t1 = tile.copy_async %w[%c6, %c8] to %narrow barrier(%bar) phase(%one) : memref<8x16xf32, 1>, memref<2x8xf32, 3>
    tile.await %t1 ordering(acquire) scope(cta)
    %r = arith.divui %tid, %c16 : index
    %c = arith.remui %tid, %c16 : index
    %v = memref.load %tile[%r, %c] : memref<4x16xf32, 3>
    %tid64 = arith.index_cast %tid : index to i64
    %p = llvm.getelementptr %out[%tid64] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
    llvm.store %v, %p : f32, !llvm.ptr<1>
    %inNarrow = arith.cmpi ult, %tid, %c16 : index
    scf.if %inNarrow {
      %nr = arith.divui %tid, %c8 : index
      %nc = arith.remui %tid, %c8 : index
      %nv = memref.load %narrow[%nr, %nc] : memref<2x8xf32, 3>
      %i64 = llvm.mlir.constant(64 : i64) : i64
      %at = arith.addi %tid64, %i64 : i64
      %np = llvm.getelementptr %out[%at] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
      llvm.store %nv, %np : f32, !llvm.ptr<1>
    }
    llvm.inline_asm has_side_effects "barrier.sync 0;", "~{memory}" : () -> ()
    %first = arith.cmpi eq, %tid32, %zero32 : i32
    scf.if %first {
      tile.signal %event ordering(release) scope(gpu)
    }
  } else {
    tile.wait %event ordering(acquire) scope(gpu)
    %tid64 = arith.index_cast %tid : index to i64
    %p = llvm.getelementptr %out[%tid64] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
    %v = llvm.load %p : !llvm.ptr<1> -> f32
    %k = llvm.mlir.constant(1000.0 : f32) : f32
    %s = llvm.fadd %v, %k : f32
    %i80 = llvm.mlir.constant(80 : i64) : i64
    %at = arith.addi %tid64, %i80 : i64
    %q = llvm.getelementptr %out[%at] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
    llvm.store %s, %q : f32, !llvm.ptr<1>
  }
  llvm.return
}
