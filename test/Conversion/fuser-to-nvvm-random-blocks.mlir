// REQUIRES: cuda-toolkit
// RUN: fuser-opt %s -pass-pipeline='builtin.module(fuser.group(fuser-specialize{device=cuda}),fuser-to-nvvm{toolkit=/usr/local/cuda})' | FileCheck %s

// The PTX of a thread of the vector kernel computes each Philox block that
// its lanes touch once (see random-blocks.mlir): for f32 (4 lanes, one
// block) ten multiplications by each Philox multiplier, 0xD2511F53 and
// 0xCD9E8D57 (printed as i64 or i32 constants, depending on the form LLVM
// picks), in the vector path, and ten more in the fallback loop (one block
// per element there). Before, with a whole block per lane, LLVM merged the
// four chains of the vector path except for parts of their last round (22
// multiplications by each multiplier in this kernel).
// The scalar kernel computes one block per element.

// CHECK-LABEL: gpu.binary @fuser_kernels
// CHECK-SAME: .visible .entry bias_dropout_residual(
// CHECK-COUNT-20: {{3528531795|-766435501}}
// CHECK-NOT: {{3528531795|-766435501}}
// CHECK-SAME: .visible .entry bias_dropout_residual_scalar(
// CHECK-COUNT-10: {{3528531795|-766435501}}
// CHECK-NOT: {{3528531795|-766435501}}
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

