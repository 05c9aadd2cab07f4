// GELU, erf and tanh forms, in f32 and, with f16 .npy inputs, re-typed to f16
// (computed in f32, rounded once to f16). Inputs include NaN, +-10, +-0.5 and
// the minimum of GELU near -0.75.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t/f32 %t/f16
// RUN: %python %S/Inputs/npycheck.py gen gelu_f32 %t/f32
// RUN: fuser-run %s --input %t/f32/x.npy --output %t/f32/out \
// RUN:   | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check gelu_f32 %t/f32
// RUN: %python %S/Inputs/npycheck.py selftest gelu_f32 %t/f32
// RUN: %python %S/Inputs/npycheck.py gen gelu_f16 %t/f16
// RUN: fuser-run %s --input %t/f16/x.npy --output %t/f16/out \
// RUN:   | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check gelu_f16 %t/f16
// RUN: %python %S/Inputs/npycheck.py selftest gelu_f16 %t/f16

// CHECK: wrote {{.*}}out0.npy
// CHECK-NEXT: wrote {{.*}}out1.npy

fuser.group @gelu(%x: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %erf = fuser.gelu %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %tanh = fuser.gelu %x approximate tanh : (tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %erf, %tanh : tensor<?x?xf32>, tensor<?x?xf32>
}
