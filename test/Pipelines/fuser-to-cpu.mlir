// The whole fuser-to-cpu pipeline after fuser-specialize leaves nothing but
// LLVM dialect ops: FileCheck rejects any op of the fuser, scf, arith, math,
// vector, func or cf dialects and any unrealized cast anywhere in the output
// (--implicit-check-not applies between and around all positive checks).
// RUN: fuser-opt %examples/lstm_cell.mlir -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize{input-layouts=11,11,11,11 output-layouts=11,11}),fuser-to-cpu{vector-width=4})' | FileCheck %s --check-prefix=LSTM --implicit-check-not='{{(fuser|scf|arith|math|vector|func|cf)\.[a-z_]+}}' --implicit-check-not=unrealized_conversion_cast
// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize),fuser-to-cpu{vector-width=4})' | FileCheck %s --implicit-check-not='{{(fuser|scf|arith|math|vector|func|cf)\.[a-z_]+}}' --implicit-check-not=unrealized_conversion_cast

// The LSTM cell (examples/lstm_cell.mlir), every tensor contiguous: three
// arguments chunked into 4 plus cx and the two results make 15 flat
// tensors. The gate slices cannot merge their two dimensions, so there are
// two loop dimensions (slots 3, 4) and flat tensor t has its data pointer at
// slot 5 + 3t: the last pointer (result cy, t = 14) is at 47 and its outer
// stride at 48. tanh calls libm's tanhf; the vector loop stores
// vector<4xf32>.

// LSTM:       llvm.func @tanhf(f32) -> f32
// LSTM-LABEL: llvm.func @lstm_cell(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// LSTM:         llvm.getelementptr %arg0[3] : (!llvm.ptr) -> !llvm.ptr, i64
// LSTM:         llvm.getelementptr %arg0[4] : (!llvm.ptr) -> !llvm.ptr, i64
// LSTM:         llvm.getelementptr %arg0[5] : (!llvm.ptr) -> !llvm.ptr, i64
// LSTM:         %[[P:.+]] = llvm.getelementptr %arg0[47] : (!llvm.ptr) -> !llvm.ptr, i64
// LSTM-NEXT:    llvm.load %[[P]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// LSTM:         %[[S:.+]] = llvm.getelementptr %arg0[48] : (!llvm.ptr) -> !llvm.ptr, i64
// LSTM-NEXT:    llvm.load %[[S]] {alignment = 8 : i64} : !llvm.ptr -> i64
// LSTM-NOT:     llvm.getelementptr %arg0[{{49|[5-9][0-9]}}]
// LSTM:         llvm.srem
// LSTM:         llvm.call @tanhf(%{{.+}}) : (f32) -> f32
// LSTM:         llvm.store %{{.+}} : vector<4xf32>, !llvm.ptr
// LSTM:         llvm.store %{{.+}} : vector<4xf32>, !llvm.ptr
// LSTM:         llvm.store %{{.+}} : f32, !llvm.ptr
// LSTM:         llvm.store %{{.+}} : f32, !llvm.ptr
// LSTM:         llvm.return
// LSTM-NEXT:  }

// A dropout-like group with rand_like, a chunked f16 argument and a concat
// result (in f32). Flat tensors: x, the two slices, the two concat slices;
// the slices keep two loop dimensions (slots 3, 4), so tensor t is at
// 5 + 3t (pointers 5, 8, 11, 14, 17). Random numbers read the seed (slot 1)
// and offset (slot 2) and run Philox with its multipliers: as i32 in the
// scalar loop, in the low halves of i64 lanes in the vector loops (16 blocks
// side by side in the 64-lane loop that comes first).

// CHECK-LABEL: llvm.func @dropout_cat(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// CHECK-DAG:     llvm.mlir.constant(-766435501 : i32) : i32
// CHECK-DAG:     llvm.mlir.constant(-845247145 : i32) : i32
// CHECK-DAG:     llvm.mlir.constant(dense<3528531795> : vector<16xi64>) : vector<16xi64>
// CHECK-DAG:     llvm.mlir.constant(dense<3449720151> : vector<16xi64>) : vector<16xi64>
// CHECK-DAG:     llvm.getelementptr %arg0[1] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-DAG:     llvm.getelementptr %arg0[2] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-DAG:     llvm.getelementptr %arg0[3] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-DAG:     llvm.getelementptr %arg0[4] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-DAG:     llvm.getelementptr %arg0[5] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-DAG:     llvm.getelementptr %arg0[8] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-DAG:     llvm.getelementptr %arg0[11] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-DAG:     llvm.getelementptr %arg0[14] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-DAG:     llvm.getelementptr %arg0[17] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-DAG:     llvm.getelementptr %arg0[18] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NOT:     llvm.getelementptr %arg0[{{19|2[0-9]}}]
// CHECK:         llvm.load %{{.+}} {alignment = 2 : i64} : !llvm.ptr -> vector<4xf16>
// CHECK:         llvm.fpext %{{.+}} : vector<4xf16> to vector<4xf32>
// CHECK:         llvm.store %{{.+}} {alignment = 4 : i64} : vector<4xf32>, !llvm.ptr
// CHECK:         llvm.store %{{.+}} {alignment = 4 : i64} : vector<4xf32>, !llvm.ptr
// CHECK:         llvm.store %{{.+}} {alignment = 4 : i64} : f32, !llvm.ptr
// CHECK:         llvm.store %{{.+}} {alignment = 4 : i64} : f32, !llvm.ptr
// CHECK:         llvm.return
fuser.group @dropout_cat(%x: tensor<?x?xf32>, %g: tensor<?x?xf16>)
    -> tensor<?x?xf32> {
  %half = fuser.constant 5.000000e-01 : f64
  %zero = fuser.constant 0.000000e+00 : f64
  %a, %b = fuser.chunk %g into 2 along 1 : tensor<?x?xf16>
  %r = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %keep = fuser.lt %r, %half : (tensor<?x?xf32>, f64) -> tensor<?x?xi1>
  %d = fuser.where %keep, %x, %zero
      : (tensor<?x?xi1>, tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %s = fuser.mul %a, %b : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf16>
  %c = fuser.concat %d, %s along 0
      : tensor<?x?xf32>, tensor<?x?xf16> -> tensor<?x?xf32>
  fuser.yield %c : tensor<?x?xf32>
}
