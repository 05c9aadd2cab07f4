// REQUIRES: cuda-toolkit
// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize{device=cuda}),fuser-to-nvvm{toolkit=/usr/local/cuda})' | FileCheck %s

// f32: each thread of the vector kernel moves 16 bytes with one 128-bit
// access per tensor; the scalar kernel moves one element.
// CHECK-LABEL: gpu.binary @fuser_kernels
// CHECK-SAME: .target sm_90
// CHECK-SAME: .visible .entry scale_add(
// CHECK-SAME: ld.global.v4.b32
// CHECK-SAME: st.global.v4.b32
// CHECK-SAME: .visible .entry scale_add_scalar(
// CHECK-NOT: ld.global.v4
// CHECK-SAME: st.global.b32
fuser.group @scale_add(%x: tensor<?xf32>, %y: tensor<?xf32>, %s: f64)
    -> tensor<?xf32> {
  %0 = fuser.mul %x, %s : (tensor<?xf32>, f64) -> tensor<?xf32>
  %1 = fuser.add %0, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %1 : tensor<?xf32>
}

// -----

// f16: eight lanes per thread, still one 128-bit access; the math runs in
// f32 through libdevice.
// CHECK-LABEL: gpu.binary @fuser_kernels
// CHECK-SAME: .visible .entry gelu16(
// CHECK-SAME: ld.global.v4.b32
// CHECK-SAME: cvt.f32.f16
// CHECK-SAME: st.global.v4.b32
fuser.group @gelu16(%x: tensor<?xf16>) -> tensor<?xf16> {
  %0 = fuser.gelu %x : (tensor<?xf16>) -> tensor<?xf16>
  fuser.yield %0 : tensor<?xf16>
}

// -----

// rand_like becomes Philox-4x32-10 arithmetic: the two multipliers appear as
// constants of 32 x 32 -> 64-bit multiplies (printed as the i64 or the i32
// constant, by the form LLVM picks; ptxas makes each one IMAD.WIDE.U32).
// CHECK-LABEL: gpu.binary @fuser_kernels
// CHECK-SAME: .visible .entry dropout(
// CHECK-SAME: {{3528531795|-766435501}}
// CHECK-SAME: {{3449720151|-845247145}}
fuser.group @dropout(%x: tensor<?xf32>) -> tensor<?xf32> {
  %p = fuser.constant 1.000000e-01 : f64
  %r = fuser.rand_like %x : (tensor<?xf32>) -> tensor<?xf32>
  %k = fuser.gt %r, %p : (tensor<?xf32>, f64) -> tensor<?xi1>
  %m = fuser.type_as %k, %x : (tensor<?xi1>, tensor<?xf32>) -> tensor<?xf32>
  %y = fuser.mul %x, %m : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %y : tensor<?xf32>
}
