// REQUIRES: cuda-toolkit
// RUN: fuser-opt %s -pass-pipeline='builtin.module(fuser.group(fuser-specialize{device=cuda input-layouts=11,01 index-bitwidth=32}),fuser-to-nvvm{toolkit=/usr/local/cuda})' | FileCheck --check-prefix=I32 %s
// RUN: fuser-opt %s -pass-pipeline='builtin.module(fuser.group(fuser-specialize{device=cuda input-layouts=11,01 index-bitwidth=64}),fuser-to-nvvm{toolkit=/usr/local/cuda})' | FileCheck --check-prefix=I64 %s

// The index width of fuser-specialize reaches the kernel: with 32 bits, the
// row/column split and every row offset are 32-bit arithmetic (no 64-bit
// multiply or divide anywhere), pointers still advance in 64 bits; with 64
// bits, the offsets are 64-bit products.

// I32-LABEL: gpu.binary @fuser_kernels
// I32-SAME: .visible .entry bias_scale(
// I32-NOT: mul.lo.s64
// I32-NOT: div.u64
// I32-SAME: div.u32
// I32-SAME: mul.wide.s32
// I32-SAME: ld.global.v4.b32
// I32-SAME: .visible .entry bias_scale_scalar(
// I32-NOT: mul.lo.s64
// I32-NOT: div.u64

// I64-LABEL: gpu.binary @fuser_kernels
// I64-SAME: .visible .entry bias_scale(
// I64-SAME: mul.lo.s64
// I64-SAME: ld.global.v4.b32

fuser.group @bias_scale(%x: tensor<?x?xf32>, %b: tensor<?xf32>, %s: f64) -> tensor<?x?xf32> {
  %y = fuser.add %x, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %z = fuser.mul %y, %s : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  fuser.yield %z : tensor<?x?xf32>
}
