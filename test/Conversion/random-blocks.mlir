// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize),fuser-to-cpu{vector-width=8})' | FileCheck %s
// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize),fuser-to-cpu{vector-width=6})' | FileCheck %s --check-prefix=W6
// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize{device=cuda},fuser-lower-random),convert-fuser-to-gpu,canonicalize,cse)' | FileCheck %s --check-prefix=GPU

// Lanes that are consecutive elements take their random bits from Philox
// blocks computed once each (Support/Philox.h: element i takes word i % 4 of
// block i / 4), not from one whole block per lane. A Philox block is ten
// rounds of two 32 x 32 -> 64-bit multiplications.
//
// CPU, vector width 8: the vector loops start at a multiple of 4 (a scalar
// head takes up to 3 elements before them). A first loop of 64 lanes runs 16
// blocks side by side, the words in the low halves of i64 lanes: 20
// multiplications of vector<16xi64> for 64 elements; the words are
// interleaved into the lanes (word w of block k to lane 4k + w). The 8-lane
// loop runs 2 blocks: 20 multiplications of vector<2xi64> for 8 elements
// (one lane per element would be 20 of vector<8xi64>). The scalar head and
// tail compute one block per element, as before.

// CHECK-LABEL: llvm.func @bias_dropout_residual(
// CHECK-COUNT-20: llvm.mul %{{.+}}, %{{.+}} : vector<16xi64>
// CHECK-NOT:      llvm.mul %{{.+}}, %{{.+}} : vector
// CHECK:          llvm.shufflevector %{{.+}}, %{{.+}} [0, 16, 32, 48, 1, 17, 33, 49, 2, 18, 34, 50,
// CHECK-NOT:      llvm.mul %{{.+}}, %{{.+}} : vector
// CHECK:          llvm.store %{{.+}} : vector<64xf32>, !llvm.ptr
// CHECK-COUNT-20: llvm.mul %{{.+}}, %{{.+}} : vector<2xi64>
// CHECK-NOT:      llvm.mul %{{.+}}, %{{.+}} : vector
// CHECK:          llvm.shufflevector %{{.+}}, %{{.+}} [0, 2, 4, 6, 1, 3, 5, 7] : vector<4xi32>
// CHECK-NOT:      llvm.mul %{{.+}}, %{{.+}} : vector
// CHECK:          llvm.store %{{.+}} : vector<8xf32>, !llvm.ptr
// CHECK-COUNT-20: llvm.mul %{{.+}}, %{{.+}} : i64
// CHECK-NOT:      llvm.mul
// CHECK:          llvm.return

// Width 6: the loop starts at an even index only, so a vector may start at
// word 0 or 2 of a block: 2 blocks per 6 elements, and the lanes take the
// words of one of two shuffles, selected by the start's word.

// W6-LABEL: llvm.func @bias_dropout_residual(
// W6-NOT:          vector<16xi64>
// W6-COUNT-20:     llvm.mul %{{.+}}, %{{.+}} : vector<2xi64>
// W6-NOT:          llvm.mul %{{.+}}, %{{.+}} : vector
// W6-DAG:          %[[P2:.+]] = llvm.shufflevector %{{.+}}, %{{.+}} [4, 6, 1, 3, 5, 7] : vector<4xi32>
// W6-DAG:          %[[P0:.+]] = llvm.shufflevector %{{.+}}, %{{.+}} [0, 2, 4, 6, 1, 3] : vector<4xi32>
// W6:              llvm.select %{{.+}}, %[[P0]], %[[P2]] : i1, vector<6xi32>
// W6:              llvm.store %{{.+}} : vector<6xf32>, !llvm.ptr

// On the GPU, each thread of the vector kernel takes 4 consecutive f32 elements
// starting at a multiple of 4, all in one block: 20 multiplications for the
// thread (one block per lane would be 80). The fallback loop (a thread whose
// elements cross a row or the end) and the scalar kernel compute one block
// per element.

// GPU-LABEL: gpu.func @bias_dropout_residual(
// GPU:         scf.if
// GPU-COUNT-20:  arith.mului_extended
// GPU-NOT:       arith.mului_extended
// GPU:           llvm.store %{{.+}} : vector<4xf32>, !llvm.ptr<1>
// GPU:         } else {
// GPU:           scf.for
// GPU-COUNT-20:  arith.mului_extended
// GPU-NOT:       arith.mului_extended
// GPU-LABEL: gpu.func @bias_dropout_residual_scalar(
// GPU-COUNT-20:  arith.mului_extended
// GPU-NOT:       arith.mului_extended
// GPU:         gpu.return

fuser.group @bias_dropout_residual(%x: tensor<?x?xf32>, %bias: tensor<?xf32>, %res: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %p = fuser.constant 1.000000e-01 : f64
  %scale = fuser.constant 1.1111111111111112 : f64
  %y = fuser.add %x, %bias : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %r = fuser.rand_like %y : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %k = fuser.gt %r, %p : (tensor<?x?xf32>, f64) -> tensor<?x?xi1>
  %keep = fuser.type_as %k, %y : (tensor<?x?xi1>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %a = fuser.mul %y, %keep : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %b = fuser.mul %a, %scale : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %out = fuser.add %res, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %out : tensor<?x?xf32>
}

// -----

// f16: 8 lanes per GPU thread, two blocks: 39 multiplications, not 160 (the
// blocks share the first round's product of the stream word).
// On the CPU the body calls tanhf per lane, so there is no 64-lane loop
// (it would be bound by the calls and spill around each): the 8-lane loop
// computes its 2 blocks.

// CHECK-LABEL: llvm.func @tanh_dropout16(
// CHECK-NOT:      vector<16xi64>
// CHECK-NOT:      vector<64x
// CHECK:          llvm.call @tanhf
// CHECK-COUNT-20: llvm.mul %{{.+}}, %{{.+}} : vector<2xi64>
// CHECK-NOT:      llvm.mul %{{.+}}, %{{.+}} : vector
// CHECK:          llvm.store %{{.+}} : vector<8xf16>, !llvm.ptr
// CHECK-NOT:      vector<64x
// CHECK:          llvm.return

// GPU-LABEL: gpu.func @tanh_dropout16(
// GPU:         scf.if
// GPU-COUNT-39:  arith.mului_extended
// GPU-NOT:       arith.mului_extended
// GPU:           llvm.store %{{.+}} : vector<8xf16>, !llvm.ptr<1>
// GPU:         } else {

fuser.group @tanh_dropout16(%x: tensor<?xf16>) -> tensor<?xf16> {
  %p = fuser.constant 1.000000e-01 : f64
  %t = fuser.tanh %x : (tensor<?xf16>) -> tensor<?xf16>
  %r = fuser.rand_like %x : (tensor<?xf16>) -> tensor<?xf16>
  %k = fuser.gt %r, %p : (tensor<?xf16>, f64) -> tensor<?xi1>
  %m = fuser.type_as %k, %t : (tensor<?xi1>, tensor<?xf16>) -> tensor<?xf16>
  %y = fuser.mul %t, %m : (tensor<?xf16>, tensor<?xf16>) -> tensor<?xf16>
  fuser.yield %y : tensor<?xf16>
}
