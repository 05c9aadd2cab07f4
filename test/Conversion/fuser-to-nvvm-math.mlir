// REQUIRES: cuda-toolkit
// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize{device=cuda}),fuser-to-nvvm{toolkit=/usr/local/cuda})' | FileCheck %s
// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize{device=cuda}),convert-fuser-to-gpu)' | FileCheck --check-prefix=SINCOS %s

// Rounding modes of division lower to the NVPTX rounding conversions (math
// ops without a libdevice lowering go through LLVM intrinsics), for f32 and
// f64.

// CHECK-LABEL: gpu.binary @fuser_kernels
// CHECK-SAME: .visible .entry div_trunc_f32(
// CHECK-SAME: div.rn.f32
// CHECK-SAME: cvt.rzi.f32.f32
fuser.group @div_trunc_f32(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %z = fuser.div %x, %y rounding_mode trunc : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %z : tensor<?xf32>
}

// -----

// CHECK-LABEL: gpu.binary @fuser_kernels
// CHECK-SAME: .visible .entry div_trunc_f64(
// CHECK-SAME: div.rn.f64
// CHECK-SAME: cvt.rzi.f64.f64
fuser.group @div_trunc_f64(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %z = fuser.div %x, %y rounding_mode trunc : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  fuser.yield %z : tensor<?xf64>
}

// -----

// CHECK-LABEL: gpu.binary @fuser_kernels
// CHECK-SAME: .visible .entry div_floor_f64(
// CHECK-SAME: cvt.rmi.f64.f64
fuser.group @div_floor_f64(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %z = fuser.div %x, %y rounding_mode floor : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  fuser.yield %z : tensor<?xf64>
}

// -----

// Square roots are correctly rounded (libdevice's __nv_sqrtf would be
// sqrt.approx.f32), and rsqrt is 1/sqrt with both steps rounded as on the
// CPU.
// CHECK-LABEL: gpu.binary @fuser_kernels
// CHECK-SAME: .visible .entry roots(
// CHECK-NOT: approx.f32
// CHECK-SAME: sqrt.rn.f32
// CHECK-SAME: rcp.rn.f32
// CHECK-NOT: approx.f32
// CHECK-SAME: .visible .entry roots_scalar(
fuser.group @roots(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %s = fuser.sqrt %x : (tensor<?xf32>) -> tensor<?xf32>
  %r = fuser.rsqrt %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %s, %r : tensor<?xf32>, tensor<?xf32>
}

// -----

// Functions the emitter calls by name (lgamma) resolve in libdevice: the
// PTX declares nothing external (no C-interface wrapper names).
// CHECK-LABEL: gpu.binary @fuser_kernels
// CHECK-NOT: .extern
// CHECK-NOT: _mlir_ciface
// CHECK-SAME: .visible .entry lgamma_f64(
// CHECK-NOT: .extern
// CHECK-SAME: .visible .entry lgamma_f64_scalar(
fuser.group @lgamma_f64(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = fuser.lgamma %x : (tensor<?xf64>) -> tensor<?xf64>
  fuser.yield %y : tensor<?xf64>
}

// -----

// sin and cos of one operand share one libdevice sincos call (one argument
// reduction), inlined like the others. SINCOS checks the kernel before
// translation: one call per lane, no separate sin or cos.
// SINCOS-LABEL: gpu.func @sin_and_cos(
// SINCOS-NOT: math.sin
// SINCOS-NOT: math.cos
// SINCOS-COUNT-4: llvm.call @__nv_sincosf
// SINCOS-NOT: math.sin
// SINCOS-LABEL: gpu.func @sin_and_cos_scalar(
// SINCOS: llvm.call @__nv_sincosf
// CHECK-LABEL: gpu.binary @fuser_kernels
// CHECK-NOT: .extern
// CHECK-NOT: sincos
// CHECK-SAME: .visible .entry sin_and_cos(
fuser.group @sin_and_cos(%x: tensor<?xf32>) -> tensor<?xf32> {
  %s = fuser.sin %x : (tensor<?xf32>) -> tensor<?xf32>
  %c = fuser.cos %x : (tensor<?xf32>) -> tensor<?xf32>
  %r = fuser.add %s, %c : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %r : tensor<?xf32>
}
