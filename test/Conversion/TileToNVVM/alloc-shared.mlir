// RUN: tile-opt %s --convert-tile-to-nvvm --split-input-file | FileCheck %s

// Allocations slice the dynamic shared memory at 128-byte aligned offsets;
// the module records the bytes used (the launch's dynamic shared memory).
// CHECK-LABEL: module attributes {tile.dynamic_shared_bytes = 65664 : i64}
// CHECK:         llvm.mlir.global external @__tile_dynamic_shared() {addr_space = 3 : i32, alignment = 128 : i64} : !llvm.array<0 x i8>
// CHECK-LABEL:   func.func @two
// CHECK:           [[B0:%.*]] = llvm.mlir.addressof @__tile_dynamic_shared : !llvm.ptr<3>
// CHECK-NEXT:      [[P0:%.*]] = llvm.getelementptr [[B0]][0] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i8
// CHECK:           llvm.insertvalue [[P0]], %{{.*}}[1] : !llvm.struct<(ptr<3>, ptr<3>, i64, array<1 x i64>, array<1 x i64>)>
// CHECK:           [[B1:%.*]] = llvm.mlir.addressof @__tile_dynamic_shared : !llvm.ptr<3>
// CHECK-NEXT:      [[P1:%.*]] = llvm.getelementptr [[B1]][128] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i8
// CHECK:           llvm.mlir.constant(128 : index)
// CHECK:           llvm.insertvalue %{{.*}}[3, 0] : !llvm.struct<(ptr<3>, ptr<3>, i64, array<2 x i64>, array<2 x i64>)>
// CHECK:           builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<(ptr<3>, ptr<3>, i64, array<2 x i64>, array<2 x i64>)> to memref<128x256xbf16, #gpu.address_space<workgroup>>
func.func @two() -> (f32, bf16) {
  %c0 = arith.constant 0 : index
  %a = tile.alloc_shared : memref<3xf32, 3>
  %b = tile.alloc_shared : memref<128x256xbf16, #gpu.address_space<workgroup>>
  %x = memref.load %a[%c0] : memref<3xf32, 3>
  %y = memref.load %b[%c0, %c0] : memref<128x256xbf16, #gpu.address_space<workgroup>>
  return %x, %y : f32, bf16
}

// -----

// Device code in a gpu.module gets its globals there.
// CHECK-LABEL: gpu.module @kernels attributes {tile.dynamic_shared_bytes = 64 : i64}
// CHECK-NEXT:    llvm.mlir.global external @__tile_dynamic_shared()
gpu.module @kernels {
  func.func @one() -> f32 {
    %c0 = arith.constant 0 : index
    %a = tile.alloc_shared : memref<16xf32, 3>
    %x = memref.load %a[%c0] : memref<16xf32, 3>
    return %x : f32
  }
}
